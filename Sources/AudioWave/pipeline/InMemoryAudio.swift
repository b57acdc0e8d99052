import AudioWaveAnalysis
import AudioWaveBatch
import AudioWaveDSP
import AudioWaveIO
import AudioWaveReport
import StageEngine

/// Validation and preparation of samples handed to the library in memory.
enum InMemoryAudio {
    /// Properties of in-memory samples, after checking they can be analysed.
    /// - Throws: `AudioError` `.empty`, `.invalidHeader` (rate) or `.nonFiniteSamples`, naming `name`.
    static func validate(_ samples: [Float], sampleRate: Int, name: String) throws(AudioError) -> AudioProperties {
        guard sampleRate >= AudioDecoder.minimumSampleRate, sampleRate <= AudioDecoder.maximumSampleRate else {
            throw AudioError(
                .invalidHeader, path: name,
                reason:
                    "sample rate \(sampleRate) Hz is outside \(AudioDecoder.minimumSampleRate)...\(AudioDecoder.maximumSampleRate)"
            )
        }
        guard !samples.isEmpty else { throw AudioError(.empty, path: name, reason: "no samples") }
        if let index = samples.firstIndex(where: { !$0.isFinite }) {
            throw AudioError(.nonFiniteSamples, path: name, reason: "sample \(index) is \(samples[index])")
        }
        return AudioProperties(
            format: "in-memory samples", container: "memory", encoding: "32 bit float", encodingCode: "float",
            sampleRate: sampleRate, channelCount: 1, frameCount: Int64(samples.count), isSeekable: true,
            fileSizeBytes: Int64(samples.count * MemoryLayout<Float>.size))
    }

    /// The excerpt (or all) of `samples`, resampled to `analysisRate`, with its loudness.
    static func prepare(
        _ samples: [Float], sampleRate: Int, analysisRate: Int, excerpt: Excerpt?, name: String,
        measuresLoudness: Bool = true
    ) throws(AudioError) -> (samples: [Float], sampleRate: Int, loudness: Loudness?) {
        var slice = samples[...]
        if let excerpt {
            let start = min(samples.count, Int(excerpt.startSeconds * Double(sampleRate)))
            let end = min(samples.count, start + Int(excerpt.durationSeconds * Double(sampleRate)))
            slice = samples[start..<end]
        }
        let span = Array(slice)
        let meter = measuresLoudness ? try? LoudnessMeter(channelCount: 1, sampleRate: sampleRate) : nil
        meter?.add(interleaved: span)
        var output: [Float] = []
        if sampleRate == analysisRate {
            output = span
        } else {
            let resampler = try Resampler(inputRate: sampleRate, outputRate: analysisRate, path: name)
            try resampler.process(span, count: span.count, appendingTo: &output)
            try resampler.flush(appendingTo: &output)
        }
        return (output, analysisRate, meter?.result())
    }
}
