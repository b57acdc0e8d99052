import Foundation
import Synchronization
import Testing

@testable import AudioWave
@testable import AudioWaveIO

@Suite("libsndfile's process-global error state is read under one lock")
struct SndfileErrorStateTests {
    /// The reason of the error opening `path`, nil when it opened.
    static func openFailure(_ path: String) -> String? {
        do {
            _ = try SndfileHandle(path: path)
            return nil
        } catch {
            return error.reason
        }
    }

    @Test("files opened from many threads at once each get their own error, never another file's or 'No Error.'")
    func concurrentOpens() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let good = TestAudio.fixture("tempo/click_120bpm.wav")
        let garbage = TestAudio.fixture("bad/not_audio.wav")
        let zeroRate = try TestAudio.writeWAV(
            [Float](repeating: 0.1, count: 800), sampleRate: 8000, to: directory.file("zero.wav"), headerSampleRate: 0)
        let files = [good, garbage, zeroRate]
        let expected = files.map(Self.openFailure)
        #expect(expected[0] == nil)
        #expect(expected[1]?.contains("Format not recognised") == true, "\(String(describing: expected[1]))")
        #expect(expected[2]?.contains("sample rate 0 Hz") == true, "\(String(describing: expected[2]))")

        // Every thread opens the three files in turn, shifted so that good and bad opens overlap: without
        // the lock, a good open resets the global error (and log) between a failed open and its read.
        let mismatches = Mutex<[String]>([])
        DispatchQueue.concurrentPerform(iterations: 8) { thread in
            for round in 0..<150 {
                let index = (thread + round) % files.count
                let got = Self.openFailure(files[index])
                if got != expected[index] {
                    mismatches.withLock { $0.append("\(files[index]): \(String(describing: got))") }
                }
            }
        }
        let found = mismatches.withLock { $0 }
        #expect(found.isEmpty, "\(found.count) wrong errors, e.g. \(found.prefix(3))")
    }
}
