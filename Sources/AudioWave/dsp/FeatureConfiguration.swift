/// How the feature layer analyses a mono signal: frame grid, mel bank, MFCC, spectral options.
///
/// Defaults follow librosa: 22050 Hz, 2048-sample Hann frames every 512 samples, centred with zero padding,
/// 128 Slaney mel bands, 20 MFCCs. JSON keys are snake_case.
public struct FeatureConfiguration: Sendable, Codable, Hashable {
    /// Sample rate of the analysed signal, in Hz. Default 22050.
    public var sampleRate: Double = 22050
    /// FFT size and frame length, in samples (even). Default 2048.
    public var frameLength: Int = 2048
    /// Distance between frames, in samples. Default 512.
    public var hopLength: Int = 512
    /// Analysis window. Default Hann.
    public var window: Window = .hann
    /// Number of mel bands. Default 128.
    public var melBandCount: Int = 128
    /// Number of MFCCs per frame (≤ `melBandCount`). Default 20.
    public var mfccCount: Int = 20
    /// Roll-off fraction of the spectral energy, in `(0, 1)`. Default 0.85.
    public var rolloffPercent: Double = 0.85
    /// Number of octave bands of spectral contrast above `contrastMinimumFrequencyHz`. Default 6.
    public var contrastBandCount: Int = 6
    /// Upper edge of the lowest contrast band, in Hz. Default 200.
    public var contrastMinimumFrequencyHz: Double = 200
    /// Whether chroma uses an estimated tuning (librosa's behaviour) or A440. Default true.
    public var estimatesTuning: Bool = true
    /// Keep only spectral peaks before computing chroma, which emphasises harmonic content for key
    /// estimation (not librosa's default). Default false.
    public var chromaHarmonicEmphasis: Bool = false
    /// Every n-th frame's spectral peaks vote for the tuning (frames 0, n, 2n, …). Default 1, every frame as
    /// in librosa; the analysis pipeline uses 4, as its key reads the chroma of every 4th frame
    /// (``FeatureScope/keyFrameStride``), and the tuning is a statistic of the whole signal.
    public var tuningFrameStride: Int = 1

    /// The librosa-compatible defaults.
    public static let standard = FeatureConfiguration()

    /// Creates a configuration with the defaults.
    public init() {}

    enum CodingKeys: String, CodingKey {
        case sampleRate = "sample_rate"
        case frameLength = "frame_length"
        case hopLength = "hop_length"
        case window
        case melBandCount = "mel_band_count"
        case mfccCount = "mfcc_count"
        case rolloffPercent = "rolloff_percent"
        case contrastBandCount = "contrast_band_count"
        case contrastMinimumFrequencyHz = "contrast_minimum_frequency_hz"
        case estimatesTuning = "estimates_tuning"
        case chromaHarmonicEmphasis = "chroma_harmonic_emphasis"
        case tuningFrameStride = "tuning_frame_stride"
    }

    /// Decodes a configuration; a missing key keeps its default, so `{}` is the standard configuration.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = FeatureConfiguration()
        sampleRate = try container.decodeIfPresent(Double.self, forKey: .sampleRate) ?? defaults.sampleRate
        frameLength = try container.decodeIfPresent(Int.self, forKey: .frameLength) ?? defaults.frameLength
        hopLength = try container.decodeIfPresent(Int.self, forKey: .hopLength) ?? defaults.hopLength
        window = try container.decodeIfPresent(Window.self, forKey: .window) ?? defaults.window
        melBandCount = try container.decodeIfPresent(Int.self, forKey: .melBandCount) ?? defaults.melBandCount
        mfccCount = try container.decodeIfPresent(Int.self, forKey: .mfccCount) ?? defaults.mfccCount
        rolloffPercent = try container.decodeIfPresent(Double.self, forKey: .rolloffPercent) ?? defaults.rolloffPercent
        contrastBandCount =
            try container.decodeIfPresent(Int.self, forKey: .contrastBandCount) ?? defaults.contrastBandCount
        contrastMinimumFrequencyHz =
            try container.decodeIfPresent(Double.self, forKey: .contrastMinimumFrequencyHz)
            ?? defaults.contrastMinimumFrequencyHz
        estimatesTuning = try container.decodeIfPresent(Bool.self, forKey: .estimatesTuning) ?? defaults.estimatesTuning
        chromaHarmonicEmphasis =
            try container.decodeIfPresent(Bool.self, forKey: .chromaHarmonicEmphasis) ?? defaults.chromaHarmonicEmphasis
        tuningFrameStride =
            try container.decodeIfPresent(Int.self, forKey: .tuningFrameStride) ?? defaults.tuningFrameStride
    }

    /// Rejects values that cannot work, naming the field.
    /// - Throws: ``DSPError`` `.invalidConfiguration` with the snake_case field name.
    public func validate() throws(DSPError) {
        func fail(_ field: String, _ reason: String) -> DSPError {
            DSPError(.invalidConfiguration, field: field, reason: reason)
        }
        guard sampleRate.isFinite, sampleRate >= 1000, sampleRate <= 768_000 else {
            throw fail("sample_rate", "must be 1000...768000 Hz, got \(sampleRate)")
        }
        guard frameLength >= 16, frameLength <= 1 << 20, frameLength % 2 == 0 else {
            throw fail("frame_length", "must be even and 16...1048576, got \(frameLength)")
        }
        guard hopLength >= 1, hopLength <= frameLength else {
            throw fail("hop_length", "must be 1...frame_length, got \(hopLength)")
        }
        guard melBandCount >= 1, melBandCount <= frameLength / 2 + 1 else {
            throw fail("mel_band_count", "must be 1...frame_length/2+1, got \(melBandCount)")
        }
        guard mfccCount >= 1, mfccCount <= melBandCount else {
            throw fail("mfcc_count", "must be 1...mel_band_count, got \(mfccCount)")
        }
        guard rolloffPercent > 0, rolloffPercent < 1 else {
            throw fail("rolloff_percent", "must lie in (0, 1), got \(rolloffPercent)")
        }
        guard contrastBandCount >= 1, contrastMinimumFrequencyHz > 0,
            contrastMinimumFrequencyHz * Double(1 << min(contrastBandCount - 1, 30)) < sampleRate / 2
        else {
            throw fail("contrast_band_count", "bands above contrast_minimum_frequency_hz must stay below Nyquist")
        }
        guard tuningFrameStride >= 1 else {
            throw fail("tuning_frame_stride", "must be at least 1, got \(tuningFrameStride)")
        }
    }
}
