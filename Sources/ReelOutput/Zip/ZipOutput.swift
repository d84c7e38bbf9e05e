import CZip
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes a package into one zip archive with libzip.
///
/// Media entries are stored (`ZIP_CM_STORE`: segments are already compressed, and players or
/// servers can read them in place); manifests and other text are deflated. Memory does not grow
/// with the package: each file is staged to a temporary file next to the destination and handed to
/// libzip as a file source, which libzip reads only when the archive is written by `finish()`.
/// The archive is written under a temporary name (`.NAME.tmp-<hex>`), flushed and renamed into
/// place, so the destination never holds a partial archive. `abort()` (or a failure) leaves no
/// archive and no staged file behind; an existing file at the destination is replaced only by a
/// successful `finish()`.
final class ZipOutput: MultiFileOutput, @unchecked Sendable {
    // @unchecked Sendable: `archiveURL`, `temporaryPath`, `stagingDirectory` and `lock` are
    // immutable; every stored var, and every libzip call on `archive`, is only used while `lock`
    // is held. Staged files are written outside the lock.

    /// The archive's final location.
    let archiveURL: URL

    private let temporaryPath: String
    private let stagingDirectory: String
    private let lock = NSLock()

    // Guarded by `lock`.
    private var phase = OutputPhase.accepting
    private var archive: OpaquePointer?
    private var claimedPaths: Set<String> = []
    private var openPaths: Set<String> = []
    private var stagedFiles: [String] = []
    private var stagingCounter = 0
    private var records: [WrittenFile] = []

    /// Opens an archive to be written at `archive` (missing parent directories are created).
    /// - Parameter archive: A file URL of the `.zip` to write.
    /// - Throws: `OutputError` when the URL is not a file URL or the temporary files cannot be
    ///   created.
    init(archive: URL) throws(OutputError) {
        guard archive.isFileURL else {
            throw OutputError(path: archive.absoluteString, reason: .invalidDestination("not a file URL"))
        }
        let absolute = archive.absoluteURL.standardizedFileURL.path
        archiveURL = URL(fileURLWithPath: absolute)
        let directory = (absolute as NSString).deletingLastPathComponent
        let name = (absolute as NSString).lastPathComponent
        let tag = String(UInt64.random(in: 0...UInt64.max), radix: 16)
        temporaryPath = "\(directory)/.\(name).tmp-\(tag)"
        stagingDirectory = "\(directory)/.\(name).staging-\(tag)"
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw OutputError(path: absolute, reason: .io(operation: "create directory", code: EACCES))
        }
        _ = try FileIO.makeDirectory(stagingDirectory, label: absolute)
        var code: Int32 = 0
        guard let archive = zip_open(temporaryPath, ZIP_CREATE | ZIP_EXCL, &code) else {
            FileIO.removeDirectoryQuietly(stagingDirectory)
            throw OutputError(path: absolute, reason: .archive(operation: "open", message: Self.message(code: code)))
        }
        self.archive = archive
    }

    /// An output dropped without `finish()` or `abort()` discards everything.
    deinit {
        if phase == .accepting { discardLocked() }
    }

    /// The files added so far, in the order their writing completed; empty after `abort()`.
    var writtenFiles: [WrittenFile] {
        lock.withLock { records }
    }

    /// Stages a whole file and adds it to the archive (stored for media, deflated for manifests
    /// and text).
    /// - Parameters:
    ///   - data: The file's bytes.
    ///   - relativePath: The entry's path, validated by `OutputPath`.
    ///   - contentType: The file's content type.
    /// - Throws: `OutputError` for an invalid or repeated path, a finished or aborted output, or a
    ///   failed write or libzip call.
    func write(_ data: Data, to relativePath: String, contentType: ContentType) throws(OutputError) {
        let (path, staged, descriptor) = try begin(relativePath)
        do throws(OutputError) {
            try FileIO.writeAll(descriptor, data, label: path.string)
        } catch {
            FileIO.closeQuietly(descriptor)
            discard(path, staged: staged)
            throw error
        }
        FileIO.closeQuietly(descriptor)
        try add(path, staged: staged, contentType: contentType, byteSize: data.count)
    }

    /// Opens a streaming writer whose entry is added when it is closed.
    /// - Parameters:
    ///   - relativePath: The entry's path, validated by `OutputPath`.
    ///   - contentType: The file's content type.
    /// - Returns: A writer for use from one thread at a time; close it before `finish()`.
    /// - Throws: `OutputError` for an invalid or repeated path, a finished or aborted output, or a
    ///   failed system call.
    func makeWriter(
        for relativePath: String, contentType: ContentType
    ) throws(OutputError) -> any OutputFileWriter {
        let (path, staged, descriptor) = try begin(relativePath)
        return ZipFileWriter(output: self, path: path, contentType: contentType, staged: staged, descriptor: descriptor)
    }

    /// Writes the archive (libzip reads the staged files now), flushes it and renames it into place.
    /// - Throws: `OutputError` when a writer is still open, the output was already finished or
    ///   aborted, or writing, flushing or renaming fails. After a failure, call `abort()`.
    func finish() throws(OutputError) {
        let label = archiveURL.path
        try lock.locked { () throws(OutputError) in
            try phase.checkAccepting(label: label)
            if let open = openPaths.min() { throw OutputError(path: open, reason: .stillOpen) }
            guard let archive else { throw OutputError(path: label, reason: .aborted) }
            if zip_close(archive) != 0 {
                throw OutputError(
                    path: label, reason: .archive(operation: "write", message: String(cString: zip_strerror(archive))))
            }
            self.archive = nil
            if records.isEmpty {
                // libzip writes no file for an empty archive: write the 22-byte end record.
                let empty = Data([0x50, 0x4B, 0x05, 0x06] + [UInt8](repeating: 0, count: 18))
                guard let descriptor = try FileIO.createExclusive(temporaryPath, label: label) else {
                    throw OutputError(path: label, reason: .io(operation: "create", code: EEXIST))
                }
                try FileIO.writeAll(descriptor, empty, label: label)
                FileIO.closeQuietly(descriptor)
            }
            try Self.sync(temporaryPath, label: label)
            try FileIO.move(temporaryPath, to: label, label: label)
            try FileIO.syncDirectory((label as NSString).deletingLastPathComponent, label: label)
            removeStagingLocked()
            phase = .finished
        }
    }

    /// Discards the archive and the staged files; nothing is left at the destination. Does
    /// nothing after a successful `finish()` or a previous `abort()`.
    func abort() {
        lock.withLock {
            guard phase == .accepting else {
                // A failed finish() may have left the temporary archive.
                if phase != .finished { FileIO.removeQuietly(temporaryPath) }
                return
            }
            discardLocked()
        }
    }

    // MARK: - Used by ZipFileWriter

    /// Throws unless the output still accepts files.
    func checkAccepting(label: String) throws(OutputError) {
        try lock.locked { () throws(OutputError) in try phase.checkAccepting(label: label) }
    }

    /// Adds a completely staged file to the archive.
    func add(_ path: OutputPath, staged: String, contentType: ContentType, byteSize: Int) throws(OutputError) {
        try lock.locked { () throws(OutputError) in
            openPaths.remove(path.string)
            do throws(OutputError) {
                try phase.checkAccepting(label: path.string)
                guard let archive else { throw OutputError(path: path.string, reason: .aborted) }
                guard let source = zip_source_file(archive, staged, 0, 0) else {
                    throw OutputError(path: path.string, reason: Self.reason("add", archive))
                }
                let index = zip_file_add(archive, path.string, source, zip_flags_t(ZIP_FL_ENC_UTF_8))
                if index < 0 {
                    zip_source_free(source)
                    throw OutputError(path: path.string, reason: Self.reason("add", archive))
                }
                let method = Self.storesUncompressed(contentType) ? ZIP_CM_STORE : ZIP_CM_DEFLATE
                if zip_set_file_compression(archive, zip_uint64_t(index), method, 0) != 0 {
                    throw OutputError(path: path.string, reason: Self.reason("set compression", archive))
                }
            } catch {
                claimedPaths.remove(path.string)
                throw error
            }
            records.append(WrittenFile(path: path, byteSize: byteSize, contentType: contentType))
        }
    }

    /// Forgets a file whose writing failed: removes its staged file and frees its path.
    func discard(_ path: OutputPath, staged: String) {
        lock.withLock {
            FileIO.removeQuietly(staged)
            openPaths.remove(path.string)
            claimedPaths.remove(path.string)
        }
    }

    /// Whether entries of a content type are stored rather than deflated: media is already
    /// compressed; manifests, subtitles, JSON and SVG are text.
    static func storesUncompressed(_ contentType: ContentType) -> Bool {
        switch contentType {
        case .mp4Video, .mp4Audio, .mp4Text, .mpegTS, .jpeg, .png, .octetStream: true
        case .hlsPlaylist, .dashManifest, .webVTT, .json, .svg: false
        }
    }

    // MARK: - Private

    /// Validates and claims a path and creates its staging file.
    private func begin(_ relativePath: String) throws(OutputError) -> (OutputPath, String, Int32) {
        let path = try OutputPath(relativePath)
        return try lock.locked { () throws(OutputError) -> (OutputPath, String, Int32) in
            try phase.checkAccepting(label: path.string)
            guard !claimedPaths.contains(path.string) else {
                throw OutputError(path: path.string, reason: .alreadyWritten)
            }
            stagingCounter += 1
            let staged = "\(stagingDirectory)/\(stagingCounter)"
            guard let descriptor = try FileIO.createExclusive(staged, label: path.string) else {
                throw OutputError(path: path.string, reason: .io(operation: "create", code: EEXIST))
            }
            claimedPaths.insert(path.string)
            openPaths.insert(path.string)
            stagedFiles.append(staged)
            return (path, staged, descriptor)
        }
    }

    private func discardLocked() {
        phase = .aborted
        if let archive { zip_discard(archive) }
        archive = nil
        removeStagingLocked()
        FileIO.removeQuietly(temporaryPath)
        records = []
    }

    private func removeStagingLocked() {
        for staged in stagedFiles { FileIO.removeQuietly(staged) }
        stagedFiles = []
        FileIO.removeDirectoryQuietly(stagingDirectory)
    }

    /// Flushes a written file to stable storage.
    private static func sync(_ path: String, label: String) throws(OutputError) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        if descriptor < 0 { throw OutputError(path: label, reason: .io(operation: "open", code: errno)) }
        try FileIO.syncAndClose(descriptor, label: label)
    }

    private static func reason(_ operation: String, _ archive: OpaquePointer) -> OutputError.Reason {
        .archive(operation: operation, message: String(cString: zip_strerror(archive)))
    }

    private static func message(code: Int32) -> String {
        var error = zip_error_t()
        zip_error_init_with_code(&error, code)
        defer { zip_error_fini(&error) }
        return String(cString: zip_error_strerror(&error))
    }
}
