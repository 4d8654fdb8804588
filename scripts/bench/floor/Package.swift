// swift-tools-version: 6.1
// The floors of figure 1 (scripts/bench/run.py): the least a process built the way advisor's release
// binary is built (scripts/release.sh) pays to start, with the standard library alone and with
// Foundation, which advisor cannot drop (GRDB and Yams import it).
import PackageDescription

let package = Package(
    name: "floor",
    targets: [
        .executableTarget(name: "hello-stdlib"),
        .executableTarget(name: "hello-foundation"),
    ]
)
