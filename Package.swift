// swift-tools-version:6.0
import PackageDescription

// Every Reel target (not the system libraries) builds with these upcoming features, as Hummingbird's do.
let swiftSettings: [SwiftSetting] = [
    // https://github.com/swiftlang/swift-evolution/blob/main/proposals/0335-existential-any.md
    .enableUpcomingFeature("ExistentialAny"),
    // https://github.com/swiftlang/swift-evolution/blob/main/proposals/0409-access-level-on-imports.md
    .enableUpcomingFeature("InternalImportsByDefault"),
    // https://github.com/swiftlang/swift-evolution/blob/main/proposals/0444-member-import-visibility.md
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "Reel",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "reel", targets: ["reel"]),
        .library(name: "ReelCore", targets: ["ReelCore"]),
        .library(name: "ReelJobs", targets: ["ReelJobs"]),
        .library(name: "ReelService", targets: ["ReelService"]),
        .library(name: "ReelOutput", targets: ["ReelOutput"]),
        .library(name: "ReelHTTP", targets: ["ReelHTTP"]),
        .library(name: "ReelManifest", targets: ["ReelManifest"]),
        .library(name: "ReelMedia", targets: ["ReelMedia"]),
        .library(name: "ReelEncryption", targets: ["ReelEncryption"]),
        .library(name: "ReelQuality", targets: ["ReelQuality"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/vapor/sqlite-nio", from: "1.13.2"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.81.0"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.25.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.25.0"),
    ],
    targets: [
        // System libraries: FFmpeg's six libraries through one module map and a shim header (libavfilter
        // is declared there but linked through CAVFilterLoader).
        .systemLibrary(
            name: "CFFmpeg",
            pkgConfig: "libavformat",
            providers: [
                .apt([
                    "libavformat-dev", "libavcodec-dev", "libavfilter-dev", "libswscale-dev",
                    "libswresample-dev", "libavutil-dev",
                ])
            ]
        ),
        // libavfilter, opened on first use: its own ~30 shared libraries cost every run ~30 ms at
        // start-up, and package-only runs never build a filter graph.
        .target(name: "CAVFilterLoader", dependencies: ["CFFmpeg"], linkerSettings: [.linkedLibrary("dl")]),
        // System libraries: libzip (zip archives) and libcurl (HTTP and S3), with shim headers.
        .systemLibrary(name: "CZip", pkgConfig: "libzip", providers: [.apt(["libzip-dev"])]),
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        // Media layer: the only code that touches FFmpeg pointers.
        .target(
            name: "ReelMedia",
            dependencies: [
                "CFFmpeg", "CAVFilterLoader", "ReelManifest", .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // Manifests: HLS playlists and DASH MPDs from segment facts, pure Swift.
        .target(name: "ReelManifest", swiftSettings: swiftSettings),
        // Quality: the quality report (PSNR and SSIM per rendition and segment), its pooling and its
        // rate–quality chart; pure Swift over per-picture figures.
        .target(name: "ReelQuality", dependencies: ["ReelManifest"], swiftSettings: swiftSettings),
        // Encryption: CENC sample encryption of fMP4 segments (cbcs, cenc), HLS AES-128, DRM
        // signalling boxes; pure Swift over segment bytes.
        .target(
            name: "ReelEncryption",
            dependencies: [
                "ReelManifest",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        // HTTP over libcurl: the web client, the S3 client with SigV4, address pins.
        .target(
            name: "ReelHTTP",
            dependencies: [
                "CCurl",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // Outputs: MultiFileOutput and its backends (directory, zip, S3).
        .target(
            name: "ReelOutput",
            dependencies: [
                "CZip", "ReelHTTP",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // Packaging core: the request, sources, ladders, pipeline, segmenter, progress events, errors.
        .target(
            name: "ReelCore",
            dependencies: [
                "ReelMedia", "ReelManifest", "ReelOutput", "ReelHTTP", "ReelEncryption", "ReelQuality",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: swiftSettings
        ),
        // Jobs: the job model, job stores (SQLite, PostgreSQL), workers, hooks, callbacks, source policy.
        .target(
            name: "ReelJobs",
            dependencies: [
                "ReelCore", "ReelManifest", "ReelOutput", "ReelHTTP",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "SQLiteNIO", package: "sqlite-nio"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: swiftSettings
        ),
        // Service: the Hummingbird HTTP API over the jobs (`reel serve`).
        .target(
            name: "ReelService",
            dependencies: [
                "ReelJobs", "ReelCore", "ReelOutput", "ReelHTTP",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "reel",
            dependencies: [
                "ReelCore", "ReelOutput", "ReelHTTP", "ReelMedia", "ReelManifest", "ReelQuality", "ReelJobs",
                "ReelService", .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "ReelManifestTests", dependencies: ["ReelManifest"], swiftSettings: swiftSettings),
        .testTarget(name: "ReelQualityTests", dependencies: ["ReelQuality"], swiftSettings: swiftSettings),
        .testTarget(
            name: "ReelMediaTests", dependencies: ["ReelMedia", "ReelManifest", "CFFmpeg"], swiftSettings: swiftSettings
        ),
        .testTarget(name: "ReelHTTPTests", dependencies: ["ReelHTTP"], swiftSettings: swiftSettings),
        .testTarget(
            name: "ReelEncryptionTests",
            dependencies: [
                "ReelEncryption", "ReelManifest", "ReelMedia", "ReelTestSupport",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        // Helpers shared by the test targets (the test S3 server, a proxy in front of it, shared media).
        .target(
            name: "ReelTestSupport", dependencies: ["ReelOutput", "ReelHTTP"], path: "Tests/ReelTestSupport",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ReelOutputTests", dependencies: ["ReelOutput", "ReelHTTP", "CZip", "ReelTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ReelCoreTests",
            dependencies: ["ReelCore", "ReelManifest", "ReelMedia", "ReelOutput", "ReelTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ReelJobsTests",
            dependencies: [
                "ReelJobs", "ReelCore", "ReelOutput", "ReelHTTP", "ReelManifest", "ReelQuality", "ReelTestSupport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "SQLiteNIO", package: "sqlite-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ReelServiceTests",
            dependencies: [
                "ReelService", "ReelJobs", "ReelCore", "ReelMedia", "ReelOutput", "ReelHTTP", "ReelTestSupport",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ReelIntegrationTests",
            dependencies: [
                "ReelCore", "ReelMedia", "ReelOutput", "ReelHTTP", "ReelManifest", "ReelQuality", "CZip",
                "ReelTestSupport", .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
