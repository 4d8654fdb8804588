#!/usr/bin/env python3
"""The benchmark suite behind `make bench`: builds the self-contained release binary and measures
advisor against what a user would use instead, each figure beside its anchor measured in the same
run, then rewrites the section of BENCHMARKS.md between its `make bench` markers.

    make bench                      # the full suite (1,000,000 rows; 1,000 / 10,000 / 100,000 services)
    python3 scripts/bench/run.py --small --no-write   # what CI runs: the suite at a reduced size, nothing written

Figures (issue 14): 1 cold `advisor recommend` against `sqlite3 STORE 'select 1'`, with the floors of
a static Swift process (scripts/bench/floor); 2 ingest of N raw rows plus `advisor stats` against
`sqlite3 -csv .import`; 3 `advisor check` at growing sizes; 4 probe fidelity against curl and boto3
and 5 probe client CPU against boto3, with curl's as its floor (both probe_timing_bench.py).
Medians of interleaved runs. Not a test: nothing here passes or fails, CI times nothing.
"""
import argparse, datetime, json, os, platform, re, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BEGIN, END = "<!-- make bench: begin -->", "<!-- make bench: end -->"


def run_process(argv, env=None):
    start = time.perf_counter()
    process = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{argv} failed: {process.stderr.read().decode()}")
    return wall, usage.ru_maxrss / 1024


def median(values):
    return sorted(values)[len(values) // 2]


def release_build(*arguments):
    """The path scripts/release.sh prints: advisor's release binary, or a floor's built the same way."""
    return subprocess.run(["bash", "scripts/release.sh", *arguments], check=True, capture_output=True,
                          text=True).stdout.strip().splitlines()[-1]


def startup(binary, runs):
    home = tempfile.mkdtemp(prefix="advisor-startup-")
    env = dict(os.environ, ADVISOR_HOME=home)
    subprocess.run([binary, "datasets"], env=env, check=True, stdout=subprocess.DEVNULL)
    store = os.path.join(home, "advisor.sqlite")
    # The standard library alone, and the whole of Foundation (scripts/bench/floor says why that much).
    floors = {name: release_build("--package-path", "scripts/bench/floor", "--product", name)
              for name in ("hello-stdlib", "hello-foundation")}
    commands = {"recommend": [binary, "recommend", "--source", "eu-central-1", "--as-of", "2026-12-01"],
                "version": [binary, "--version"], "sqlite3": ["sqlite3", store, "select 1"],
                "hello-stdlib": [floors["hello-stdlib"]], "hello-foundation": [floors["hello-foundation"]]}
    results = {name: [] for name in commands}
    for _ in range(runs):  # interleaved, so a slow moment of the machine falls on every figure
        for name, argv in commands.items():
            results[name].append(run_process(argv, env))
    return {name: (median([r[0] for r in rs]), max(r[1] for r in rs)) for name, rs in results.items()}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--small", action="store_true", help="reduced sizes, to keep the suite working in CI")
    parser.add_argument("--no-write", action="store_true", help="print the section instead of rewriting BENCHMARKS.md")
    args = parser.parse_args()
    os.chdir(ROOT)
    binary = release_build()
    rows, sizes, runs, repeat = (20_000, "200,2000", 5, 1) if args.small else (1_000_000, "1000,10000,100000", 21, 3)
    work = tempfile.mkdtemp(prefix="advisor-bench-")
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], capture_output=True, text=True).stdout.strip()
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), platform.processor())
    out = [BEGIN, "", "## Current figures (`make bench`)", "",
           f"Written by `{'python3 scripts/bench/run.py' + (' --small' if args.small else '')}` (what `make bench` runs) on "
           f"{datetime.date.today().isoformat()}, commit {commit}{' with uncommitted changes' if dirty else ''}, "
           f"{os.cpu_count()} × {cpu}, {platform.system()} {platform.release()}; release binary built by scripts/release.sh "
           f"(static Swift runtime). Medians of interleaved runs; each figure's anchor was measured in the same run.", ""]

    s = startup(binary, runs)
    ratio = s["recommend"][0] / s["sqlite3"][0]
    out += ["### 1. Start-up: a cold `advisor recommend --source eu-central-1`", "",
            "| command | median wall | peak RSS |", "|---|---:|---:|",
            f"| `advisor recommend --source eu-central-1` | {s['recommend'][0] * 1000:.1f} ms | {s['recommend'][1]:.0f} MiB |",
            f"| `advisor --version` | {s['version'][0] * 1000:.1f} ms | {s['version'][1]:.0f} MiB |",
            f"| anchor: `sqlite3 STORE 'select 1'` | {s['sqlite3'][0] * 1000:.1f} ms | {s['sqlite3'][1]:.0f} MiB |",
            f"| floor: static Swift hello world, standard library only | {s['hello-stdlib'][0] * 1000:.1f} ms | {s['hello-stdlib'][1]:.0f} MiB |",
            f"| floor: static Swift hello world using Foundation (DateFormatter) | {s['hello-foundation'][0] * 1000:.1f} ms | {s['hello-foundation'][1]:.0f} MiB |", "",
            f"recommend / sqlite3: **{ratio:.1f}x** ({runs} runs each); target at most 2x: "
            + ("met." if ratio <= 2 else f"**not met**, by {ratio / 2:.1f}x."),
            f"The floors are built as the release binary is (scripts/release.sh on scripts/bench/floor). A Swift process that "
            f"links the whole of Foundation with ICU, as GRDB's Date storage (DateFormatter) and advisor's own String(format:) make it do, takes "
            f"{s['hello-foundation'][0] / s['sqlite3'][0]:.1f}x sqlite3's time to print one line; recommend / that floor: "
            f"{s['recommend'][0] / s['hello-foundation'][0]:.1f}x.", ""]

    ingest_json = os.path.join(work, "ingest.json")
    ingest = subprocess.run([sys.executable, "scripts/bench/ingest_bench.py", "--rows", str(rows), "--binary", binary,
                             "--repeat", str(repeat), "--json", ingest_json], check=True, capture_output=True, text=True).stdout
    figures = json.load(open(ingest_json))
    out += [f"### 2. `advisor ingest` of {rows:,} raw rows, then `advisor stats`, against `sqlite3 -csv .import`", "", ingest.strip(), "",
            f"(ingest + stats) / import: **{figures['both_ratio']:.2f}x**; target at most 1.1x with peak RSS under 200 MB: "
            + ("met." if figures["both_ratio"] <= 1.1 and figures["peak_rss_mib"] < 200 else
               f"**not met** ({figures['both_ratio']:.2f}x, peak {figures['peak_rss_mib']:.0f} MiB)."), ""]

    check_json = os.path.join(work, "check.json")
    check = subprocess.run([sys.executable, "scripts/bench/check_bench.py", "--binary", binary, "--repeat", str(repeat),
                            "--sizes", sizes, "--json", check_json], check=True, capture_output=True, text=True).stdout
    checks = json.load(open(check_json))
    at = {c["services"]: c for c in checks}
    verdict = ""
    if 10000 in at:
        verdict = (f"at 10,000 services **{at[10000]['wall_s']:.2f} s**; target under 0.5 s: "
                   + ("met." if at[10000]["wall_s"] < 0.5 else f"**not met**, by {at[10000]['wall_s'] / 0.5:.1f}x."))
    out += ["### 3. `advisor check` with every built-in rule", "", check.strip(), "", verdict, ""]

    probe = subprocess.run([sys.executable, "scripts/bench/probe_timing_bench.py", "--binary", binary, "--calls", "30" if not args.small else "10",
                            "--cost-calls", "500" if not args.small else "50"], capture_output=True, text=True)
    cost = re.search(r"ratio ([0-9.]+)", probe.stdout)
    floor = re.search(r"curl / boto3 ([0-9.]+)", probe.stdout)
    out += ["### 4. Probe fidelity (fake endpoint, 300 ms before the first byte)", "",
            ("```text\n" + probe.stdout.strip() + "\n```") if probe.returncode == 0 else f"not measured in this run: {probe.stderr.strip()[-300:]}", "",
            "Target: within 0.5 ms of curl and closer than boto3 (the reading of these lines is in the section "
            "\"Probe timing\" below; `--new-connection` pays TCP set-up on every call, as the seed lab's script did).", "",
            "### 5. Probe client cost", "",
            (f"The last line of the block above: advisor / boto3 CPU per call, both without start-up = **{float(cost.group(1)):.2f}**; target at most 0.1: "
             + ("met." if float(cost.group(1)) <= 0.1 else f"**not met**, by {float(cost.group(1)) / 0.1:.1f}x.")
             + (f" The floor, curl making the same call with nothing signed, parsed or stored, is {float(floor.group(1)):.2f} of boto3 "
                f"in the same run; advisor / curl: {float(cost.group(1)) / float(floor.group(1)):.1f}x." if floor else ""))
            if cost else "Not measured in this run.", "",
            END]
    section = "\n".join(out) + "\n"
    if args.no_write:
        print(section)
        return
    text = open("BENCHMARKS.md").read()
    if BEGIN in text:
        text = text[:text.index(BEGIN)] + section + text[text.index(END) + len(END) + 1:]
    else:
        first_break = text.index("\n## ") + 1 if "\n## " in text else len(text)
        text = text[:first_break] + section + "\n" + text[first_break:]
    open("BENCHMARKS.md", "w").write(text)
    print("BENCHMARKS.md: the make bench section rewritten")


if __name__ == "__main__":
    main()
