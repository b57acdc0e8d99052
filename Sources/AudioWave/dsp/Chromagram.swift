/// A chromagram: twelve pitch-class energies per analysis frame.
///
/// Values are stored frame-major: `values[frame * 12 + pitchClass]`, pitch class 0 = C,
/// 1 = C#, …, 11 = B. Frames are `hopLength` samples apart at `sampleRate`.
public struct Chromagram: Sendable, Hashable {
    /// Number of pitch classes per frame (always 12).
    public static let pitchClassCount = 12
    /// Frame-major pitch-class energies, `frameCount * 12` values.
    public var values: [Float]
    /// Number of frames.
    public var frameCount: Int { values.count / Chromagram.pitchClassCount }
    /// Sample rate of the analysed signal, in Hz.
    public var sampleRate: Double
    /// Distance between frames, in samples.
    public var hopLength: Int
    /// Estimated deviation of the signal's tuning from A440, in cents (−50 ..< 50).
    public var tuningCents: Double
    /// Per frame, the share of its power in prominent spectral peaks (``TonalPeakShare``), in 0...1; empty
    /// when not measured.
    public var tonalShare: [Float]
    /// Per frame, the share of its prominent peaks' power in harmonic relations (``HarmonicPeakShare``), in 0...1,
    /// negative for a frame not judged; empty when not measured.
    public var harmonicShare: [Float]

    /// Creates a chromagram from frame-major values.
    public init(
        values: [Float], sampleRate: Double, hopLength: Int, tuningCents: Double, tonalShare: [Float] = [],
        harmonicShare: [Float] = []
    ) {
        self.values = values
        self.sampleRate = sampleRate
        self.hopLength = hopLength
        self.tuningCents = tuningCents
        self.tonalShare = tonalShare
        self.harmonicShare = harmonicShare
    }

    /// Frames 0, n, 2n, … (the hop becomes n × hop); `n` ≤ 1 returns the chromagram itself.
    public func everyFrame(_ stride: Int) -> Chromagram {
        guard stride > 1 else { return self }
        return Chromagram(
            values: FrameMajor.everyFrame(stride, of: values, width: Chromagram.pitchClassCount),
            sampleRate: sampleRate, hopLength: hopLength * stride, tuningCents: tuningCents,
            tonalShare: FrameMajor.everyFrame(stride, of: tonalShare, width: 1),
            harmonicShare: FrameMajor.everyFrame(stride, of: harmonicShare, width: 1))
    }

    /// The twelve values of one frame.
    public func frame(_ index: Int) -> ArraySlice<Float> {
        values[(index * Chromagram.pitchClassCount)..<((index + 1) * Chromagram.pitchClassCount)]
    }
}
