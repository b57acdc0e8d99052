/// Frame-wise features of the waveform itself, on the same centred frame grid as the ``STFT``.
///
/// One kernel, ``FrameLevels``, computes both features; ``FeatureStream`` runs it as frames complete, and the
/// whole-array functions below run it over every frame of the signal.
public enum TimeDomainFeatures {
    /// Root-mean-square level of each centred frame: `√(mean(x²))` over `frameLength` samples, the signal
    /// zero-padded by `frameLength / 2` on each side (librosa `feature.rms(center=True, pad_mode="constant")`).
    /// - Returns: `1 + samples.count / hopLength` values (none for an empty signal).
    public static func rms(of samples: [Float], frameLength: Int = 2048, hopLength: Int = 512) -> [Float] {
        frames(of: samples, frameLength: frameLength, hopLength: hopLength).map(\.rms)
    }

    /// Zero-crossing rate of each centred frame: the fraction of adjacent sample pairs within the frame whose
    /// signs differ, values with `|x| ≤ 1e-10` counting as positive zero. The signal is padded by repeating its
    /// edge samples (librosa `feature.zero_crossing_rate(center=True)`, which pads with `mode="edge"`).
    /// - Returns: `1 + samples.count / hopLength` values in `0...1` (none for an empty signal).
    public static func zeroCrossingRate(of samples: [Float], frameLength: Int = 2048, hopLength: Int = 512) -> [Float] {
        guard frameLength > 1 else { return [] }
        return frames(of: samples, frameLength: frameLength, hopLength: hopLength).map(\.zeroCrossingRate)
    }

    /// Both features of every centred frame of a whole signal.
    static func frames(
        of samples: [Float], frameLength: Int, hopLength: Int
    ) -> [(rms: Float, zeroCrossingRate: Float)] {
        guard let first = samples.first, frameLength > 0, hopLength > 0 else { return [] }
        var levels = FrameLevels(frameLength: frameLength, hopLength: hopLength)
        return (0...(samples.count / hopLength)).map { t in
            levels.frame(t, samples: samples, bufferStart: 0, available: samples.count, firstSample: first)
        }
    }
}

/// RMS (zero padding) and zero-crossing rate (edge padding) of consecutive centred frames, the one kernel of
/// both features: ``FeatureStream`` calls it as frames complete, ``TimeDomainFeatures`` for a whole signal.
///
/// The padded signal is cut into blocks of `g = gcd(hopLength, frameLength / 2, frameLength)` samples (512 at
/// the analysis grid), whose energy and sign changes are computed once; a frame sums its `frameLength / g`
/// blocks. Each sample is thus read once however much frames overlap (4× at 2048/512), and silent stretches
/// give exact zeros. Energies are summed in Double, block by block in order.
struct FrameLevels {
    let frameLength: Int
    let half: Int
    let blockLength: Int
    /// Blocks per frame, and blocks between consecutive frames.
    let blocksPerFrame: Int
    let blocksPerHop: Int
    /// Ring of the last `blocksPerFrame` blocks: energy, sign changes of the pairs ending in the block, and
    /// whether the block's first pair is a change (a frame's first sample has no predecessor in the frame).
    private var energies: [Double]
    private var changes: [Int]
    private var leading: [Int]
    private var nextBlock = 0

    init(frameLength: Int, hopLength: Int) {
        func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }
        self.frameLength = frameLength
        half = frameLength / 2
        blockLength = gcd(gcd(hopLength, half), frameLength)
        blocksPerFrame = frameLength / blockLength
        blocksPerHop = hopLength / blockLength
        energies = [Double](repeating: 0, count: blocksPerFrame)
        changes = [Int](repeating: 0, count: blocksPerFrame)
        leading = changes
    }

    /// RMS and zero-crossing rate of frame `t` (frames must come in order from 0), whose samples run from
    /// `t·hopLength − frameLength/2`.
    /// - Parameters:
    ///   - samples: signal samples from number `bufferStart` on (a stream drops the ones no frame reads any more).
    ///   - available: signal samples known so far, every one the frame reads; later ones count as padding.
    ///   - firstSample: signal sample 0, the left edge padding of the zero-crossing rate.
    mutating func frame(
        _ t: Int, samples: [Float], bufferStart: Int, available: Int, firstSample: Float
    ) -> (rms: Float, zeroCrossingRate: Float) {
        let first = t * blocksPerHop
        nextBlock = max(nextBlock, first)
        while nextBlock < first + blocksPerFrame {
            addBlock(
                nextBlock, samples: samples, bufferStart: bufferStart, available: available, firstSample: firstSample)
            nextBlock += 1
        }
        var energy: Double = 0
        var crossings = 0
        for j in first..<(first + blocksPerFrame) {
            energy += energies[j % blocksPerFrame]
            crossings += changes[j % blocksPerFrame]
        }
        crossings -= leading[first % blocksPerFrame]
        return (Float((energy / Double(frameLength)).squareRoot()), Float(crossings) / Float(frameLength))
    }

    /// Energy and sign changes of block `j`: padded positions `j·g − frameLength/2 ..< (j+1)·g − frameLength/2`.
    private mutating func addBlock(_ j: Int, samples: [Float], bufferStart: Int, available: Int, firstSample: Float) {
        let lower = j * blockLength - half
        let upper = lower + blockLength
        var energy: Double = 0
        var count = 0
        var first = 0
        if lower >= 1, upper <= available {
            // Inside the signal, predecessor included: one plain pass.
            let offset = lower - bufferStart
            var previous = samples[offset - 1] < -1e-10
            for i in offset..<(offset + blockLength) {
                let x = samples[i]
                energy += Double(x) * Double(x)
                let current = x < -1e-10
                count += current != previous ? 1 : 0
                previous = current
            }
            first = (samples[offset - 1] < -1e-10) != (samples[offset] < -1e-10) ? 1 : 0
        } else {
            let from = max(0, lower)
            for p in from..<max(from, min(available, upper)) {
                let x = Double(samples[p - bufferStart])
                energy += x * x
            }
            // Padded sample p is x[clamp(p, 0, available − 1)].
            func isNegative(_ p: Int) -> Bool {
                let index = min(available - 1, max(0, p))
                return (index < bufferStart ? firstSample : samples[index - bufferStart]) < -1e-10
            }
            var previous = isNegative(lower - 1)
            for p in lower..<upper {
                let current = isNegative(p)
                if current != previous {
                    count += 1
                    if p == lower { first = 1 }
                }
                previous = current
            }
        }
        let slot = j % blocksPerFrame
        energies[slot] = energy
        changes[slot] = count
        leading[slot] = first
    }
}
