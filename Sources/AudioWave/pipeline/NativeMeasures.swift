import AudioWaveDSP
import AudioWaveIO

/// What every decoding pass of a file measures on its own channels at its native rate, block by block: the
/// loudness meter (when loudness is requested and the layout is supported) and the sample census. The
/// excerpt, the whole-file feature stream and the loudness-only pass all feed one of these.
struct NativeMeasures {
    let meter: LoudnessMeter?
    var census: SampleCensus

    /// Measures for a file of `properties`; `measuresLoudness` false leaves the meter out.
    init(properties: AudioProperties, measuresLoudness: Bool) {
        meter =
            measuresLoudness
            ? try? LoudnessMeter(channelCount: properties.channelCount, sampleRate: properties.sampleRate) : nil
        census = SampleCensus(channelCount: properties.channelCount)
    }

    /// Adds the first `frames` interleaved frames of a decoder block.
    mutating func add(_ block: [Float], frames: Int) {
        meter?.add(interleaved: block, frameCount: frames)
        census.add(interleaved: block, frameCount: frames)
    }

    /// The loudness of everything added (nil without a meter).
    var loudness: Loudness? { meter?.result() }
}
