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
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.2.0"),
        .package(url: "https://github.com/ordo-one/malloc-interposer", from: "1.6.1"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        // `make docs`: DocC catalogues of AudioWave and StageEngine (a plugin: nothing of it is linked).
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    ],
    targets: [
        // C libraries from Debian, wrapped as system-library targets (module maps only).
        .systemLibrary(name: "CSndfile", pkgConfig: "sndfile", providers: [.apt(["libsndfile1-dev"])]),
        .systemLibrary(name: "CFFTW", pkgConfig: "fftw3f", providers: [.apt(["libfftw3-dev"])]),
        .systemLibrary(name: "CSoxr", pkgConfig: "soxr", providers: [.apt(["libsoxr-dev"])]),
        .systemLibrary(name: "CEBUR128", pkgConfig: "libebur128", providers: [.apt(["libebur128-dev"])]),
        // FFmpeg's demuxers, decoders and sample-format converter: the second decoder (io/FFmpegSession.swift).
        // Its headers (Debian: libavformat-dev, libavcodec-dev, libswresample-dev, libavutil-dev) at build time;
        // the libraries are loaded with dlopen when a file first needs them, not linked (Sources/CFFmpeg/loader.c).
        .target(name: "CFFmpeg", linkerSettings: [.linkedLibrary("dl")]),

        // One decoding policy for every configuration (missing keys take defaults, unknown keys are errors).
        .target(name: "ConfigurationDecoding"),

        // The generic staged engine: knows nothing of audio.
        .target(
            name: "StageEngine",
            dependencies: ["ConfigurationDecoding", .product(name: "Histogram", package: "hdrhistogram-swift")]
        ),

        // The audio library, one target per layer; the folders stay under Sources/AudioWave.
        // A dependency that is not listed here is a compile error: report never sees audio types,
        // analysis never sees io, dsp never sees analysis (docs/architecture.md).
        // Paths as the file system sees them: bytes, not necessarily UTF-8 (no other dependency).
        .target(
            name: "AudioWavePaths",
            path: "Sources/AudioWave/paths"
        ),
        .target(
            name: "AudioWaveIO",
            dependencies: ["CSndfile", "CFFmpeg", "CSoxr", "AudioWavePaths"],
            path: "Sources/AudioWave/io"
        ),
        .target(
            name: "AudioWaveDSP",
            dependencies: ["CFFTW", "CEBUR128"],
            path: "Sources/AudioWave/dsp"
        ),
        .target(
            name: "AudioWaveAnalysis",
            dependencies: ["AudioWaveDSP", "ConfigurationDecoding"],
            path: "Sources/AudioWave/analysis"
        ),
        .target(
            name: "AudioWaveReport",
            path: "Sources/AudioWave/report"
        ),
        // TagLib, for `--write-tags`. Its C API in Debian's 1.13 (tag_c.h) reads and writes only title, artist,
        // album, comment, genre, year and track (the property calls came in 2.0), so a small C++ bridge reaches the
        // C++ API and exports plain C functions; this module gives it TagLib's include path and link flags.
        .systemLibrary(name: "CTagLib", pkgConfig: "taglib", providers: [.apt(["libtag1-dev"]), .brew(["taglib"])]),
        .target(name: "CTagLibBridge", dependencies: ["CTagLib"]),
        // BPM and key written into the files' own tags (TagLib): reads reports, never audio.
        .target(
            name: "AudioWaveTags",
            dependencies: ["CTagLibBridge", "AudioWaveReport", "AudioWavePaths"],
            path: "Sources/AudioWave/tags"
        ),
        .target(
            name: "AudioWaveBatch",
            dependencies: ["AudioWaveReport", "AudioWavePaths"],
            path: "Sources/AudioWave/batch"
        ),
        // The pipeline on StageEngine and the public façade (`import AudioWave` is all a user needs).
        .target(
            name: "AudioWave",
            dependencies: [
                "StageEngine", "AudioWaveIO", "AudioWaveDSP", "AudioWaveAnalysis", "AudioWaveReport", "AudioWaveBatch",
                "ConfigurationDecoding", "AudioWavePaths",
                // BPM and key into the files' tags (`TagWriter`).
                "AudioWaveTags",
                // What a service's logging and metrics backends pick up (docs/library.md).
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
            ],
            path: "Sources/AudioWave",
            exclude: ["io", "dsp", "analysis", "report", "batch", "paths", "tags"]
        ),

        .executableTarget(
            name: "audiowave",
            dependencies: [
                "AudioWave",
                "AudioWavePaths",
                "StageEngine",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "audiowave-bench",
            dependencies: [
                "AudioWave",
                "StageEngine",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                // Counts allocations for `audiowave-bench allocations` (preloaded with LD_PRELOAD).
                .product(name: "MallocInterposerSwift", package: "malloc-interposer"),
            ]
        ),

        .testTarget(
            name: "StageEngineTests",
            dependencies: ["StageEngine", .product(name: "Clocks", package: "swift-clocks")]
        ),
        // Library tests, plus CLI tests (cli/) that run the built `audiowave` on fixtures/.
        .testTarget(
            name: "AudioWaveTests",
            dependencies: [
                "AudioWave", "AudioWavePaths", "audiowave",
                .product(name: "MetricsTestKit", package: "swift-metrics"),
            ],
            resources: [.copy("Resources")]
        ),
    ]
)
