/// The one decoding policy of every AudioWave configuration (engine, analysis, tempo, key): a missing
/// key takes the default, an unknown key is an error naming the field. A leaf target with no
/// dependencies, so the generic engine and the audio layers share it without seeing each other.

/// A coding key for any string, to list the keys a JSON object really holds.
struct AnyCodingKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

extension Decoder {
    /// The keys of the JSON object being decoded that `Keys` does not list, sorted, each as a dotted
    /// field path from the top of the document (`tempo.min_bmp`). Empty when every key is known.
    /// - Throws: `DecodingError` when the value is not an object.
    public func unknownKeys<Keys: CodingKey & CaseIterable>(_ keys: Keys.Type) throws -> [String] {
        let container = try container(keyedBy: AnyCodingKey.self)
        let known = Set(Keys.allCases.map(\.stringValue))
        let path = codingPath.map(\.stringValue)
        return container.allKeys.map(\.stringValue).sorted().filter { !known.contains($0) }
            .map { (path + [$0]).joined(separator: ".") }
    }

    /// The keyed container of a configuration object, after checking that it holds no key `Keys` does not
    /// list: the first unknown one becomes the caller's own error, built from its dotted field path and the
    /// reason ("unknown key; known keys are …").
    public func strictContainer<Keys: CodingKey & CaseIterable>(
        _ keys: Keys.Type, error: (_ field: String, _ reason: String) -> any Error
    ) throws -> KeyedDecodingContainer<Keys> {
        if let field = try unknownKeys(keys).first {
            throw error(field, "unknown key; known keys are \(knownKeys(keys))")
        }
        return try container(keyedBy: keys)
    }

    /// The known keys of `Keys`, sorted and comma-separated, for an unknown-key message.
    public func knownKeys<Keys: CodingKey & CaseIterable>(_ keys: Keys.Type) -> String {
        Keys.allCases.map(\.stringValue).sorted().joined(separator: ", ")
    }
}

extension KeyedDecodingContainer {
    /// The value under `key`, or `fallback` when the key is absent (a JSON `null` is a type error, as
    /// for any non-optional field).
    public func decode<T: Decodable>(_ key: Key, or fallback: T) throws -> T {
        try decodeIfPresent(T.self, forKey: key) ?? fallback
    }
}
