import Crypto
import Foundation
import ReelJobs

/// Signs and checks preview paths: `/preview/{job}/{expiry}.{mac}/…`, where `mac` is the
/// HMAC-SHA256 of the job and the expiry (Unix seconds), truncated to 128 bits. A signature opens
/// one job's package until it expires, without the API token (a video element cannot send one).
///
/// The key comes from `preview_secret` when it is set (every API node of a load-balanced service
/// then accepts the others' links), else it is random for this process: links end with it.
struct PreviewSigner: Sendable {
    /// Why a signature does not open a package.
    enum Refusal: Error, Equatable {
        /// Not made by this key for this job (or not a signature at all).
        case invalid
        /// Made for this job, but its time is up.
        case expired
    }

    /// The HMAC key's bytes (`SymmetricKey` is not `Sendable`).
    private let key: [UInt8]

    /// A signer.
    /// - Parameter secret: `preview_secret`, or nil for a random key.
    init(secret: String?) {
        if let secret {
            key = Array(SHA256.hash(data: Data("reel preview links\n\(secret)".utf8)))
        } else {
            key = SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) }
        }
    }

    /// The signature path component of a job's preview.
    /// - Parameters:
    ///   - job: The job.
    ///   - expiry: When the signature stops working.
    /// - Returns: `EXPIRY.MAC`.
    func signature(for job: JobID, expiry: Date) -> String {
        let seconds = Int64(expiry.timeIntervalSince1970.rounded(.up))
        return "\(seconds).\(mac(job: job, seconds: seconds))"
    }

    /// Checks a signature path component.
    /// - Parameters:
    ///   - signature: `EXPIRY.MAC` from the path.
    ///   - job: The job the path names.
    ///   - now: The time now.
    /// - Throws: `Refusal`.
    func check(_ signature: String, for job: JobID, now: Date = Date()) throws(Refusal) {
        let parts = signature.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count <= 12, parts[0].allSatisfy(\.isASCII),
            let seconds = Int64(parts[0]), seconds > 0
        else { throw .invalid }
        guard ConstantTime.equal(String(parts[1]), mac(job: job, seconds: seconds)) else { throw .invalid }
        guard Double(seconds) > now.timeIntervalSince1970 else { throw .expired }
    }

    /// The hex of the first 16 bytes of HMAC-SHA256(key, "JOB\nSECONDS").
    private func mac(job: JobID, seconds: Int64) -> String {
        let code = HMAC<SHA256>.authenticationCode(for: Data("\(job)\n\(seconds)".utf8), using: SymmetricKey(data: key))
        return code.prefix(16).map { String(format: "%02x", $0) }.joined()
    }
}
