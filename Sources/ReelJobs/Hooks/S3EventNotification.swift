import Foundation

/// An S3 event notification body, from AWS S3 (directly or unwrapped from SNS) or from a MinIO
/// webhook: `{"Records": [{"eventName": "ObjectCreated:Put", "s3": {"bucket": {"name"}, "object":
/// {"key", "size", "eTag"}}}]}`. MinIO adds `EventName` and `Key` at the top and prefixes event
/// names with `s3:`; both spellings are accepted. Keys arrive form-encoded (`+` for space).
struct S3EventNotification: Sendable, Equatable {
    /// One object-created record as a finished upload.
    var uploads: [UploadNotice]
    /// Whether this is the `s3:TestEvent` S3 sends when notifications are configured.
    var isTestEvent: Bool

    /// Parses a notification.
    /// - Parameter object: The decoded JSON body.
    /// - Throws: `HookError` naming the malformed field.
    init(json object: [String: Any]) throws(HookError) {
        if let event = object["Event"] as? String, event == "s3:TestEvent" {
            uploads = []
            isTestEvent = true
            return
        }
        isTestEvent = false
        guard let records = object["Records"] as? [Any] else {
            throw HookError("S3 event: missing \"Records\"")
        }
        var uploads: [UploadNotice] = []
        for (index, item) in records.enumerated() {
            guard let record = item as? [String: Any] else {
                throw HookError("S3 event: Records[\(index)] is not an object")
            }
            guard var name = record["eventName"] as? String else {
                throw HookError("S3 event: Records[\(index)].eventName is missing")
            }
            if name.hasPrefix("s3:") { name.removeFirst(3) }
            guard name.hasPrefix("ObjectCreated:") else { continue }
            guard let s3 = record["s3"] as? [String: Any],
                let bucket = (s3["bucket"] as? [String: Any])?["name"] as? String, !bucket.isEmpty
            else { throw HookError("S3 event: Records[\(index)].s3.bucket.name is missing") }
            guard let object = s3["object"] as? [String: Any], let encodedKey = object["key"] as? String,
                let key = Self.formDecoded(encodedKey), !key.isEmpty
            else { throw HookError("S3 event: Records[\(index)].s3.object.key is missing or malformed") }
            let etag = (object["eTag"] as? String ?? object["etag"] as? String)?
                .trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            let size = (object["size"] as? NSNumber)?.int64Value
            uploads.append(
                UploadNotice(
                    source: "s3://\(bucket)/\(key)",
                    version: etag.flatMap { $0.isEmpty ? nil : $0 } ?? size.map(String.init),
                    metadata: ["event": name]))
        }
        self.uploads = uploads
    }

    /// Decodes an `application/x-www-form-urlencoded` value: `+` is a space, then percent escapes.
    static func formDecoded(_ text: String) -> String? {
        text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }
}
