// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "AudioWave",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "AudioWave", targets: ["AudioWave"]),
        .library(name: "StageEngine", targets: ["StageEngine"]),
        .executable(name: "audiowave", targets: ["audiowave"]),
        .executable(name: "audiowave-bench", targets: ["audiowave-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/pointfreeco/swift-clocks", from: "1.1.1"),
    ],
    targets: [
        // C libraries from Debian, wrapped as system-library targets (module maps only).
        .systemLibrary(name: "CSndfile", pkgConfig: "sndfile", providers: [.apt(["libsndfile1-dev"])]),
        .systemLibrary(name: "CFFTW", pkgConfig: "fftw3f", providers: [.apt(["libfftw3-dev"])]),
        .systemLibrary(name: "CSoxr", pkgConfig: "soxr", providers: [.apt(["libsoxr-dev"])]),
        .systemLibrary(name: "CEBUR128", pkgConfig: "libebur128", providers: [.apt(["libebur128-dev"])]),

        // The generic staged engine: knows nothing of audio.
        .target(name: "StageEngine"),

        // The audio library: io, dsp, analysis, pipeline, report.
        .target(
            name: "AudioWave",
            dependencies: ["StageEngine", "CSndfile", "CFFTW", "CSoxr", "CEBUR128"]
        ),

        .executableTarget(
            name: "audiowave",
            dependencies: [
                "AudioWave",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "audiowave-bench",
            dependencies: [
                "AudioWave",
                "StageEngine",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        .testTarget(
            name: "StageEngineTests",
            dependencies: ["StageEngine", .product(name: "Clocks", package: "swift-clocks")]
        ),
        // Library tests, plus CLI tests (cli/) that run the built `audiowave` on fixtures/.
        .testTarget(
            name: "AudioWaveTests",
            dependencies: ["AudioWave", "audiowave"],
            resources: [.copy("Resources")]
        ),
    ]
)
