// swift-tools-version: 6.1
import PackageDescription

/// Upcoming language features on for every target: imports say what each file uses
/// (MemberImportVisibility, InternalImportsByDefault) and existentials are spelled `any`.
let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "advisor",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "advisor", targets: ["advisor"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        // MARK: Pure core

        /** Regions, catalogue, callability, datasets, scoring. No I/O of any kind. */
        .target(name: "AdvisorCore"),

        // MARK: System libraries (one Swift target each reaches them)

        // Headers only: libcrypto itself is loaded with dlopen when a command first hashes or signs (shim.h says why).
        .systemLibrary(name: "COpenSSL", providers: [.apt(["libssl-dev"])]),
        // Headers only: libcurl itself is loaded with dlopen when a command first needs it (shim.h says why).
        .systemLibrary(name: "CCurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        // CloudTrail delivers its logs to S3 gzipped; zlib is the system library libcurl already links.
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),

        // libyaml (upstream acd6f6f, as Yams 6.2.2 vendors it) (parser side only), owned here so the module the YAML
        // reader imports is declared (Yams's own CYaml is not a product) and no Swift YAML layer is
        // linked that nothing uses. MIT; Vendor/libyaml/LICENSE.
        .target(
            name: "CLibYAML",
            path: "Vendor/libyaml",
            exclude: ["LICENSE", "README.md"],
            sources: ["src"],
            publicHeadersPath: "include",
            cSettings: [.define("YAML_DECLARE_STATIC")]
        ),

        // MARK: Edges

        /** SHA-256 and HMAC-SHA256 on the system libcrypto. */
        .target(name: "AdvisorCrypto", dependencies: ["AdvisorCore", "COpenSSL"]),

        /** Readers of files (catalogue JSON, dataset CSV) and the fixtures embedded in the binary. */
        .target(
            name: "AdvisorFormats",
            dependencies: [
                "AdvisorCore", "CZlib", "CLibYAML",
            ]),
        /** Pure writers: text tables, JSON, Markdown. */
        .target(name: "AdvisorReporting", dependencies: ["AdvisorCore"]),
        /** The SQLite store (GRDB on the system libsqlite3): values in and out; it reads no file format. */
        .target(
            name: "AdvisorStore",
            dependencies: [
                "AdvisorCore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ]),

        /** The live path: SigV4, the AWS event stream, ConverseStream events, errors, credentials, HTTP over libcurl. */
        .target(name: "AdvisorProbe", dependencies: ["AdvisorCore", "AdvisorCrypto", "CCurl"]),

        // MARK: Application

        /** Each use case once (ingest, probe, verify, the policy assessment, catalogue import), on the libraries. */
        .target(
            name: "AdvisorApp",
            dependencies: [
                "AdvisorCore", "AdvisorFormats", "AdvisorStore", "AdvisorCrypto", "AdvisorProbe", "AdvisorReporting",
            ]),

        // MARK: Command line

        /** The `advisor` tool: flags, one use case of AdvisorApp, printing through AdvisorReporting (values from AdvisorCore). */
        .executableTarget(
            name: "advisor",
            dependencies: [
                "AdvisorApp", "AdvisorCore", "AdvisorReporting",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),

        // MARK: Tests

        /** Paths to Fixtures/ and ../shared, golden files, temporary directories. */
        .target(name: "AdvisorTestSupport", path: "Tests/AdvisorTestSupport"),
        /** Fuzz targets for every reader and a mutator: run bounded in the tests, long by advisor-fuzz. */
        .target(name: "AdvisorFuzzing", dependencies: ["AdvisorCore", "AdvisorFormats", "AdvisorProbe"], path: "Tests/AdvisorFuzzing"),
        .executableTarget(name: "advisor-fuzz", dependencies: ["AdvisorFuzzing"], path: "Tests/FuzzRunner"),
        .testTarget(name: "AdvisorCoreTests", dependencies: ["AdvisorCore", "AdvisorFormats", "AdvisorTestSupport"]),
        .testTarget(name: "AdvisorFormatsTests", dependencies: ["AdvisorFormats", "AdvisorFuzzing", "AdvisorTestSupport"]),
        .testTarget(name: "AdvisorReportingTests", dependencies: ["AdvisorReporting", "AdvisorFormats", "AdvisorTestSupport"]),
        .testTarget(
            name: "AdvisorStoreTests",
            dependencies: ["AdvisorStore", "AdvisorApp", "AdvisorTestSupport", .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(
            name: "AdvisorAppTests", dependencies: ["AdvisorApp", "AdvisorStore", "AdvisorFormats", "AdvisorProbe", "AdvisorTestSupport"]),
        .testTarget(name: "AdvisorCryptoTests", dependencies: ["AdvisorCrypto"]),
        .testTarget(name: "AdvisorProbeTests", dependencies: ["AdvisorProbe", "AdvisorTestSupport"]),
        .testTarget(
            name: "AdvisorCLITests",
            dependencies: ["advisor", "AdvisorApp", "AdvisorCore", "AdvisorFormats", "AdvisorProbe", "AdvisorStore", "AdvisorTestSupport"]),
    ]
)

for target in package.targets where target.type != .system {
    target.swiftSettings = (target.swiftSettings ?? []) + strictSettings
}
