import Foundation

/// The bookkeeping of one multipart upload of `S3Output`: its ID, the ETags of the parts uploaded
/// so far, and how many are still uploading, so the last one to finish after the writer closed
/// completes the upload.
final class S3MultipartUpload: @unchecked Sendable {
    // @unchecked Sendable: the vars are only accessed while `lock` is held.

    /// The file's path in the package.
    let path: OutputPath
    /// The object key.
    let key: String
    /// S3's upload ID.
    let uploadID: String

    private let lock = NSLock()
    private var etags: [Int: String] = [:]
    private var partCount = 0
    private var pending = 0
    private var closed = false
    private var completing = false
    private var byteSize = 0

    /// Creates the record of a started upload.
    init(path: OutputPath, key: String, uploadID: String) {
        self.path = path
        self.key = key
        self.uploadID = uploadID
    }

    /// Numbers a new part and counts it as uploading.
    /// - Parameter size: The part's size in bytes.
    /// - Returns: The part number, from 1.
    func addPart(size: Int) -> Int {
        lock.withLock {
            partCount += 1
            pending += 1
            byteSize += size
            return partCount
        }
    }

    /// Records an uploaded part.
    /// - Returns: Whether the caller should now complete the upload (the writer closed and no part
    ///   is uploading).
    func partUploaded(_ number: Int, etag: String) -> Bool {
        lock.withLock {
            etags[number] = etag
            pending -= 1
            return claimCompletionLocked()
        }
    }

    /// Records that the writer closed: no more parts.
    /// - Returns: Whether the caller should now complete the upload (no part is uploading).
    func close() -> Bool {
        lock.withLock {
            closed = true
            return claimCompletionLocked()
        }
    }

    /// The parts' ETags in part order, and the object's size.
    var completedParts: (etags: [String], byteSize: Int) {
        lock.withLock { ((1...max(1, partCount)).compactMap { etags[$0] }, byteSize) }
    }

    private func claimCompletionLocked() -> Bool {
        guard closed, pending == 0, !completing, partCount > 0 else { return false }
        completing = true
        return true
    }
}
