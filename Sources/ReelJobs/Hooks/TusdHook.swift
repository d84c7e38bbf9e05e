import Foundation

/// A tusd v2 HTTP hook request (`tusd -hooks-http URL`): `{"Type": "post-finish", "Event": {"Upload": …}}`.
///
/// `post-finish` becomes a job for the uploaded file: `Storage.Type` `filestore` names a local
/// `Storage.Path`, `s3store` names `s3://Storage.Bucket/Storage.Key`. `pre-create` is checked so an
/// upload asking for an unknown ladder is refused before any byte is sent. Every other hook type is
/// answered with an empty response.
public struct TusdHook: Sendable, Equatable {
    /// What the hook asks of Reel.
    public enum Action: Sendable, Equatable {
        /// A finished upload to package.
        case package(UploadNotice)
        /// A new upload whose metadata names this ladder (to validate).
        case validate(ladder: String?)
        /// Nothing to do.
        case ignore
    }

    /// The hook type (`pre-create`, `post-finish`, …).
    var type: String
    public var action: Action

    /// Parses a hook request body.
    /// - Parameter body: The JSON body tusd sent.
    /// - Throws: `HookError` naming the missing or malformed field.
    public init(parsing body: [UInt8]) throws(HookError) {
        let object: [String: Any]
        do {
            guard let parsed = try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] else {
                throw HookError("tusd hook: the body is not a JSON object")
            }
            object = parsed
        } catch let error as HookError {
            throw error
        } catch {
            throw HookError("tusd hook: the body is not valid JSON")
        }
        guard let type = object["Type"] as? String, !type.isEmpty else {
            throw HookError("tusd hook: missing \"Type\"")
        }
        self.type = type
        guard type == "post-finish" || type == "pre-create" else {
            action = .ignore
            return
        }
        guard let event = object["Event"] as? [String: Any], let upload = event["Upload"] as? [String: Any] else {
            throw HookError("tusd hook \(type): missing \"Event.Upload\"")
        }
        let metadata = (upload["MetaData"] as? [String: Any] ?? [:]).compactMapValues { $0 as? String }
        let ladder = metadata["ladder"].flatMap { $0.isEmpty ? nil : $0 }
        if type == "pre-create" {
            action = .validate(ladder: ladder)
            return
        }
        // A partial upload (concatenation extension) is a piece of a file, not the file: the
        // final upload that joins the pieces gets its own post-finish.
        if upload["IsPartial"] as? Bool == true {
            action = .ignore
            return
        }
        guard let id = upload["ID"] as? String, !id.isEmpty else {
            throw HookError("tusd hook post-finish: missing \"Event.Upload.ID\"")
        }
        guard let storage = upload["Storage"] as? [String: Any], let storageType = storage["Type"] as? String else {
            throw HookError("tusd hook post-finish: missing \"Event.Upload.Storage.Type\"")
        }
        let source: String
        switch storageType {
        case "filestore":
            guard let path = storage["Path"] as? String, !path.isEmpty else {
                throw HookError("tusd hook post-finish: filestore upload without \"Storage.Path\"")
            }
            source = path
        case "s3store":
            guard let bucket = storage["Bucket"] as? String, !bucket.isEmpty,
                let key = storage["Key"] as? String, !key.isEmpty
            else {
                throw HookError("tusd hook post-finish: s3store upload without \"Storage.Bucket\" and \"Storage.Key\"")
            }
            source = "s3://\(bucket)/\(key)"
        default:
            throw HookError("tusd hook post-finish: unsupported storage type \"\(storageType)\" (filestore or s3store)")
        }
        let size = (upload["Size"] as? NSNumber)?.int64Value
        var echoed = metadata
        echoed["tusd_upload_id"] = id
        action = .package(
            UploadNotice(source: source, version: size.map { "\(id):\($0)" } ?? id, ladder: ladder, metadata: echoed))
    }
}
