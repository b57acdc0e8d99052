/// FFTW's bare transform rate, the baseline the STFT is measured against in benchmarks.
public enum FFTWBaseline {
    /// Runs `count` bare single-precision real-to-complex transforms of `size` samples on one aligned buffer,
    /// with the same shared plan the ``STFT`` uses, and returns the wall-clock time they took.
    /// - Throws: ``DSPError`` `.fftPlanFailed` when FFTW cannot plan the size.
    public static func measureRawTransforms(size: Int, count: Int) throws(DSPError) -> Duration {
        let plan = try RealFFTPlan.shared(size: size)
        let buffers = RealFFTBuffers(plan: plan)
        buffers.fillInput { i in Float((i * 7919) % 2001) / 1000 - 1 }
        let clock = ContinuousClock()
        let start = clock.now
        buffers.executeRepeatedly(count: count)
        return clock.now - start
    }
}
