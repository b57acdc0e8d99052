import ArgumentParser
import Testing

@testable import AudioWave
@testable import audiowave

/// Shell completion offers what users type: key profiles, analyses, file names (issue 15, item 10).
@Suite("shell completion")
struct CompletionTests {
    @Test(
        "bash and zsh scripts offer every key profile and complete paths as files",
        arguments: [
            CompletionShell.bash, .zsh,
        ])
    func offersProfilesAndFiles(shell: CompletionShell) {
        let script = AudioWaveCommand.completionScript(for: shell)
        for profile in KeyProfile.allCases {
            #expect(script.contains(profile.rawValue), "\(shell): \(profile.rawValue)")
        }
        #expect(script.contains("--loudness") && script.contains("--log-level"))
        // File completion for the paths: bash uses compgen -f, zsh _files.
        #expect(script.contains(shell == .bash ? "-f" : "_files"))
    }

    @Test("--version prints the one version that reports carry")
    func version() {
        #expect(AudioWaveCommand.configuration.version == AudioWaveVersion.analyzer)
    }
}
