import ReelCore
import Foundation
import ReelJobs

/// The largest value each variable-size field of a job may have, checked before the job is queued
/// (from the API and from every hook alike): 400 naming the field and its limit otherwise.
struct JobFieldLimits: Sendable {
    /// Bytes of `source`.
    var source: Int
    /// Bytes of `output`.
    var output: Int
    /// Bytes of `callback_url`.
    var callbackURL: Int
    /// Bytes of `metadata` as JSON.
    var metadata: Int

    /// The limits of a configuration.
    init(_ configuration: ServiceConfiguration) {
        source = configuration.sourceLimit
        output = configuration.outputLimit
        callbackURL = configuration.callbackURLLimit
        metadata = configuration.metadataLimit
    }

    /// Refuses a job with a field over its limit.
    /// - Parameter spec: The job.
    /// - Throws: `ServiceError` 400 naming the field and the limit.
    func check(_ spec: PackageJob) throws(ServiceError) {
        try Self.check("source", spec.source.utf8.count, limit: source)
        try Self.check("output", spec.output?.utf8.count ?? 0, limit: output)
        try Self.check("callback_url", spec.callbackURL?.utf8.count ?? 0, limit: callbackURL)
        if let encryption = spec.encryption, !encryption.keys.isEmpty, !JobJSON.sealsContentKeys {
            throw .badRequest(
                "encryption: this server keeps no content keys; give a CPIX document by reference (cpix), or its "
                    + "operator sets key_secret (REEL_KEY_SECRET) to accept keys")
        }
        guard spec.subtitles.count <= Self.maximumSubtitles else {
            throw .badRequest("subtitles: \(spec.subtitles.count) tracks is over the limit of \(Self.maximumSubtitles)")
        }
        for (index, subtitle) in spec.subtitles.enumerated() {
            try Self.check("subtitles[\(index)].source", subtitle.uri.utf8.count, limit: source)
            try Self.check("subtitles[\(index)].name", subtitle.name?.utf8.count ?? 0, limit: 256)
        }
        if let value = spec.metadata {
            let size = (try? JobCoding.encoder.encode(value).count) ?? Int.max
            try Self.check("metadata", size, limit: metadata)
        }
    }

    /// The most subtitle tracks a request may add.
    static let maximumSubtitles = 32

    private static func check(_ field: String, _ size: Int, limit: Int) throws(ServiceError) {
        guard size <= limit else {
            throw .badRequest("\(field): \(size) bytes is over the limit of \(limit) bytes")
        }
    }
}
