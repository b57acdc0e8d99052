/// Keeps the analysis-rate samples of one span of a file as the full pass streams it by, so that what
/// reads the centred excerpt (the descriptors) needs no second decode when no excerpt pass ran. Its
/// buffer is reserved once, at most the span's length (30 s at 22050 Hz: 2.6 MB).
struct SpanCapture: Sendable {
    /// The span, in seconds of the file.
    let span: Excerpt
    let sampleRate: Int
    private let firstSample: Int
    private let endSample: Int
    /// Samples of the stream seen so far.
    private var position = 0
    private(set) var samples: [Float] = []

    init(span: Excerpt, sampleRate: Int) {
        self.span = span
        self.sampleRate = sampleRate
        let rate = Double(sampleRate)
        firstSample = max(0, Int((span.startSeconds * rate).rounded()))
        endSample = firstSample + max(0, Int((span.durationSeconds * rate).rounded()))
        samples.reserveCapacity(endSample - firstSample)
    }

    /// Takes the part of the next block of the stream that lies in the span.
    mutating func add(_ block: [Float]) {
        let blockEnd = position + block.count
        defer { position = blockEnd }
        let lower = max(position, firstSample)
        let upper = min(blockEnd, endSample)
        guard lower < upper else { return }
        samples.append(contentsOf: block[(lower - position)..<(upper - position)])
    }

    /// The samples kept, with the time of the first one; nil when the stream never reached the span.
    var captured: CapturedSpan? {
        samples.isEmpty ? nil : CapturedSpan(startSeconds: span.startSeconds, sampleRate: sampleRate, samples: samples)
    }
}

/// Analysis-rate samples of a span of the file and where the span starts.
struct CapturedSpan: Sendable {
    var startSeconds: Double
    var sampleRate: Int
    var samples: [Float]
}
