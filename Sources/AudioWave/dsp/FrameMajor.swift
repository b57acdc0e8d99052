/// Helpers for frame-major series (`width` values per frame, frame after frame).
package enum FrameMajor {
    /// Frames 0, n, 2n, … of `values` (⌈frames / n⌉ of them); `stride` ≤ 1 returns `values` as they are.
    package static func everyFrame(_ stride: Int, of values: [Float], width: Int) -> [Float] {
        guard stride > 1, width > 0 else { return values }
        let frames = values.count / width
        let kept = (frames + stride - 1) / stride
        var result: [Float] = []
        result.reserveCapacity(kept * width)
        for frame in Swift.stride(from: 0, to: frames, by: stride) {
            result.append(contentsOf: values[(frame * width)..<((frame + 1) * width)])
        }
        return result
    }
}
