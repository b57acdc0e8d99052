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
    private let output: UnsafeMutablePointer<fftwf_complex>

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

    /// Windows one frame of `samples` and writes the magnitudes of its spectrum.
    ///
    /// The frame is `samples[start ..< start + size]`, zero where it falls outside the signal (so a negative
    /// `start` gives librosa's centered, zero-padded frames). Writes `binCount` magnitudes `|X[k]|` into
    /// `magnitudes[offset ..< offset + binCount]`. The corresponding C function is `fftwf_execute_dft_r2c`.
    func transformFrame(
        of samples: [Float], start: Int, window: [Float], into magnitudes: inout [Float], at offset: Int
    ) {
        let size = plan.size
        precondition(window.count == size && offset >= 0 && offset + plan.binCount <= magnitudes.count)
        let lower = max(0, min(samples.count, start))
        let upper = max(lower, min(samples.count, start + size))
        samples.withUnsafeBufferPointer { signal in
            window.withUnsafeBufferPointer { weights in
                var i = 0
                while i < lower - start { input[i] = 0; i += 1 }
                while i < upper - start { input[i] = signal[start + i] * weights[i]; i += 1 }
                while i < size { input[i] = 0; i += 1 }
            }
        }
        fftwf_execute_dft_r2c(plan.plan, input, output)
        let bins = plan.binCount
        output.withMemoryRebound(to: Float.self, capacity: 2 * bins) { complex in
            magnitudes.withUnsafeMutableBufferPointer { out in
                for k in 0..<bins {
                    let re = complex[2 * k]
                    let im = complex[2 * k + 1]
                    out[offset + k] = (re * re + im * im).squareRoot()
                }
            }
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
