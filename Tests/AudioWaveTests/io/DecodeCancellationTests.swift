import Foundation
import Testing

@testable import AudioWave
@testable import AudioWaveIO

@Suite("Decoding stops between blocks when asked")
struct DecodeCancellationTests {
    @Test("a decode asked to stop after two blocks delivers two blocks and throws cancelled, naming the file")
    func stopsWithinOneBlock() throws {
        let path = TestAudio.fixture("tempo/click_120bpm.wav")  // 220 500 frames: 54 blocks of 4096
        var asked = 0
        var delivered = 0
        do {
            try AudioDecoder.streamMono(
                path: path, options: DecodingOptions(sampleRate: nil, blockFrames: 4096),
                isCancelled: {
                    asked += 1
                    return asked > 2
                },
                onSamples: { _ in delivered += 1 })
            Issue.record("the decode ran to the end")
        } catch {
            #expect(error.code == .cancelled)
            #expect(error.path == path && error.reason.contains("8192 of 220500"), "\(error.reason)")
        }
        #expect(delivered == 2 && asked == 3)
    }

    @Test("a cancelled decode is reported as cancelled, not as a bad file")
    func reportCode() {
        #expect(ReportErrorCode(AudioError.Code.cancelled) == .cancelled)
        #expect(AudioError(.cancelled, path: "a.wav", reason: "stopped").isInputError, "it must not open a breaker")
    }
}
