import Foundation
package import ReelCore
import Synchronization

/// The JSON the stores write and read: the spec, result and error columns, and the job carried by
/// the status events (`queued`, `retrying`, `released`, `succeeded`, `failed`, `cancelled`).
package enum JobJSON {
    private static let sealing = Mutex<ContentKeySealing?>(nil)

    /// Seals the content keys of encrypted jobs in every spec written from now on, and opens them
    /// when specs are read; nil leaves keys redacted (and the service refuses jobs with keys).
    package static func sealContentKeys(with sealing: ContentKeySealing?) {
        self.sealing.withLock { $0 = sealing }
    }

    /// Whether content keys can be kept (a key secret is configured).
    package static var sealsContentKeys: Bool { sealing.withLock { $0 != nil } }

    /// Encodes a column value (keys sorted, so equal values are equal text).
    /// - Parameter value: The spec, result or error.
    /// - Returns: The JSON text.
    static func encode<Value: Encodable>(_ value: Value) throws(JobStoreError) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        encoder.userInfo[JobResult.storeFormKey] = true
        if let sealing = sealing.withLock({ $0 }) { encoder.userInfo[.contentKeySealing] = sealing }
        return try text(of: value, encoder: encoder)
    }

    /// Decodes a column value.
    /// - Parameters:
    ///   - type: The type stored in the column.
    ///   - text: The column's JSON text.
    ///   - column: The column's name, for the error.
    /// - Returns: The value.
    static func decode<Value: Decodable>(_ type: Value.Type, from text: String, column: String)
        throws(JobStoreError) -> Value
    {
        do {
            let decoder = JSONDecoder()
            if let sealing = sealing.withLock({ $0 }) { decoder.userInfo[.contentKeySealing] = sealing }
            return try decoder.decode(type, from: Data(text.utf8))
        } catch {
            throw .invalid("stored \(column) is not a valid \(type): \(error)")
        }
    }

    /// The data of a status event: the job as the API shows it (ISO 8601 dates, sorted keys).
    /// - Parameter job: The job after the change.
    /// - Returns: The JSON text.
    static func eventData(_ job: Job) throws(JobStoreError) -> String {
        try text(of: job, encoder: JobCoding.encoder)
    }

    private static func text<Value: Encodable>(of value: Value, encoder: JSONEncoder) throws(JobStoreError) -> String {
        do {
            return String(decoding: try encoder.encode(value), as: UTF8.self)
        } catch {
            throw .invalid("cannot encode \(Value.self) as JSON: \(error)")
        }
    }
}
