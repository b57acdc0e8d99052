import Foundation

/// Deterministic signals for the descriptor tests.
enum DescriptorSignals {
    /// A metronome: a 1 kHz burst with a 6 ms decay at each of `beats` (seconds), `seconds` long.
    static func clicks(at beats: [Double], seconds: Double, sampleRate: Double, amplitude: Float = 0.8) -> [Float] {
        var output = [Float](repeating: 0, count: Int(seconds * sampleRate))
        let length = Int(0.04 * sampleRate)
        for beat in beats {
            let start = Int(beat * sampleRate)
            for i in 0..<length where start + i < output.count {
                let t = Double(i) / sampleRate
                output[start + i] += amplitude * Float(sin(2 * Double.pi * 1000 * t) * exp(-t / 0.006))
            }
        }
        return output
    }

    /// A sine of `frequencyHz` with peak `amplitude`, `seconds` long.
    static func sine(frequencyHz: Double, amplitude: Double, seconds: Double, sampleRate: Double) -> [Float] {
        (0..<Int(seconds * sampleRate)).map {
            Float(amplitude * sin(2 * Double.pi * frequencyHz * Double($0) / sampleRate))
        }
    }

    /// Uniform white noise in `−amplitude...amplitude` from a fixed 64-bit LCG.
    static func noise(count: Int, amplitude: Float = 0.5, seed: UInt64 = 12345) -> [Float] {
        var state = seed
        return (0..<count).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return amplitude * (Float(state >> 40) / Float(1 << 24) * 2 - 1)
        }
    }

    /// A steady groove: a kick (60 Hz, 80 ms decay) on every beat at `bpm` and a short noise hat on the off-beats.
    static func groove(bpm: Double, seconds: Double, sampleRate: Double) -> [Float] {
        var output = [Float](repeating: 0, count: Int(seconds * sampleRate))
        let period = 60 / bpm
        let hat = noise(count: Int(0.03 * sampleRate), amplitude: 0.3, seed: 99)
        var beat = 0.0
        while beat < seconds {
            let start = Int(beat * sampleRate)
            for i in 0..<Int(0.3 * sampleRate) where start + i < output.count {
                let t = Double(i) / sampleRate
                output[start + i] += Float(0.8 * sin(2 * Double.pi * 60 * t) * exp(-t / 0.08))
            }
            let off = Int((beat + period / 2) * sampleRate)
            for (i, h) in hat.enumerated() where off + i < output.count {
                output[off + i] += h * Float(exp(-Double(i) / (0.01 * sampleRate)))
            }
            beat += period
        }
        return output
    }
}
