import AudioWaveDSP
import Foundation

/// A musical key: a tonic pitch class and a mode, with its common spellings.
public struct MusicalKey: Sendable, Codable, Hashable, CustomStringConvertible {
    /// Major or minor.
    public enum Mode: String, Sendable, Codable, Hashable, CaseIterable {
        /// The major mode (Ionian).
        case major
        /// The minor mode (natural, harmonic and melodic minor alike).
        case minor
    }

    /// Pitch-class names with sharps, index 0 = C.
    public static let pitchClassNames = ["C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B"]

    /// Tonic pitch class, 0 = C … 11 = B.
    public var tonic: Int
    /// The mode.
    public var mode: Mode

    /// Creates a key; `tonic` is reduced modulo 12.
    public init(tonic: Int, mode: Mode) {
        self.tonic = ((tonic % 12) + 12) % 12
        self.mode = mode
    }

    /// Parses "F# minor", "Gb major", "f#m", "Bbmin", "A" (major), "C#:minor".
    ///
    /// Flats are spelt as the enharmonic sharp. Returns nil for anything else.
    public init?(parsing text: String) {
        var body = text.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "♯", with: "#")
            .replacingOccurrences(of: "♭", with: "b").replacingOccurrences(of: ":", with: " ")
        guard let first = body.first, let letterIndex = "CDEFGAB".firstIndex(of: Character(first.uppercased()))
        else { return nil }
        let naturals = [0, 2, 4, 5, 7, 9, 11]
        var pitchClass = naturals["CDEFGAB".distance(from: "CDEFGAB".startIndex, to: letterIndex)]
        body.removeFirst()
        if body.first == "#" {
            pitchClass += 1
            body.removeFirst()
        } else if body.first == "b" {
            pitchClass -= 1
            body.removeFirst()
        }
        let rest = body.trimmingCharacters(in: .whitespaces).lowercased()
        switch rest {
        case "", "maj", "major", "m": self.init(tonic: pitchClass, mode: rest == "m" ? .minor : .major)
        case "min", "minor": self.init(tonic: pitchClass, mode: .minor)
        default: return nil
        }
    }

    /// The name with sharps: "F# minor".
    public var name: String { "\(MusicalKey.pitchClassNames[tonic]) \(mode.rawValue)" }

    /// The tonic's name with sharps: "F#".
    public var tonicName: String { MusicalKey.pitchClassNames[tonic] }

    /// Same as ``name``.
    public var description: String { name }

    /// The number (1…12) on the circle of fifths shared by Camelot and Open Key, before their offset:
    /// the position of the key (or of its relative major) counted in fifths from C.
    private var fifthsFromC: Int {
        let majorTonic = mode == .major ? tonic : (tonic + 3) % 12
        return (majorTonic * 7) % 12
    }

    /// The Camelot wheel code: "8B" for C major, "8A" for A minor, "11A" for F# minor.
    public var camelot: String {
        "\((fifthsFromC + 7) % 12 + 1)\(mode == .major ? "B" : "A")"
    }

    /// The Open Key notation code: "1d" for C major, "1m" for A minor, "4m" for F# minor.
    public var openKey: String {
        "\(fifthsFromC + 1)\(mode == .major ? "d" : "m")"
    }

    /// The relative key (C major ↔ A minor).
    public var relative: MusicalKey {
        mode == .major ? MusicalKey(tonic: tonic + 9, mode: .minor) : MusicalKey(tonic: tonic + 3, mode: .major)
    }

    /// The parallel key (C major ↔ C minor).
    public var parallel: MusicalKey { MusicalKey(tonic: tonic, mode: mode == .major ? .minor : .major) }
}
