#!/usr/bin/env python3
"""Independent statistics for advisor's tests: NumPy quantiles and SciPy binomial intervals.

    stats_oracle.py FORMAT FILE [SOURCE PROFILE]

FORMAT is csv (advisor's raw CSV), llmeter (responses.jsonl) or llmperf (individual responses).
Prints {"source|profile": {"n": .., "errors": {..}, "ttfb": {...}, "total": {...}}} as JSON.
Shares no code with advisor: it reads each format itself.
"""
import csv
import json
import re
import sys

import numpy as np
from scipy.stats import binom


def records(fmt, path, source, profile):
    if fmt == "csv":
        with open(path, newline="") as f:
            for row in csv.DictReader(f):
                yield (row["source_region"], row["profile"], row.get("status") or "ok",
                       row["ttfb_ms"], row["total_ms"])
    elif fmt == "llmeter":
        for line in open(path):
            if not line.strip():
                continue
            r = json.loads(line)
            err = r.get("error")
            status = "ok" if err is None else (re.search(r"\b([A-Z][A-Za-z]*Exception)\b", err) or [None, "error"])[1]
            ttft, ttlt = r.get("time_to_first_token"), r.get("time_to_last_token")
            yield (source, profile, status, "" if ttft is None else ttft * 1000, "" if ttlt is None else ttlt * 1000)
    elif fmt == "llmperf":
        for r in json.load(open(path)):
            failed = r.get("error_code") is not None or bool(r.get("error_msg"))
            if failed:
                m = re.search(r"\b([A-Z][A-Za-z]*Exception)\b", r.get("error_msg") or "")
                yield (source, profile, m.group(1) if m else "error_%s" % r["error_code"], "", "")
            else:
                yield (source, profile, "ok", r["ttft_s"] * 1000, r["end_to_end_latency_s"] * 1000)


def summary(values):
    if not values:
        return None
    x = np.sort(np.array(values, dtype=float))
    n = len(x)
    out = {k: float(np.percentile(x, q)) for k, q in (("p50", 50), ("p90", 90), ("p95", 95), ("p99", 99))}
    out["max"] = float(x[-1])
    lower = 0
    for k in range(1, n + 1):
        if binom.cdf(k - 1, n, 0.5) <= 0.025:
            lower = k
        else:
            break
    out["p50_ci"] = [float(x[lower - 1]), float(x[n - lower])] if n >= 6 and lower >= 1 else None
    return out


def main():
    fmt, path = sys.argv[1], sys.argv[2]
    source, profile = (sys.argv[3], sys.argv[4]) if len(sys.argv) > 4 else (None, None)
    groups = {}
    for src, prof, status, ttfb, total in records(fmt, path, source, profile):
        g = groups.setdefault(src + "|" + prof, {"n": 0, "errors": {}, "ttfb": [], "total": []})
        if status == "ok":
            g["n"] += 1
            g["ttfb"].append(float(ttfb))
            g["total"].append(float(total))
        else:
            g["errors"][status] = g["errors"].get(status, 0) + 1
    print(json.dumps({k: {"n": g["n"], "errors": g["errors"], "ttfb": summary(g["ttfb"]), "total": summary(g["total"])}
                      for k, g in groups.items()}))


if __name__ == "__main__":
    main()
