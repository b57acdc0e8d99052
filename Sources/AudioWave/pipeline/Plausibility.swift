import AudioWaveDSP
import AudioWaveReport
import Foundation

/// Keeps physically impossible measurements, and everything measured on decoder garbage, out of reports:
/// the value becomes null, a warning says why, and the report is `partial` (``ReportContent/keptOut``).
///
/// - **Garbage**: the decoded samples are mostly not audio (``SampleCensus/garbageReason``: a tenth of
///   them beyond +60 dBFS, or half of them full-scale noise). Nothing measured on them means anything:
///   tempo, key, loudness, features and descriptors are all left out.
/// - **Integrated loudness** above ``loudnessCeilingLUFS(channelCount:)``, the loudest a signal within
///   full scale can be (full-scale samples alternating in sign on every channel): it needs samples far
///   beyond full scale. The loudness range, measured on the same blocks, is left out with it.
/// - **True peak** above ``maximumTruePeakDBTP``: a float file may peak over 0 dBFS, but 1000× full
///   scale is no recording.
/// - **Not finite**: a section holding NaN or infinity (JSON has neither) is left out as a whole.
enum Plausibility {
    /// The highest true peak reported, in dBTP.
    static let maximumTruePeakDBTP = 60.0
    /// The loudest integrated loudness of a full-scale signal on one channel of weight 1, with a margin:
    /// libebur128 measures +3.32…+3.57 LUFS for full-scale samples of alternating sign (the K-weighting's
    /// largest gain, at Nyquist) from 192 kHz down to 8 kHz.
    static let fullScaleLoudnessLUFS = 3.7

    /// The loudest integrated loudness a signal within full scale can have on `channelCount` channels:
    /// ``fullScaleLoudnessLUFS`` plus 10·log10 of the channels' summed weights in libebur128's default
    /// map (L, R, C 1; LFE 0; Ls, Rs 1.41; 4 channels: L, R, Ls, Rs; further channels counted as 1, an
    /// upper bound whatever the map): +3.7 LUFS mono, +6.7 stereo, +11.4 for 5 or 5.1 channels.
    static func loudnessCeilingLUFS(channelCount: Int) -> Double {
        let weights: [Double]
        switch channelCount {
        case 4: weights = [1, 1, 1.41, 1.41]
        case 5: weights = [1, 1, 1, 1.41, 1.41]
        default:
            let map: [Double] = [1, 1, 1, 0, 1.41, 1.41]
            weights = (0..<max(1, channelCount)).map { $0 < map.count ? map[$0] : 1 }
        }
        return fullScaleLoudnessLUFS + 10 * log10(weights.reduce(0, +))
    }

    /// Reviews the sections the units wrote into `content`.
    /// - Parameters:
    ///   - census: The sample census of what was decoded (nil when nothing was).
    ///   - channelCount: The file's channels (nil when it was never probed).
    ///   - analyses: The analyses requested (their null sections get a reason).
    static func review(
        _ content: inout ReportContent, census: SampleCensus?, channelCount: Int?, analyses: Set<Analysis>
    ) {
        if let reason = census?.garbageReason {
            let hadResults =
                content.tempo != nil || content.key != nil || content.loudness != nil || content.features != nil
                || content.descriptors != nil
            content.tempo = nil
            content.key = nil
            content.loudness = nil
            content.features = nil
            content.descriptors = nil
            content.quality = 0  // nothing usable, whatever the estimators thought of the garbage
            if analyses.contains(.tempo) { content.tempoUnavailableReason = garbage }
            if analyses.contains(.key) { content.keyUnavailableReason = garbage }
            content.warnings.append("\(garbage) (\(reason)): no measurement is reported")
            content.keptOut = content.keptOut || hadResults || analyses.contains(.tempo) || analyses.contains(.key)
            return
        }
        if var loudness = content.loudness {
            let ceiling = loudnessCeilingLUFS(channelCount: channelCount ?? 1)
            if let integrated = loudness.integratedLUFS, integrated > ceiling {
                content.warnings.append(
                    String(
                        format: "integrated loudness %+.1f LUFS is above the %+.1f LUFS a signal within full scale "
                            + "can reach on %d channel(s): not reported, nor its loudness range",
                        integrated, ceiling, channelCount ?? 1))
                loudness.integratedLUFS = nil
                loudness.rangeLU = nil
                content.keptOut = true
            }
            if let peak = loudness.truePeakDBTP, peak > maximumTruePeakDBTP {
                content.warnings.append(
                    String(
                        format: "true peak %+.1f dBTP is above %+.0f dBTP, 1000× full scale: not reported", peak,
                        maximumTruePeakDBTP))
                loudness.truePeakDBTP = nil
                content.keptOut = true
            }
            content.loudness = loudness
        }
        var dropped: [String] = []
        content.tempo = encodable(content.tempo, "tempo", &dropped)
        content.key = encodable(content.key, "key", &dropped)
        content.loudness = encodable(content.loudness, "loudness", &dropped)
        content.features = encodable(content.features, "features", &dropped)
        content.descriptors = encodable(content.descriptors, "descriptors", &dropped)
        for name in dropped {
            content.warnings.append("\(name) held values that are not finite (NaN or infinity): not reported")
            content.keptOut = true
        }
        if let quality = content.quality, !quality.isFinite { content.quality = nil }
    }

    private static let garbage = "decoding produced mostly garbage"

    /// The section, or nil (its name added to `dropped`) when JSON cannot hold it (NaN or infinity).
    private static func encodable<Section: Encodable>(
        _ section: Section?, _ name: String, _ dropped: inout [String]
    ) -> Section? {
        guard let section, (try? ReportJSON.encodeLine(section)) == nil else { return section }
        dropped.append(name)
        return nil
    }
}
