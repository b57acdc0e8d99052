import CSoxr

/// A streaming mono resampler over libsoxr at its "high quality" recipe (`SOXR_HQ`), the
/// resampler librosa uses by default (`res_type="soxr_hq"`). Every call into libsoxr lives here.
///
/// Feed blocks with ``process(_:count:appendingTo:)`` and end with ``flush(appendingTo:)``;
/// the output is appended to a caller-owned array so no block allocates.
///
/// The output is always finite: finite input near the float limit (±3.4 × 10³⁸) overshoots it in the filter
/// and comes out infinite or NaN (`make fuzz` found float WAVs of samples near 3 × 10³⁸ whose every resampled
/// sample was NaN); that is refused as `.nonFiniteSamples`, like NaN or infinity in a file.
package final class Resampler {
    private let soxr: soxr_t
    private let path: String
    private let outputRate: Int
    private let ratio: Double
    private var scratch: [Float]
    /// Samples handed out so far, to say where an overflow happened.
    private var produced = 0

    /// Creates a resampler from `inputRate` to `outputRate` Hz for one channel.
    /// The corresponding C function is `soxr_create` (float32 in and out, `SOXR_HQ`, one thread).
    package init(inputRate: Int, outputRate: Int, path: String) throws(AudioError) {
        var error: soxr_error_t?
        let created = soxr_create(Double(inputRate), Double(outputRate), 1, &error, nil, nil, nil)
        guard let created, error == nil else {
            let message = error.map { String(cString: $0) } ?? "unknown error"
            throw AudioError(.resamplingFailed, path: path, reason: "soxr_create: \(message)")
        }
        self.soxr = created
        self.path = path
        self.outputRate = outputRate
        self.ratio = Double(outputRate) / Double(inputRate)
        self.scratch = []
    }

    deinit { soxr_delete(soxr) }

    /// Resamples the first `count` samples of `input` and appends the result to `output`.
    /// The corresponding C function is `soxr_process`.
    /// - Throws: `AudioError` `.resamplingFailed` when libsoxr fails, `.nonFiniteSamples` when the filter's
    ///   output overflows the float range.
    package func process(_ input: [Float], count: Int, appendingTo output: inout [Float]) throws(AudioError) {
        let capacity = Int((Double(count) * ratio).rounded(.up)) + 64
        if scratch.count < capacity { scratch = [Float](repeating: 0, count: capacity) }
        var consumed = 0
        while consumed < count {
            var inputDone = 0
            var outputDone = 0
            let error = input.withUnsafeBufferPointer { source in
                scratch.withUnsafeMutableBufferPointer { target in
                    soxr_process(
                        soxr, source.baseAddress.map { $0 + consumed }, count - consumed, &inputDone,
                        target.baseAddress, target.count, &outputDone)
                }
            }
            if let error {
                throw AudioError(.resamplingFailed, path: path, reason: "soxr_process: \(String(cString: error))")
            }
            try append(outputDone, to: &output)
            consumed += inputDone
            if inputDone == 0 && outputDone == 0 { break }
        }
    }

    /// Drains the samples the filter still holds and appends them to `output`.
    /// The corresponding C function is `soxr_process` with no input.
    /// - Throws: As ``process(_:count:appendingTo:)``.
    package func flush(appendingTo output: inout [Float]) throws(AudioError) {
        if scratch.count < 4096 { scratch = [Float](repeating: 0, count: 4096) }
        while true {
            var outputDone = 0
            let error = scratch.withUnsafeMutableBufferPointer { target in
                soxr_process(soxr, nil, 0, nil, target.baseAddress, target.count, &outputDone)
            }
            if let error {
                throw AudioError(.resamplingFailed, path: path, reason: "soxr_process: \(String(cString: error))")
            }
            if outputDone == 0 { return }
            try append(outputDone, to: &output)
        }
    }

    /// Appends the first `count` samples of `scratch` to `output`, refusing a non-finite one.
    private func append(_ count: Int, to output: inout [Float]) throws(AudioError) {
        var finite = true
        for index in 0..<count { finite = finite && scratch[index].isFinite }
        if !finite {
            let index = (0..<count).first { !scratch[$0].isFinite } ?? 0
            let seconds = (Double(produced + index) / Double(outputRate) * 1000).rounded() / 1000
            throw AudioError(
                .nonFiniteSamples, path: path,
                reason:
                    "resampling to \(outputRate) Hz overflowed at \(seconds) s: the samples come so near the float "
                    + "limit (3.4e38) that the filter passes it")
        }
        output.append(contentsOf: scratch[0..<count])
        produced += count
    }
}
