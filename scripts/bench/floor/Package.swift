// swift-tools-version: 6.1
// The floors of figure 1 (scripts/bench/run.py): what a process built the way advisor's release
// binary is built (scripts/release.sh) pays to start, with the standard library alone and with the
// whole of Foundation and ICU, which advisor's libraries keep linked (hello-foundation says how).
import PackageDescription

let package = Package(
    name: "floor",
    targets: [
        .executableTarget(name: "hello-stdlib"),
        .executableTarget(name: "hello-foundation"),
    ]
)
