import AudioWaveDSP
import AudioWaveIO
import StageEngine

/// Decoding for the stages: the analysis-rate samples with the native-rate measures taken in the same pass,
/// and the one rule for a file cut short.
extension AudioStages {
    /// What ``decode(_:excerpt:properties:measuresLoudness:flag:)`` returns: analysis-rate samples, the native-rate
    /// measures of the same pass and the cut, when the file ended before its header said.
    typealias Decoded = (
        samples: [Float], sampleRate: Int, loudness: Loudness?, census: SampleCensus, cutShort: CutShort?
    )

    /// Decodes a file (or slices in-memory samples) at the analysis rate, measuring loudness and taking
    /// the sample census on the original channels at the native rate in the same pass.
    /// - Parameter measuresLoudness: false leaves the loudness meter out even when loudness is requested.
    func decode(
        _ item: AnalysisItem, excerpt: Excerpt?, properties: AudioProperties, measuresLoudness: Bool = true,
        flag: CancellationFlag
    ) throws -> Decoded {
        let measuresLoudness = measuresLoudness && requested.contains(where: \.measuresLoudness)
        switch item.source {
        case .file(let path):
            var native = NativeMeasures(properties: properties, measuresLoudness: measuresLoudness)
            let options = DecodingOptions(sampleRate: configuration.sampleRate, excerpt: excerpt)
            var samples: [Float] = []
            let cutShort = try streamAllowingCut(
                path: path, options: options, outputRate: configuration.sampleRate, measuring: &native, flag: flag,
                expectedSampleCount: { samples.reserveCapacity($0) }
            ) { samples.append(contentsOf: $0) }
            return (samples, configuration.sampleRate, native.loudness, native.census, cutShort)
        case .samples(let samples, let sampleRate):
            let prepared = try InMemoryAudio.prepare(
                samples, sampleRate: sampleRate, analysisRate: configuration.sampleRate, excerpt: excerpt,
                name: item.relativePath, measuresLoudness: measuresLoudness)
            var census = SampleCensus(channelCount: 1)
            census.add(interleaved: samples, frameCount: samples.count)
            return (prepared.samples, prepared.sampleRate, prepared.loudness, census, nil)
        }
    }

    /// ``AudioDecoder/streamMono(path:options:nativeBlockObserver:isCancelled:onSamples:expectedSampleCount:)``,
    /// except that a file ending before its header's length is not a failure once audio came through: every
    /// frame before the cut has been handed over, so it is measured, and the cut is returned for the report
    /// (`partial`, `truncated`). Any other error, or a cut before one analysis frame of audio (less than nothing
    /// can measure: a WAV cut 1000 bytes in holds 5 ms), is thrown. Every native block goes to `native`, and so do
    /// the frames the decoder took from one channel because the channels cancelled (its census counts them).
    func streamAllowingCut(
        path: String, options: DecodingOptions, outputRate: Int, measuring native: inout NativeMeasures,
        flag: CancellationFlag, expectedSampleCount: (Int) -> Void = { _ in }, onSamples: ([Float]) -> Void
    ) throws -> CutShort? {
        var measures = native
        defer { native = measures }
        var delivered = 0
        let failure: AudioError?
        do {
            try AudioDecoder.streamMono(
                path: path, options: options,
                nativeBlockObserver: { block, frames, _ in measures.add(block, frames: frames) },
                isCancelled: { flag.isCancelled },
                onSamples: { block in
                    delivered += block.count
                    onSamples(block)
                }, expectedSampleCount: expectedSampleCount,
                onSingleChannel: { measures.census.singleChannelFrames += $0 })
            failure = nil
        } catch {
            failure = error
        }
        guard let failure else { return nil }
        guard failure.code == .truncated, delivered >= configuration.features.frameLength else { throw failure }
        return CutShort(error: failure, decodedSeconds: Double(delivered) / Double(max(1, outputRate)))
    }
}
