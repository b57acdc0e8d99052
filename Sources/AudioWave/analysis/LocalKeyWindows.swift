import AudioWaveDSP

/// Mean chroma of successive windows of audible frames, for the agreement of local keys with the global one.
struct LocalKeyWindows: Sendable {
    /// Audible frames per window.
    let framesPerWindow: Int
    private var sum = [Double](repeating: 0, count: 12)
    private var weight = 0.0
    private var frames = 0
    /// Mean chroma of each complete window (a last window of at least half the length counts too).
    private(set) var means: [[Double]] = []

    init(framesPerWindow: Int) {
        self.framesPerWindow = max(1, framesPerWindow)
    }

    /// Adds one frame already scaled to a maximum of 1 and multiplied by its weight.
    mutating func add(scaledFrame: [Double], weight frameWeight: Double) {
        for i in 0..<12 { sum[i] += scaledFrame[i] }
        weight += frameWeight
        frames += 1
        if frames == framesPerWindow { close() }
    }

    /// Closes the last window when it holds at least half a window.
    mutating func finish() {
        if frames * 2 >= framesPerWindow { close() }
    }

    private mutating func close() {
        if weight > 0 { means.append(sum.map { $0 / weight }) }
        sum = [Double](repeating: 0, count: 12)
        weight = 0
        frames = 0
    }
}
