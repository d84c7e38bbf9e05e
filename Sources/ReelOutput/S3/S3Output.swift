import Foundation
import Logging
import ReelHTTP

/// Uploads a package to an S3 prefix while it is being encoded.
///
/// `write` hands each segment to a pool of upload threads (`S3Configuration.uploadThreads`)
/// through a bounded queue (`queueCapacity`) and returns; when the queue is full it blocks, so
/// encoding waits for the uploads instead of buffering without limit. Objects larger than
/// `multipartThreshold` go up as multipart uploads. Every PUT carries the payload's SHA-256 and
/// `Content-MD5`, the file's `Content-Type`, and `Cache-Control`: long and immutable for segments,
/// short for manifests. Failed requests are retried by `S3Client`; the first failure that remains
/// stops the output: later writes throw it, and `finish()` throws it.
///
/// Manifests (`ContentType.isManifest`) are held in memory and uploaded by `finish()` only after
/// every other upload succeeded: media playlists first, then top-level ones (`master.m3u8`,
/// `manifest.mpd`). A failed job therefore never leaves a playable-looking manifest.
///
/// `abort()` stops the uploads in flight, aborts unfinished multipart uploads and deletes the
/// objects this output uploaded (best effort: when the store is unreachable they stay, but no
/// manifest was ever uploaded).
final class S3Output: MultiFileOutput, @unchecked Sendable {
    // @unchecked Sendable: `configuration`, `client`, `queue`, `cancellation` and `logger` are
    // immutable or thread-safe; every stored var is only accessed while `lock` is held. Uploads
    // run outside the lock.

    private struct HeldManifest {
        let path: OutputPath
        let data: Data
        let contentType: ContentType
    }

    /// Bucket, prefix, endpoint, credentials and tuning.
    let configuration: S3Configuration
    /// The client uploads go through.
    let client: S3Client

    private let queue: UploadQueue
    private let cancellation = S3Cancellation()
    private let logger = Logger(label: "reel.output.s3")
    private let lock = NSLock()

    // Guarded by `lock`.
    private var phase = OutputPhase.accepting
    private var claimedPaths: Set<String> = []
    private var openPaths: Set<String> = []
    private var uploadedKeys: [String] = []
    private var multipartUploads: [String: S3MultipartUpload] = [:]
    private var heldManifests: [HeldManifest] = []
    private var failure: OutputError?
    private var records: [WrittenFile] = []

    /// Creates an output and starts its upload threads. No request is made until the first write.
    /// - Parameter configuration: Bucket, prefix, endpoint, credentials and tuning.
    init(configuration: S3Configuration) {
        self.configuration = configuration
        client = S3Client(configuration: configuration)
        queue = UploadQueue(
            threads: configuration.uploadThreads, capacity: configuration.queueCapacity, name: "reel.s3-upload")
    }

    /// An output dropped without `finish()` or `abort()` stops its threads; what it uploaded stays.
    deinit {
        cancellation.cancel()
        queue.shutdown()
    }

    /// The files uploaded so far (manifests included once held), in the order their upload
    /// completed; empty after `abort()`.
    var writtenFiles: [WrittenFile] {
        lock.withLock { records }
    }

    /// Queues a whole file for upload (a manifest is held until `finish()`); blocks while the
    /// upload queue is full.
    /// - Parameters:
    ///   - data: The file's bytes.
    ///   - relativePath: The file's path inside the package, validated by `OutputPath`.
    ///   - contentType: The file's content type.
    /// - Throws: `OutputError` for an invalid or repeated path, a finished or aborted output, or
    ///   an earlier upload's failure (transient or permanent, see `OutputError.isTransient`).
    func write(_ data: Data, to relativePath: String, contentType: ContentType) throws(OutputError) {
        let path = try begin(relativePath)
        if contentType.isManifest {
            lock.withLock {
                openPaths.remove(path.string)
                heldManifests.append(HeldManifest(path: path, data: data, contentType: contentType))
                records.append(WrittenFile(path: path, byteSize: data.count, contentType: contentType))
            }
            return
        }
        if data.count > configuration.multipartThreshold {
            let writer = S3FileWriter(output: self, path: path, contentType: contentType)
            try writer.append(data)
            try writer.close()
            return
        }
        try submitPut(data, path: path, contentType: contentType)
    }

    /// Opens a streaming writer: small files are uploaded in one PUT when closed, larger ones as
    /// a multipart upload whose parts go up while the writer is still being fed.
    /// - Parameters:
    ///   - relativePath: The file's path inside the package, validated by `OutputPath`.
    ///   - contentType: The file's content type.
    /// - Returns: A writer for use from one thread at a time; close it before `finish()`.
    /// - Throws: `OutputError` for an invalid or repeated path, a finished or aborted output, or
    ///   an earlier upload's failure.
    func makeWriter(
        for relativePath: String, contentType: ContentType
    ) throws(OutputError) -> any OutputFileWriter {
        S3FileWriter(output: self, path: try begin(relativePath), contentType: contentType)
    }

    /// Waits for every upload, then uploads the manifests (nested ones first, then top-level
    /// ones); the package is then complete.
    /// - Throws: `OutputError`: the first upload failure (no manifest is uploaded then), a writer
    ///   still open, or an output already finished or aborted. After a failure, call `abort()`.
    func finish() throws(OutputError) {
        let destination = "s3://\(configuration.bucket)/\(configuration.prefix)"
        try lock.locked { () throws(OutputError) in
            try phase.checkAccepting(label: destination)
            if let open = openPaths.min() { throw OutputError(path: open, reason: .stillOpen) }
            phase = .finishing
        }
        queue.waitUntilIdle()
        if let failure = lock.withLock({ failure }) { throw failure }

        let manifests = lock.withLock { heldManifests }
        let depths = Set(manifests.map { $0.path.components.count }).sorted(by: >)
        for depth in depths {
            for manifest in manifests where manifest.path.components.count == depth {
                let accepted = queue.submit { [self] in
                    guard shouldUpload else { return }
                    do throws(OutputError) {
                        try upload(manifest.data, path: manifest.path, contentType: manifest.contentType)
                    } catch {
                        fail(error, path: manifest.path)
                    }
                }
                if !accepted { throw OutputError(path: destination, reason: .aborted) }
            }
            queue.waitUntilIdle()
            if let failure = lock.withLock({ failure }) { throw failure }
        }
        try lock.locked { () throws(OutputError) in
            guard phase == .finishing else { throw OutputError(path: destination, reason: .aborted) }
            phase = .finished
            heldManifests = []
        }
        queue.shutdown()
        logger.debug("finished \(destination): \(manifests.count) manifest(s) published")
    }

    /// Stops the uploads, aborts unfinished multipart uploads and deletes what this output
    /// uploaded (best effort); held manifests are never uploaded. Does nothing after a successful
    /// `finish()` or a previous `abort()`.
    func abort() {
        let proceed = lock.withLock { () -> Bool in
            guard phase == .accepting || phase == .finishing else { return false }
            phase = .aborted
            heldManifests = []
            return true
        }
        guard proceed else { return }
        cancellation.cancel()
        queue.discardPending()
        queue.waitUntilIdle()
        queue.shutdown()
        let (uploads, keys) = lock.withLock { () -> ([S3MultipartUpload], [String]) in
            defer {
                multipartUploads = [:]
                uploadedKeys = []
                records = []
            }
            return (Array(multipartUploads.values), uploadedKeys)
        }
        // Cleanup requests get one attempt each: the store may be the reason for the abort.
        for upload in uploads {
            do throws(S3Error) {
                try client.abortMultipartUpload(uploadID: upload.uploadID, key: upload.key, maxAttempts: 1)
            } catch {
                logger.warning("could not abort the multipart upload of \(upload.key): \(error)")
            }
        }
        if !keys.isEmpty {
            do throws(S3Error) {
                try client.deleteObjects(keys, maxAttempts: 1)
            } catch {
                logger.warning("could not delete the \(keys.count) object(s) uploaded before the abort: \(error)")
            }
        }
    }

    // MARK: - Used by S3FileWriter

    /// Throws the first upload failure, or when the output no longer accepts files.
    func checkUsable(label: String) throws(OutputError) {
        try lock.locked { () throws(OutputError) in
            if let failure { throw failure }
            try phase.checkAccepting(label: label)
        }
    }

    /// Queues a single-request upload of a file; the path stops being open.
    func submitPut(_ data: Data, path: OutputPath, contentType: ContentType) throws(OutputError) {
        try submit(path: path) { [self] () throws(OutputError) in
            try upload(data, path: path, contentType: contentType)
            lock.withLock {
                uploadedKeys.append(configuration.key(for: path))
                records.append(WrittenFile(path: path, byteSize: data.count, contentType: contentType))
            }
        }
        lock.withLock { _ = openPaths.remove(path.string) }
    }

    /// Starts a multipart upload (in the calling thread) and records it for `abort()`.
    func startMultipart(path: OutputPath, contentType: ContentType) throws(OutputError) -> S3MultipartUpload {
        try checkUsable(label: path.string)
        let key = configuration.key(for: path)
        let id: String
        do throws(S3Error) {
            id = try client.createMultipartUpload(
                key: key, contentType: contentType.rawValue, cacheControl: cacheControl(for: contentType),
                cancellation: cancellation)
        } catch {
            let failure = OutputError(error)
            fail(failure, path: path)
            throw relabeled(failure, path: path)
        }
        let upload = S3MultipartUpload(path: path, key: key, uploadID: id)
        lock.withLock { multipartUploads[id] = upload }
        return upload
    }

    /// Queues the upload of a part; the last part to finish after `closeMultipart` completes it.
    func submitPart(_ data: Data, of upload: S3MultipartUpload, contentType: ContentType) throws(OutputError) {
        let number = upload.addPart(size: data.count)
        try submit(path: upload.path) { [self] () throws(OutputError) in
            let etag = try request { () throws(S3Error) in
                try client.uploadPart(
                    data, number: number, uploadID: upload.uploadID, key: upload.key, cancellation: cancellation)
            }
            if upload.partUploaded(number, etag: etag) { try complete(upload, contentType: contentType) }
        }
    }

    /// Marks a multipart upload as fed completely; completes it when no part is still uploading.
    func closeMultipart(_ upload: S3MultipartUpload, contentType: ContentType) throws(OutputError) {
        lock.withLock { _ = openPaths.remove(upload.path.string) }
        if upload.close() {
            try submit(path: upload.path) { [self] () throws(OutputError) in
                try complete(upload, contentType: contentType)
            }
        }
    }

    /// Forgets a file whose writer failed: frees its path.
    func discard(_ path: OutputPath) {
        lock.withLock {
            openPaths.remove(path.string)
            claimedPaths.remove(path.string)
        }
    }

    /// The `Cache-Control` of a content type.
    func cacheControl(for contentType: ContentType) -> String {
        contentType.isManifest ? configuration.manifestCacheControl : configuration.segmentCacheControl
    }

    // MARK: - Private

    /// Whether queued uploads should still run (not after a failure or an abort).
    private var shouldUpload: Bool {
        lock.withLock { failure == nil && phase != .aborted }
    }

    private func begin(_ relativePath: String) throws(OutputError) -> OutputPath {
        let path = try OutputPath(relativePath)
        try lock.locked { () throws(OutputError) in
            if let failure { throw failure }
            try phase.checkAccepting(label: path.string)
            guard claimedPaths.insert(path.string).inserted else {
                throw OutputError(path: path.string, reason: .alreadyWritten)
            }
            openPaths.insert(path.string)
        }
        return path
    }

    /// Queues a job for a file; a failure of the job stops the output.
    private func submit(path: OutputPath, _ work: @escaping @Sendable () throws(OutputError) -> Void)
        throws(OutputError)
    {
        try checkUsable(label: path.string)
        let accepted = queue.submit { [self] in
            guard shouldUpload else { return }
            do throws(OutputError) {
                try work()
            } catch {
                fail(error, path: path)
            }
        }
        if !accepted { throw OutputError(path: path.string, reason: .aborted) }
        // A failure while this call waited for room in the queue.
        try checkUsable(label: path.string)
    }

    /// Uploads one object in one request.
    private func upload(_ data: Data, path: OutputPath, contentType: ContentType) throws(OutputError) {
        try request { () throws(S3Error) in
            try client.putObject(
                data, key: configuration.key(for: path), contentType: contentType.rawValue,
                cacheControl: cacheControl(for: contentType), cancellation: cancellation)
        }
    }

    private func complete(_ upload: S3MultipartUpload, contentType: ContentType) throws(OutputError) {
        let (etags, byteSize) = upload.completedParts
        try request { () throws(S3Error) in
            try client.completeMultipartUpload(
                uploadID: upload.uploadID, key: upload.key, parts: etags, cancellation: cancellation)
        }
        lock.withLock {
            multipartUploads[upload.uploadID] = nil
            uploadedKeys.append(upload.key)
            records.append(WrittenFile(path: upload.path, byteSize: byteSize, contentType: contentType))
        }
    }

    /// Sends a request through the client; its failure becomes the output's (same S3 failure, a
    /// cancellation is `.aborted`).
    private func request<T>(_ send: () throws(S3Error) -> T) throws(OutputError) -> T {
        do { return try send() } catch { throw OutputError(error) }
    }

    /// Records the first failure (cancellations caused by `abort()` are not failures).
    private func fail(_ error: OutputError, path: OutputPath) {
        if case .aborted = error.reason { return }
        let relabeled = relabeled(error, path: path)
        lock.withLock {
            if failure == nil {
                failure = relabeled
                logger.debug("upload failed: \(relabeled)")
            }
        }
    }

    /// The error with the package-relative path (the S3 failure inside names bucket and key).
    private func relabeled(_ error: OutputError, path: OutputPath) -> OutputError {
        OutputError(path: path.string, reason: error.reason)
    }

}
