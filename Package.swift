// swift-tools-version:6.2
import PackageDescription

/// Upcoming features every Restock target opts into, so the code reads the same everywhere.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "restock",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "restockd", targets: ["restockd"]),
        .executable(name: "restock-bench", targets: ["restock-bench"]),
        .executable(name: "restock-fuzz", targets: ["restock-fuzz"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-configuration.git", from: "1.4.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-async-algorithms.git", from: "1.1.4"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-system.git", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
    ],
    targets: [
        // C libraries, each seen only by its Swift wrapper.
        .systemLibrary(
            name: "CLibPQ", pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"])]),
        .systemLibrary(
            name: "CCurl", pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(
            name: "CSystemd", pkgConfig: "libsystemd",
            providers: [.apt(["libsystemd-dev"])]),
        // libFuzzer's driver entry point, declared only: `.ci/fuzz` links the runtime.
        .systemLibrary(name: "CLibFuzzer"),

        // A thread of our own for each blocking C handle (libpq, libcurl).
        .target(name: "Threading", swiftSettings: swiftSettings),
        .target(
            name: "LibPQ",
            dependencies: [
                "CLibPQ", "Threading",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings),
        .target(
            name: "Systemd",
            dependencies: [
                "CSystemd",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "AsyncAlgorithms", package: "swift-async-algorithms"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings),
        .target(
            name: "Curl",
            dependencies: [
                "CCurl", "Threading",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings),
        .target(
            name: "RestockCore",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: swiftSettings),
        .target(
            name: "RestockMail",
            dependencies: [
                "RestockCore", "Curl",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Logging", package: "swift-log"),
            ],
            // The shipped email templates, compiled in: the binary needs no template directory.
            resources: [.embedInCode("Templates/BuiltIn")],
            swiftSettings: swiftSettings),
        .target(
            name: "RestockStore",
            dependencies: [
                "RestockCore", "LibPQ",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings),
        .target(
            name: "RestockEngine",
            dependencies: [
                "RestockCore", "RestockMail", "Curl",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "AsyncAlgorithms", package: "swift-async-algorithms"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
            ],
            swiftSettings: swiftSettings),
        .target(
            name: "RestockHTTP",
            dependencies: [
                "RestockCore", "RestockEngine", "RestockMail",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            swiftSettings: swiftSettings),
        .executableTarget(
            name: "restockd",
            dependencies: [
                "RestockCore", "RestockStore", "RestockEngine", "RestockHTTP", "RestockMail", "Curl", "Systemd",
                // The PostgreSQL pool is one of the daemon's services (App+build.swift).
                "LibPQ",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "SystemPackage", package: "swift-system"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "AsyncAlgorithms", package: "swift-async-algorithms"),
            ],
            swiftSettings: swiftSettings),
        .executableTarget(
            name: "restock-bench",
            dependencies: [
                "RestockCore", "RestockStore", "RestockEngine", "RestockHTTP", "RestockMail", "Curl", "LibPQ",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                // stats-90d fills its SQLite scratch file with bulk SQL, as it does PostgreSQL's.
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: swiftSettings),

        // The fuzz targets (README "Fuzzing"): one function per decoder, verifier or encoder that
        // meets outside bytes; `restock-fuzz` runs them under libFuzzer or replays files.
        .target(
            name: "RestockFuzzTargets",
            dependencies: [
                "RestockCore", "RestockMail", "RestockHTTP",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings),
        .executableTarget(
            name: "restock-fuzz",
            dependencies: ["RestockFuzzTargets", "CLibFuzzer"],
            swiftSettings: swiftSettings),

        // Shared by the test targets: store factories, a notify socket, a daemon launcher.
        .target(
            name: "RestockTestSupport",
            dependencies: [
                "RestockCore", "RestockStore", "LibPQ",
                // To change a SQLite file behind the store's back, as another program would.
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            path: "Tests/RestockTestSupport",
            swiftSettings: swiftSettings),
        .testTarget(
            name: "RestockCoreTests",
            dependencies: ["RestockCore", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "RestockFuzzTests", dependencies: ["RestockFuzzTargets"], swiftSettings: swiftSettings),
        .testTarget(
            name: "LibPQTests", dependencies: ["LibPQ"], swiftSettings: swiftSettings),
        .testTarget(
            name: "CurlTests", dependencies: ["Curl", "RestockTestSupport"], swiftSettings: swiftSettings),
        .testTarget(
            name: "RestockMailTests",
            dependencies: [
                "RestockMail", "RestockCore", "Curl", "RestockTestSupport",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "SystemdTests",
            dependencies: [
                "Systemd", "RestockTestSupport",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "ServiceLifecycleTestKit", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "RestockStoreTests",
            dependencies: [
                "RestockStore", "RestockCore", "LibPQ", "RestockTestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "RestockdTests",
            dependencies: [
                "restockd", "RestockCore", "RestockStore", "RestockEngine", "RestockHTTP", "RestockMail", "Curl", "Systemd",
                "RestockTestSupport",
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "ServiceLifecycleTestKit", package: "swift-service-lifecycle"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: swiftSettings),
    ]
)
