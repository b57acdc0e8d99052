import CFFTW
import Synchronization

/// A real-to-complex FFTW plan for one transform size, shared by the whole process.
///
/// FFTW's planner is not thread-safe, so plans are created behind one lock and cached by size forever.
/// Executing a plan on new arrays (`fftwf_execute_dft_r2c`) is thread-safe, so one plan serves every worker;
/// each worker brings its own ``RealFFTBuffers``.
final class RealFFTPlan: @unchecked Sendable {
    // @unchecked: the plan pointer is written once in init and only read afterwards; FFTW documents that
    // executing one plan on different arrays from several threads at once is safe.

    /// Transform size in samples.
    let size: Int
    /// Number of complex bins, `size / 2 + 1`.
    var binCount: Int { size / 2 + 1 }
    fileprivate let plan: OpaquePointer

    private static let cache = Mutex<[Int: RealFFTPlan]>([:])

    private init(size: Int, plan: OpaquePointer) {
        self.size = size
        self.plan = plan
    }

    /// The process-wide plan for `size`, created on first use (FFTW_ESTIMATE on SIMD-aligned arrays).
    ///
    /// The corresponding C function is `fftwf_plan_dft_r2c_1d`.
    /// - Throws: ``DSPError`` `.fftPlanFailed` when FFTW cannot plan or allocate.
    static func shared(size: Int) throws(DSPError) -> RealFFTPlan {
        let result: Result<RealFFTPlan, DSPError> = cache.withLock { plans in
            if let plan = plans[size] { return .success(plan) }
            guard size >= 2, size <= 1 << 24,
                let input = fftwf_alloc_real(size), let output = fftwf_alloc_complex(size / 2 + 1)
            else {
                return .failure(DSPError(.fftPlanFailed, field: "fftwf_alloc", reason: "cannot allocate size \(size)"))
            }
            defer {
                fftwf_free(input)
                fftwf_free(output)
            }
            guard let raw = fftwf_plan_dft_r2c_1d(Int32(size), input, output, UInt32(FFTW_ESTIMATE)) else {
                return .failure(DSPError(.fftPlanFailed, field: "fftwf_plan_dft_r2c_1d", reason: "size \(size)"))
            }
            let plan = RealFFTPlan(size: size, plan: raw)
            plans[size] = plan
            return .success(plan)
        }
        return try result.get()
    }
}

/// One worker's aligned FFTW input and output arrays for a ``RealFFTPlan``. Not shareable between threads.
final class RealFFTBuffers {
    /// The plan these buffers are sized for.
    let plan: RealFFTPlan
    private let input: UnsafeMutablePointer<Float>
    let output: UnsafeMutablePointer<fftwf_complex>

    /// Allocates SIMD-aligned buffers with `fftwf_alloc_real` / `fftwf_alloc_complex`.
    ///
    /// Like Swift's own allocations, this traps when memory is exhausted.
    init(plan: RealFFTPlan) {
        guard let input = fftwf_alloc_real(plan.size), let output = fftwf_alloc_complex(plan.binCount) else {
            preconditionFailure("fftwf_alloc failed for size \(plan.size): out of memory")
        }
        self.plan = plan
        self.input = input
        self.output = output
    }

    deinit {
        fftwf_free(input)
        fftwf_free(output)
    }

    /// The centred, windowed magnitude spectrogram of `samples`, frame-major (`frameCount * binCount` values).
    ///
    /// Frame `t` is `samples[t·hop − size/2 ..< t·hop + size/2]`, zero outside the signal, times `window`; its
    /// `binCount` magnitudes `|X[k]|` follow at `t * binCount`. The corresponding C function is
    /// `fftwf_execute_dft_r2c`.
    func magnitudeSpectrogram(of samples: [Float], hopLength: Int, frameCount: Int, window: [Float]) -> [Float] {
        let size = plan.size
        let bins = plan.binCount
        precondition(window.count == size && hopLength > 0 && frameCount >= 0)
        return [Float](unsafeUninitializedCapacity: frameCount * bins) { magnitudes, initialized in
            samples.withUnsafeBufferPointer { signal in
                window.withUnsafeBufferPointer { weights in
                    for t in 0..<frameCount {
                        transform(signal, start: t * hopLength - size / 2, window: weights)
                        writeMagnitudes(to: magnitudes.baseAddress.map { $0 + t * bins }, count: bins)
                    }
                }
            }
            initialized = frameCount * bins
        }
    }

    /// Windows and transforms one frame, `samples[start ..< start + size]` (zero outside the array), and writes its
    /// `binCount` magnitudes into `magnitudes[offset ..< offset + binCount]`. The corresponding C function is
    /// `fftwf_execute_dft_r2c`.
    func transformFrame(
        of samples: [Float], start: Int, window: [Float], into magnitudes: inout [Float], at offset: Int
    ) {
        precondition(window.count == plan.size && offset >= 0 && offset + plan.binCount <= magnitudes.count)
        samples.withUnsafeBufferPointer { signal in
            window.withUnsafeBufferPointer { weights in transform(signal, start: start, window: weights) }
        }
        magnitudes.withUnsafeMutableBufferPointer { output in
            writeMagnitudes(to: output.baseAddress.map { $0 + offset }, count: plan.binCount)
        }
    }

    /// Loads `signal[start ..< start + size] · window` into the input buffer (zeros outside the signal) and executes.
    func transform(_ signal: UnsafeBufferPointer<Float>, start: Int, window weights: UnsafeBufferPointer<Float>) {
        let size = plan.size
        let lower = max(0, min(signal.count, start)) - start
        let upper = max(0, min(signal.count, start + size)) - start
        let end = max(lower, upper)
        for i in 0..<lower { input[i] = 0 }
        if let source = signal.baseAddress, let coefficients = weights.baseAddress {
            multiply(source + start, coefficients, into: input, from: lower, to: end)
        }
        for i in end..<size { input[i] = 0 }
        fftwf_execute_dft_r2c(plan.plan, input, output)
    }

    /// `destination[i] = signal[i] · window[i]` for `i` in `lower ..< upper`, eight at a time.
    private func multiply(
        _ signal: UnsafePointer<Float>, _ window: UnsafePointer<Float>, into destination: UnsafeMutablePointer<Float>,
        from lower: Int, to upper: Int
    ) {
        var i = lower
        while i + 8 <= upper {
            let x = UnsafeRawPointer(signal + i).loadUnaligned(as: SIMD8<Float>.self)
            let w = UnsafeRawPointer(window + i).loadUnaligned(as: SIMD8<Float>.self)
            UnsafeMutableRawPointer(destination + i).storeBytes(of: x * w, as: SIMD8<Float>.self)
            i += 8
        }
        while i < upper {
            destination[i] = signal[i] * window[i]
            i += 1
        }
    }

    /// Writes `|X[k]|` for the `count` bins of the output buffer, four at a time.
    private func writeMagnitudes(to destination: UnsafeMutablePointer<Float>?, count: Int) {
        guard let destination else { return }
        let raw = UnsafeRawPointer(output)
        var k = 0
        while k + 4 <= count {
            let pairs = raw.loadUnaligned(fromByteOffset: k * 8, as: SIMD8<Float>.self)
            let re = pairs.evenHalf
            let im = pairs.oddHalf
            let magnitude = (re * re + im * im).squareRoot()
            UnsafeMutableRawPointer(destination + k).storeBytes(of: magnitude, as: SIMD4<Float>.self)
            k += 4
        }
        while k < count {
            let re = raw.load(fromByteOffset: k * 8, as: Float.self)
            let im = raw.load(fromByteOffset: k * 8 + 4, as: Float.self)
            destination[k] = (re * re + im * im).squareRoot()
            k += 1
        }
    }

    /// Executes the bare transform `count` times on the current input (a baseline for benchmarks).
    func executeRepeatedly(count: Int) {
        for _ in 0..<count { fftwf_execute_dft_r2c(plan.plan, input, output) }
    }

    /// Fills the input with a deterministic test pattern (a baseline for benchmarks).
    func fillInput(_ value: (Int) -> Float) {
        for i in 0..<plan.size { input[i] = value(i) }
    }
}
