import Foundation
import Yams

/// The service's OpenAPI 3.1 document (`api/openapi.yaml`), served at `GET /openapi.yaml` and, as
/// JSON, at `GET /openapi.json`. The text is compiled in (`OpenAPIDocument+Text.swift`, kept equal
/// to `api/openapi.yaml` by `OpenAPIDocumentTests`), so the binary needs no file beside it.
enum OpenAPIDocument {
    /// The document as YAML, exactly as in `api/openapi.yaml`.
    static var yamlText: String { text }

    /// The document as JSON (keys sorted), or nil if the YAML does not convert.
    static let jsonData: Data? = {
        guard let value = try? Yams.load(yaml: text) else { return nil }
        let json = jsonValue(value)
        guard JSONSerialization.isValidJSONObject(json) else { return nil }
        return try? JSONSerialization.data(withJSONObject: json, options: [.sortedKeys, .withoutEscapingSlashes])
    }()

    /// The paths and methods the document describes, e.g. `GET /v1/jobs/{id}`.
    static var operations: Set<String> {
        guard let data = jsonData, let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let paths = object["paths"] as? [String: Any]
        else { return [] }
        let methods: Set<String> = ["get", "put", "post", "delete", "options", "head", "patch", "trace"]
        var operations: Set<String> = []
        for (path, item) in paths {
            for method in (item as? [String: Any])?.keys ?? [:].keys where methods.contains(method) {
                operations.insert("\(method.uppercased()) \(path)")
            }
        }
        return operations
    }

    /// A YAML value as a JSON value: string keys everywhere, anything else YAML may hold as text.
    private static func jsonValue(_ value: Any) -> Any {
        switch value {
        case let dictionary as [AnyHashable: Any]:
            var object: [String: Any] = [:]
            for (key, item) in dictionary { object["\(key.base)"] = jsonValue(item) }
            return object
        case let array as [Any]:
            return array.map(jsonValue)
        case is String, is Bool, is Int, is Double, is NSNull:
            return value
        case let date as Date:
            return ISO8601DateFormatter().string(from: date)
        default:
            return "\(value)"
        }
    }
}
