// swift-tools-version:6.0
import PackageDescription

// The libFuzzer target for AudioWave's probe-and-decode path, a package of its own so that the main
// package's `swift build` and `swift test` never see it. `make fuzz` builds and runs it (README.md, "Fuzzing").
let package = Package(
    name: "AudioWaveFuzz",
    dependencies: [.package(name: "AudioWave", path: "..")],
    targets: [
        // libFuzzer's driver entry point, declared for Swift (module map and header only).
        .systemLibrary(name: "CLibFuzzer"),
        .executableTarget(
            name: "audiowave-fuzz",
            dependencies: ["CLibFuzzer", .product(name: "AudioWave", package: "AudioWave")]
        ),
    ]
)
