public import Foundation

extension PackageJob {
    /// Decodes a request from its JSON form (the body of `POST /v1/jobs`, the file of
    /// `reel package --job`), with one line naming the field for every mistake.
    /// - Parameter data: The JSON text.
    /// - Returns: The request; an inline ladder is already validated.
    /// - Throws: `ReelError.permanent`: `the job is not valid: field "segment_duration" must be a number`.
    public static func decode(json data: Data) throws(ReelError) -> PackageJob {
        do {
            guard (try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])) is [String: Any] else {
                let valid = (try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])) != nil
                throw ReelError.permanent(
                    "the job is not valid: \(valid ? "the body must be a JSON object" : "the body is not valid JSON")")
            }
            if let number = JSONValue.inexactNumber(in: data) {
                let shown = number.count > 40 ? number.prefix(40) + "…" : Substring(number)
                throw ReelError.permanent(
                    "the job is not valid: the number \(shown) cannot be kept exactly (at most 38 significant digits); "
                        + "send it as a string")
            }
            return try JSONDecoder().decode(PackageJob.self, from: data)
        } catch let error as ReelError {
            throw error
        } catch let error as DecodingError {
            throw .permanent("the job is not valid: \(describe(error))")
        } catch {
            throw .permanent("the job is not valid: \(error)")
        }
    }

    /// The request as JSON, keys sorted (what `reel package --job` reads back).
    func json() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(self)) ?? Data("{}".utf8)
    }

    /// A decoding error as one line naming the field.
    static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.reduce("") { text, key in
                key.intValue.map { "\(text)[\($0)]" } ?? (text.isEmpty ? key.stringValue : "\(text).\(key.stringValue)")
            }
        }
        func choices(_ field: String) -> String? {
            if field.hasPrefix("formats") { return "hls or dash" }
            if field.hasPrefix("hls_segments") { return "fmp4 or ts" }
            return nil
        }
        func typeName(_ type: Any.Type) -> String {
            switch type {
            case is String.Type: return "a string"
            case is Double.Type, is Int.Type: return "a number"
            case is Bool.Type: return "true or false"
            default: return "\(type)"
            }
        }
        switch error {
        case .keyNotFound(let key, let context):
            let parent = path(context)
            return "missing field \"\(parent.isEmpty ? key.stringValue : parent + "." + key.stringValue)\""
        case .typeMismatch(let type, let context), .valueNotFound(let type, let context):
            let field = path(context)
            if let choices = choices(field) { return "field \"\(field)\" must be \(choices)" }
            return "field \"\(field)\" must be \(typeName(type))"
        case .dataCorrupted(let context):
            let field = path(context)
            if field.isEmpty { return "the body is not valid JSON" }
            if let choices = choices(field) { return "field \"\(field)\" must be \(choices)" }
            if context.debugDescription.hasPrefix("unknown field") { return context.debugDescription }
            return "field \"\(field)\": \(context.debugDescription)"
        @unknown default: return "\(error)"
        }
    }
}
