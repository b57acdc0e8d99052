/// AudioWave's version, written into every report as `analyzer_version`.
public enum AudioWaveVersion {
    /// The analyzer's semantic version.
    public static let analyzer = "0.9.4"
}
