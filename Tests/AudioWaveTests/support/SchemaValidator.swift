import Foundation

/// A small JSON Schema (draft 2020-12) validator: exactly the keywords `docs/report.schema.json`
/// uses. An unknown keyword is an error, so the schema cannot use a rule this validator would
/// silently ignore.
///
/// Supported: `type` (string or array, incl. `integer` and `null`), `properties`, `required`,
/// `additionalProperties: false`, `items`, `enum`, `minimum`, `maximum`, `exclusiveMinimum`,
/// `minLength`, `pattern`, `oneOf`, `$ref` to `#/$defs/NAME`. Annotations (`$schema`, `$id`,
/// `title`, `description`, `$defs`) are ignored.
struct SchemaValidator {
    let root: JSONValue

    private static let annotations: Set<String> = ["$schema", "$id", "title", "description", "$defs"]
    private static let keywords: Set<String> = [
        "type", "properties", "required", "additionalProperties", "items", "enum", "minimum", "maximum",
        "exclusiveMinimum", "minLength", "pattern", "oneOf", "$ref",
    ]

    /// The validation errors of `instance` (empty when valid), each with a JSON-pointer-like path.
    func errors(in instance: JSONValue) -> [String] {
        var errors: [String] = []
        check(instance, against: root, at: "$", into: &errors)
        return errors
    }

    private func check(_ value: JSONValue, against schema: JSONValue, at path: String, into errors: inout [String]) {
        guard case .object(let rules) = schema else {
            errors.append("\(path): schema is not an object")
            return
        }
        for keyword in rules.keys where !Self.keywords.contains(keyword) && !Self.annotations.contains(keyword) {
            errors.append("\(path): unsupported schema keyword \(keyword)")
        }
        if let reference = rules["$ref"]?.stringValue {
            guard let target = resolve(reference) else {
                errors.append("\(path): unresolvable $ref \(reference)")
                return
            }
            check(value, against: target, at: path, into: &errors)
        }
        if let types = rules["type"] { checkType(value, types, path, &errors) }
        if case .array(let allowed) = rules["enum"], !allowed.contains(value) {
            errors.append("\(path): \(value) not in enum")
        }
        if case .array(let options) = rules["oneOf"] {
            let matching = options.filter { option in
                var optionErrors: [String] = []
                check(value, against: option, at: path, into: &optionErrors)
                return optionErrors.isEmpty
            }
            if matching.count != 1 { errors.append("\(path): matches \(matching.count) of oneOf, not 1") }
        }
        checkNumber(value, rules, path, &errors)
        checkString(value, rules, path, &errors)
        checkObject(value, rules, path, &errors)
        if case .array(let items) = value, let itemSchema = rules["items"] {
            for (index, item) in items.enumerated() {
                check(item, against: itemSchema, at: "\(path)[\(index)]", into: &errors)
            }
        }
    }

    private func resolve(_ reference: String) -> JSONValue? {
        let prefix = "#/$defs/"
        guard reference.hasPrefix(prefix) else { return nil }
        return root["$defs"]?[String(reference.dropFirst(prefix.count))]
    }

    private func checkType(_ value: JSONValue, _ types: JSONValue, _ path: String, _ errors: inout [String]) {
        let names: [String]
        switch types {
        case .string(let name): names = [name]
        case .array(let list): names = list.compactMap(\.stringValue)
        default: names = []
        }
        let matches = names.contains { name in
            switch (name, value) {
            case ("null", .null), ("boolean", .bool), ("string", .string), ("array", .array), ("object", .object):
                true
            case ("integer", .integer), ("number", .integer), ("number", .number): true
            case ("integer", .number(let number)): number.rounded() == number
            default: false
            }
        }
        if !matches { errors.append("\(path): \(value) is not of type \(names)") }
    }

    private func checkNumber(_ value: JSONValue, _ rules: [String: JSONValue], _ path: String, _ errors: inout [String])
    {
        guard let number = value.doubleValue else { return }
        if let minimum = rules["minimum"]?.doubleValue, number < minimum {
            errors.append("\(path): \(number) < minimum \(minimum)")
        }
        if let maximum = rules["maximum"]?.doubleValue, number > maximum {
            errors.append("\(path): \(number) > maximum \(maximum)")
        }
        if let bound = rules["exclusiveMinimum"]?.doubleValue, number <= bound {
            errors.append("\(path): \(number) <= exclusiveMinimum \(bound)")
        }
    }

    private func checkString(_ value: JSONValue, _ rules: [String: JSONValue], _ path: String, _ errors: inout [String])
    {
        guard case .string(let text) = value else { return }
        if let minimum = rules["minLength"]?.doubleValue, Double(text.count) < minimum {
            errors.append("\(path): shorter than \(minimum)")
        }
        if let pattern = rules["pattern"]?.stringValue {
            guard let regex = try? NSRegularExpression(pattern: pattern) else {
                errors.append("\(path): bad pattern \(pattern)")
                return
            }
            let range = NSRange(text.startIndex..., in: text)
            if regex.firstMatch(in: text, range: range) == nil {
                errors.append("\(path): \"\(text)\" does not match \(pattern)")
            }
        }
    }

    private func checkObject(_ value: JSONValue, _ rules: [String: JSONValue], _ path: String, _ errors: inout [String])
    {
        guard case .object(let members) = value else { return }
        if case .array(let required) = rules["required"] {
            for case .string(let name) in required where members[name] == nil {
                errors.append("\(path): missing required \(name)")
            }
        }
        let properties: [String: JSONValue]
        if case .object(let declared) = rules["properties"] { properties = declared } else { properties = [:] }
        for (name, member) in members.sorted(by: { $0.key < $1.key }) {
            if let propertySchema = properties[name] {
                check(member, against: propertySchema, at: "\(path).\(name)", into: &errors)
            } else if rules["additionalProperties"] == .bool(false) {
                errors.append("\(path): additional property \(name)")
            }
        }
    }
}

extension SchemaValidator {
    /// The package root, found from this source file's location.
    static var packageRoot: URL {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
    }

    /// The validator for `docs/report.schema.json`.
    static func reportSchema() throws -> SchemaValidator {
        let url = packageRoot.appendingPathComponent("docs/report.schema.json")
        return SchemaValidator(root: try JSONValue.parse(Data(contentsOf: url)))
    }
}
