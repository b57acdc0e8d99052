import Foundation

/// Conversion of power values to decibels, librosa's `power_to_db` conventions.
public enum Decibels {
    /// Converts power to decibels in place: `10·log10(max(amin, x)) − 10·log10(max(amin, reference))`,
    /// then clamps everything to at least `max − topDecibels` (the maximum over the whole array).
    ///
    /// With `topDecibels = 80`, silence maps to 80 dB below the loudest value rather than to −100 dB, which
    /// keeps log-mel features and their differences bounded. Non-finite inputs are treated as `amin`.
    /// - Parameters:
    ///   - values: power values (≥ 0), converted in place.
    ///   - reference: power that maps to 0 dB. Default 1.
    ///   - amin: floor applied before the logarithm. Default 1e-10.
    ///   - topDecibels: dynamic range kept below the maximum; `nil` disables the clamp. Default 80.
    public static func convertPowerToDecibels(
        _ values: inout [Float], reference: Float = 1, amin: Float = 1e-10, topDecibels: Float? = 80
    ) {
        guard !values.isEmpty else { return }
        var maximum = -Float.infinity
        for i in values.indices {
            let db = decibels(ofPower: values[i], reference: reference, amin: amin)
            values[i] = db
            maximum = max(maximum, db)
        }
        if let topDecibels {
            let floor = maximum - topDecibels
            for i in values.indices where values[i] < floor { values[i] = floor }
        }
    }

    /// One power value in decibels, without the top-dB clamp (which needs the whole array's maximum):
    /// `10·log10(max(amin, x)) − 10·log10(max(amin, reference))`, a non-finite `x` counting as `amin`.
    /// The one conversion both the whole-array path and the streaming summaries use.
    @inline(__always)
    public static func decibels(ofPower x: Float, reference: Float = 1, amin: Float = 1e-10) -> Float {
        10 * log10f(x.isFinite ? max(amin, x) : amin) - 10 * log10f(max(amin, reference))
    }

    /// Returns `values` converted with ``convertPowerToDecibels(_:reference:amin:topDecibels:)``.
    public static func powerToDecibels(
        _ values: [Float], reference: Float = 1, amin: Float = 1e-10, topDecibels: Float? = 80
    ) -> [Float] {
        var copy = values
        convertPowerToDecibels(&copy, reference: reference, amin: amin, topDecibels: topDecibels)
        return copy
    }
}
