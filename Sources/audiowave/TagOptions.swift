import ArgumentParser
import AudioWave

/// `analyze --write-tags`: BPM and key into the analysed files' own tags (`TagWriter`).
struct TagOptions: ParsableArguments {
    @Flag(
        help:
            "After each successful analysis, write the BPM (rounded to an integer) and the key into the file's own tags (ID3v2 in MP3, Vorbis comments in FLAC/Ogg/Opus, MP4 atoms in M4A), each only when its confidence reaches --tag-min-confidence. WAV, AIFF and other formats are left alone."
    )
    var writeTags = false

    @Option(
        parsing: .unconditional,
        help: "Confidence (0...1) the tempo or the key needs to be written into tags (default: 0.5).")
    var tagMinConfidence: Double?

    @Option(
        help: "Notation of the key written into tags: standard (F#m), camelot (11A), open-key (4m) (default: standard)."
    )
    var keyNotation: KeyNotation?

    @Flag(help: "With --write-tags: read the tags and show what would change (old → new), write nothing.")
    var dryRun = false

    func validate() throws {
        if !writeTags {
            if dryRun { throw ValidationError("--dry-run needs --write-tags") }
            if tagMinConfidence != nil { throw ValidationError("--tag-min-confidence needs --write-tags") }
            if keyNotation != nil { throw ValidationError("--key-notation needs --write-tags") }
        }
        do {
            try writeOptions?.validate()
        } catch {
            throw ValidationError("--tag-min-confidence must be in 0...1, got \(tagMinConfidence ?? 0)")
        }
    }

    /// The writer's options, nil without `--write-tags`.
    var writeOptions: TagWriteOptions? {
        guard writeTags else { return nil }
        let defaults = TagWriteOptions()
        return TagWriteOptions(
            minConfidence: tagMinConfidence ?? defaults.minConfidence,
            keyNotation: keyNotation ?? defaults.keyNotation, dryRun: dryRun)
    }
}

// Here, not in the library: the CLI is the only place that parses it from arguments. The command line spells
// Open Key `open-key`, reports `open_key`.
extension KeyNotation: ExpressibleByArgument {
    public init?(argument: String) {
        switch argument {
        case "standard": self = .standard
        case "camelot": self = .camelot
        case "open-key": self = .openKey
        default: return nil
        }
    }

    public static var allValueStrings: [String] { ["standard", "camelot", "open-key"] }
}
