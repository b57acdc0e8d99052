// swift-tools-version:6.0
import PackageDescription

// An ingest service on AudioWave: Hummingbird for HTTP, swift-service-lifecycle for graceful shutdown,
// swift-prometheus for `GET /metrics`. It depends on the AudioWave package two folders up by path.
let package = Package(
    name: "IngestService",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "ingest-service", targets: ["IngestService"])
    ],
    dependencies: [
        // Named: a path dependency is otherwise known by its folder name, which differs between clones.
        .package(name: "AudioWave", path: "../.."),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
    ],
    targets: [
        // The routes, configuration and service wiring: a library so the tests can build the app in-process.
        .target(
            name: "IngestCore",
            dependencies: [
                .product(name: "AudioWave", package: "AudioWave"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
            ]
        ),
        .executableTarget(
            name: "IngestService",
            dependencies: ["IngestCore"]
        ),
        .testTarget(
            name: "IngestServiceTests",
            dependencies: [
                "IngestCore",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]
        ),
    ]
)
