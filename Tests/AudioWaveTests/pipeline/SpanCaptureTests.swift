import Testing

@testable import AudioWave

@Suite("Keeping the excerpt's samples from the full pass")
struct SpanCaptureTests {
    @Test("blocks of any size: exactly the span's samples, in order, whatever the block edges")
    func keepsTheSpan() {
        let stream = (0..<1000).map(Float.init)
        for blockSize in [1, 7, 64, 250, 1000] {
            // 0.2 s from 0.3 s at 1000 Hz: samples 300..<500.
            var capture = SpanCapture(span: Excerpt(startSeconds: 0.3, durationSeconds: 0.2), sampleRate: 1000)
            for start in stride(from: 0, to: stream.count, by: blockSize) {
                capture.add(Array(stream[start..<min(start + blockSize, stream.count)]))
            }
            let captured = capture.captured
            #expect(captured?.samples == Array(stream[300..<500]), "block size \(blockSize)")
            #expect(captured?.startSeconds == 0.3 && captured?.sampleRate == 1000)
        }
    }

    @Test("a stream that ends inside the span keeps what it had; one that never reaches it keeps nothing")
    func shortStreams() {
        var partial = SpanCapture(span: Excerpt(startSeconds: 0.3, durationSeconds: 0.2), sampleRate: 1000)
        partial.add([Float](repeating: 1, count: 350))
        #expect(partial.captured?.samples.count == 50)
        var none = SpanCapture(span: Excerpt(startSeconds: 0.3, durationSeconds: 0.2), sampleRate: 1000)
        none.add([Float](repeating: 1, count: 300))
        #expect(none.captured == nil)
    }
}
