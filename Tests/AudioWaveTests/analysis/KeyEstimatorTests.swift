import Foundation
import Testing

@testable import AudioWave
@testable import AudioWaveAnalysis

/// Synthetic chromagrams of cadential chord progressions, with the upper partials of each note
/// leaking into the pitch classes a fifth (3rd partial) and a major third (5th partial) above.
enum SyntheticChroma {
    /// Chord roots (semitones above the tonic) and qualities of I–IV–V–I–vi–ii–V–I (major) or
    /// i–iv–V–i–VI–iv–V–i (minor, harmonic-minor V).
    static func progression(_ mode: MusicalKey.Mode) -> [[Int]] {
        switch mode {
        case .major: [[0, 4, 7], [5, 9, 0], [7, 11, 2], [0, 4, 7], [9, 0, 4], [2, 5, 9], [7, 11, 2], [0, 4, 7]]
        case .minor: [[0, 3, 7], [5, 8, 0], [7, 11, 2], [0, 3, 7], [8, 0, 3], [5, 8, 0], [7, 11, 2], [0, 3, 7]]
        }
    }

    static func chromagram(of key: MusicalKey, framesPerChord: Int = 20, tuningCents: Double = 0) -> Chromagram {
        var values: [Float] = []
        for chord in progression(key.mode) {
            var frame = [Float](repeating: 0.02, count: 12)
            for interval in chord {
                let pitchClass = (key.tonic + interval) % 12
                frame[pitchClass] += 1
                frame[(pitchClass + 7) % 12] += 0.3
                frame[(pitchClass + 4) % 12] += 0.15
            }
            frame[(key.tonic + chord[0]) % 12] += 0.5  // the bass note
            for _ in 0..<framesPerChord { values += frame }
        }
        return Chromagram(values: values, sampleRate: 22050, hopLength: 512, tuningCents: tuningCents)
    }

    static let allKeys = MusicalKey.Mode.allCases.flatMap { mode in (0..<12).map { MusicalKey(tonic: $0, mode: mode) } }
}

@Suite("Key estimation")
struct KeyEstimatorTests {
    @Test(
        "every key of a synthetic cadential progression is found with the default profile",
        arguments: SyntheticChroma.allKeys)
    func syntheticKeys(key: MusicalKey) throws {
        let estimate = try #require(KeyEstimator().estimate(chromagram: SyntheticChroma.chromagram(of: key)))
        #expect(estimate.key == key, "found \(estimate.name) for \(key.name)")
        #expect(estimate.candidates.count == 3)
        #expect(estimate.candidates.first?.key == key)
        #expect(estimate.candidates.map(\.score) == estimate.candidates.map(\.score).sorted(by: >))
    }

    @Test(
        "every profile finds C major and A minor, with and without harmonic emphasis",
        arguments: KeyProfile.allCases, [true, false])
    func everyProfile(profile: KeyProfile, harmonicEmphasis: Bool) throws {
        let estimator = KeyEstimator(
            configuration: KeyConfiguration(profile: profile, harmonicEmphasis: harmonicEmphasis))
        for key in [MusicalKey(tonic: 0, mode: .major), MusicalKey(tonic: 9, mode: .minor)] {
            let estimate = try #require(estimator.estimate(chromagram: SyntheticChroma.chromagram(of: key)))
            #expect(estimate.key == key, "\(profile.rawValue) found \(estimate.name) for \(key.name)")
            #expect(estimate.profile == profile)
        }
    }

    @Test("the estimate carries the chroma's tuning and a confidence in 0...1")
    func tuningAndConfidence() throws {
        let key = MusicalKey(tonic: 6, mode: .minor)
        let estimate = try #require(
            KeyEstimator().estimate(chromagram: SyntheticChroma.chromagram(of: key, tuningCents: -12)))
        #expect(estimate.tuningCents == -12)
        #expect(estimate.confidence > 0.5 && estimate.confidence <= 1)
        #expect(estimate.name == "F# minor")
        #expect(estimate.camelot == "11A")
        #expect(estimate.openKey == "4m")
        #expect(estimate.tonic == "F#")
        #expect(estimate.mode == .minor)
    }

    @Test("frames with weight 0 do not vote")
    func frameWeights() throws {
        let cMajor = SyntheticChroma.chromagram(of: MusicalKey(tonic: 0, mode: .major))
        let fSharpMinor = SyntheticChroma.chromagram(of: MusicalKey(tonic: 6, mode: .minor), framesPerChord: 40)
        let mixed = Chromagram(
            values: cMajor.values + fSharpMinor.values, sampleRate: 22050, hopLength: 512, tuningCents: 0)
        #expect(KeyEstimator().estimate(chromagram: mixed)?.name == "F# minor")
        let weights =
            [Float](repeating: 1, count: cMajor.frameCount) + [Float](repeating: 0, count: fSharpMinor.frameCount)
        #expect(KeyEstimator().estimate(chromagram: mixed, frameWeights: weights)?.name == "C major")
    }

    @Test("frames 50 dB below the loudest are not audible")
    func audibleFrames() {
        let chroma = Chromagram(values: [], sampleRate: 22050, hopLength: 512, tuningCents: 0)
        let features = SummarizedFeatures(
            frameCount: 4, sampleRate: 22050, hopLength: 512, summaries: nil, onsetEnvelope: [], chroma: chroma,
            rms: [1, 0.001, 0.01, 0])
        #expect(features.audibleFrameWeights == [1, 0, 1, 0])
    }

    @Test("a flat chroma has low confidence and an empty one gives no estimate")
    func flatAndEmpty() {
        let flat = Chromagram(
            values: [Float](repeating: 1, count: 120), sampleRate: 22050, hopLength: 512, tuningCents: 0)
        #expect(KeyEstimator().estimate(chromagram: flat) == nil)
        let silent = Chromagram(
            values: [Float](repeating: 0, count: 120), sampleRate: 22050, hopLength: 512, tuningCents: 0)
        #expect(KeyEstimator().estimate(chromagram: silent) == nil)
        #expect(KeyEstimator().estimate(meanChroma: [1, 2, 3]) == nil)
    }

    @Test("harmonic expansion folds the fifth and the third above into the profile")
    func harmonicExpansion() {
        let tonicOnly = [1.0] + [Double](repeating: 0, count: 11)
        let expanded = KeyProfile.krumhanslKessler.harmonicallyExpanded(tonicOnly, decay: 0.5)
        // Partials 1, 2, 4 on the tonic (1 + 0.5 + 0.125), 3 and 6 on the fifth (0.25 + 0.03125), 5 on the third (0.0625).
        #expect(abs(expanded[0] - 1.625) < 1e-12)
        #expect(abs(expanded[7] - 0.28125) < 1e-12)
        #expect(abs(expanded[4] - 0.0625) < 1e-12)
        #expect(expanded.enumerated().filter { ![0, 4, 7].contains($0.offset) }.allSatisfy { $0.element == 0 })
    }

    @Test("every profile has twelve positive weights per mode with the tonic among the strongest")
    func profilesAreWellFormed() {
        for profile in KeyProfile.allCases {
            for mode in MusicalKey.Mode.allCases {
                let weights = profile.weights(for: mode)
                #expect(weights.count == 12)
                #expect(weights.allSatisfy { $0 > 0 })
                #expect(weights[0] >= weights.sorted(by: >)[2], "\(profile.rawValue) \(mode)")
            }
        }
    }
}

@Suite("Key names")
struct MusicalKeyTests {
    @Test(
        "Camelot and Open Key codes",
        arguments: [
            ("C major", "8B", "1d"), ("A minor", "8A", "1m"), ("F# minor", "11A", "4m"), ("G major", "9B", "2d"),
            ("B major", "1B", "6d"), ("D# minor", "2A", "7m"), ("F major", "7B", "12d"), ("D minor", "7A", "12m"),
        ])
    func codes(name: String, camelot: String, openKey: String) throws {
        let key = try #require(MusicalKey(parsing: name))
        #expect(key.name == name)
        #expect(key.camelot == camelot)
        #expect(key.openKey == openKey)
    }

    @Test(
        "spellings parse to the sharp name",
        arguments: [
            ("Gb major", "F# major"), ("f#m", "F# minor"), ("Bbmin", "A# minor"), ("A", "A major"),
            ("C#:minor", "C# minor"),
            ("E♭ major", "D# major"), ("Cb major", "B major"),
        ])
    func parsing(text: String, name: String) {
        #expect(MusicalKey(parsing: text)?.name == name)
    }

    @Test("nonsense does not parse", arguments: ["", "H major", "C dorian", "X"])
    func rejects(text: String) {
        #expect(MusicalKey(parsing: text) == nil)
    }

    @Test("relative and parallel keys")
    func relatives() {
        #expect(MusicalKey(tonic: 0, mode: .major).relative == MusicalKey(tonic: 9, mode: .minor))
        #expect(MusicalKey(tonic: 9, mode: .minor).relative == MusicalKey(tonic: 0, mode: .major))
        #expect(MusicalKey(tonic: 0, mode: .major).parallel == MusicalKey(tonic: 0, mode: .minor))
    }
}

@Suite("Key: frames vote by their tonal share")
struct KeyTonalVoteTests {
    /// C major chords whose frames are mostly partials (tonal share 0.8), interleaved with twice as many
    /// drum frames (share 0.05) whose resonances sit on F♯ and C♯: counted equally, the drums pull the mean
    /// chroma off C major; voting by tonal share keeps it.
    @Test("drum frames with pitched resonances do not outvote the frames that carry notes")
    func drumFramesWeighLittle() throws {
        let tonal = SyntheticChroma.chromagram(of: MusicalKey(tonic: 0, mode: .major), framesPerChord: 10)
        var values: [Float] = []
        var shares: [Float] = []
        var drum = [Float](repeating: 0.3, count: 12)
        drum[6] = 1
        drum[1] = 0.9
        for frame in 0..<tonal.frameCount {
            values += tonal.values[(frame * 12)..<(frame * 12 + 12)]
            shares.append(0.8)
            for _ in 0..<2 {
                values += drum
                shares.append(0.05)
            }
        }
        let mixed = Chromagram(values: values, sampleRate: 22050, hopLength: 512, tuningCents: 0, tonalShare: shares)
        let unweighted = Chromagram(values: values, sampleRate: 22050, hopLength: 512, tuningCents: 0)
        let voted = try KeyEstimator().analyze(chromagram: mixed).get()
        #expect(voted.key == MusicalKey(tonic: 0, mode: .major), "found \(voted.name)")
        let counted = try? KeyEstimator().analyze(chromagram: unweighted).get()
        #expect(counted?.key != MusicalKey(tonic: 0, mode: .major), "the drums must be able to mislead")
    }

    @Test("the vote is full from half the power in partials, proportional below, never zero")
    func voteShape() {
        #expect(KeyEstimator.tonalVote(nil) == 1)
        #expect(KeyEstimator.tonalVote(0.9) == 1)
        #expect(abs(KeyEstimator.tonalVote(0.25) - 0.5) < 1e-6)
        #expect(KeyEstimator.tonalVote(0) == 0.02)
        #expect(KeyEstimator.tonalVote(.nan) == 1)
    }
}
