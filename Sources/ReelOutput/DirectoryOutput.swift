import Foundation

/// Writes a package into a directory of the local file system.
///
/// Each file is written to a hidden temporary name next to its final one
/// (`.NAME.tmp-<16 hex digits>`), flushed with `fsync`, and renamed into place, so a reader never
/// sees a partial file. Manifests (`ContentType.isManifest`) are held back as temporary files and
/// renamed only by `finish()`, after every other file: manifests in subdirectories first, then
/// top-level ones (`master.m3u8`, `manifest.mpd`), each group in the order written. A player
/// therefore never sees a manifest before the files it references.
///
/// `abort()` removes the temporary files, every file this output published in this run, and the
/// directories it created when they are left empty; files it did not write are never touched. A
/// published file replaces a file of the same name already in the directory (a previous run's).
/// Each path may be written once per output; writing after `finish()` or `abort()` fails. An output
/// released without either removes its temporary files only.
public final class DirectoryOutput: MultiFileOutput, @unchecked Sendable {
    // @unchecked Sendable: `directory`, `root` and `lock` are immutable; every other stored property
    // is read and written only while `lock` is held (see `NSLock.locked(_:)`). File data is written and
    // flushed outside the lock; only bookkeeping, directory creation and renames happen inside it.

    /// A file between its creation under a temporary name and its publication.
    struct PendingFile: Sendable {
        let path: OutputPath
        let contentType: ContentType
        /// Absolute path of the directory holding the file.
        let directory: String
        /// Absolute temporary path.
        let temporary: String
        /// Absolute final path.
        let final: String
        /// Open descriptor of the temporary file, owned by whoever writes the data.
        let descriptor: Int32
    }

    /// The directory the package is written into.
    public let directory: URL

    /// Absolute path of `directory`, ending in `/`.
    private let root: String
    private let lock = NSLock()

    // Guarded by `lock`.
    private var phase = OutputPhase.accepting
    /// Relative paths written, held or being written in this run.
    private var claimedPaths: Set<String> = []
    /// Relative paths being written (a writer not yet closed, or a `write` in progress).
    private var openPaths: Set<String> = []
    /// Absolute paths of temporary files that exist.
    private var temporaryFiles: Set<String> = []
    /// Absolute paths of published files, in publication order.
    private var publishedFiles: [String] = []
    /// Manifests written and waiting for `finish()`, in the order written.
    private var heldManifests: [PendingFile] = []
    /// Absolute paths of directories known to exist.
    private var knownDirectories: Set<String> = []
    /// Absolute paths of directories this output created, parents before children.
    private var createdDirectories: [String] = []
    /// Absolute paths of directories whose entries changed; synced by `finish()`.
    private var touchedDirectories: Set<String> = []
    private var records: [WrittenFile] = []

    /// Opens a directory as an output, creating it (and missing parents) when needed.
    /// - Parameter directory: A file URL of the directory.
    /// - Throws: `OutputError` when the URL is not a file URL or the directory cannot be created.
    public init(directory: URL) throws(OutputError) {
        guard directory.isFileURL else {
            throw OutputError(path: directory.absoluteString, reason: .invalidDestination("not a file URL"))
        }
        let absolute = directory.absoluteURL.standardizedFileURL.path
        self.directory = URL(fileURLWithPath: absolute, isDirectory: true)
        self.root = absolute.hasSuffix("/") ? absolute : absolute + "/"
        var current = ""
        for component in absolute.split(separator: "/") {
            current += "/" + component
            if FileIO.isDirectory(current) { continue }
            if try FileIO.makeDirectory(current, label: absolute) { createdDirectories.append(current) }
        }
        knownDirectories.insert(String(root.dropLast()))
    }

    /// An output dropped without `finish()` or `abort()` removes its temporary files (held manifests
    /// included) and keeps the files it published.
    deinit {
        if phase == .accepting {
            for temporary in temporaryFiles { FileIO.removeQuietly(temporary) }
        }
    }

    /// The files written so far (manifests included, even while held), in the order their
    /// writing completed; empty after `abort()`.
    public var writtenFiles: [WrittenFile] {
        lock.locked { records }
    }

    /// Writes a whole file: to a temporary name, flushed, then renamed into place (manifests at
    /// `finish()`).
    /// - Parameters:
    ///   - data: The file's bytes.
    ///   - relativePath: The file's path inside the package, validated by `OutputPath`.
    ///   - contentType: The file's content type.
    /// - Throws: `OutputError` for an invalid or repeated path, a finished or aborted output, or a
    ///   failed system call.
    public func write(_ data: Data, to relativePath: String, contentType: ContentType) throws(OutputError) {
        let file = try begin(relativePath, contentType: contentType)
        do throws(OutputError) {
            try FileIO.writeAll(file.descriptor, data, label: file.path.string)
        } catch {
            FileIO.closeQuietly(file.descriptor)
            discard(file)
            throw error
        }
        do throws(OutputError) {
            try FileIO.syncAndClose(file.descriptor, label: file.path.string)
        } catch {
            discard(file)
            throw error
        }
        try commit(file, byteSize: data.count)
    }

    /// Opens a streaming writer whose file appears when it is closed (manifests at `finish()`).
    /// - Parameters:
    ///   - relativePath: The file's path inside the package, validated by `OutputPath`.
    ///   - contentType: The file's content type.
    /// - Returns: A writer for use from one thread at a time; it must be closed before `finish()`.
    /// - Throws: `OutputError` for an invalid or repeated path, a finished or aborted output, or a
    ///   failed system call.
    public func makeWriter(
        for relativePath: String, contentType: ContentType
    ) throws(OutputError) -> any OutputFileWriter {
        DirectoryFileWriter(output: self, file: try begin(relativePath, contentType: contentType))
    }

    /// Publishes the held manifests and flushes the directories; the package is then complete.
    /// - Throws: `OutputError` when a file is still being written, the output was already finished
    ///   or aborted, or a rename or flush fails. After a failure, call `abort()`.
    public func finish() throws(OutputError) {
        try lock.locked { () throws(OutputError) in
            try phase.checkAccepting(label: String(root.dropLast()))
            if let open = openPaths.min() { throw OutputError(path: open, reason: .stillOpen) }
            let ordered = heldManifests.enumerated().sorted { lhs, rhs in
                let (left, right) = (lhs.element.path.components.count, rhs.element.path.components.count)
                return left != right ? left > right : lhs.offset < rhs.offset
            }
            for (_, manifest) in ordered {
                try FileIO.move(manifest.temporary, to: manifest.final, label: manifest.path.string)
                temporaryFiles.remove(manifest.temporary)
                heldManifests.removeAll { $0.temporary == manifest.temporary }
                publishedFiles.append(manifest.final)
                touchedDirectories.insert(manifest.directory)
            }
            var directories = touchedDirectories
            for created in createdDirectories {
                directories.insert(String(created[..<(created.lastIndex(of: "/") ?? created.startIndex)]))
            }
            for directory in directories.sorted() where !directory.isEmpty {
                try FileIO.syncDirectory(directory, label: directory)
            }
            phase = .finished
        }
    }

    /// Removes everything this output wrote in this run and never publishes held manifests.
    /// Does nothing after a successful `finish()` or a previous `abort()`.
    public func abort() {
        lock.locked {
            guard phase == .accepting else { return }
            phase = .aborted
            for temporary in temporaryFiles { FileIO.removeQuietly(temporary) }
            for published in publishedFiles.reversed() { FileIO.removeQuietly(published) }
            for created in createdDirectories.reversed() { FileIO.removeDirectoryQuietly(created) }
            temporaryFiles = []
            publishedFiles = []
            heldManifests = []
            createdDirectories = []
            knownDirectories = []
            touchedDirectories = []
            records = []
        }
    }

    // MARK: - Used by DirectoryFileWriter

    /// Throws unless the output still accepts files.
    func checkAccepting(label: String) throws(OutputError) {
        try lock.locked { () throws(OutputError) in try phase.checkAccepting(label: label) }
    }

    /// Publishes (or, for a manifest, holds) a file whose data is complete and flushed.
    func commit(_ file: PendingFile, byteSize: Int) throws(OutputError) {
        try lock.locked { () throws(OutputError) in
            openPaths.remove(file.path.string)
            do throws(OutputError) {
                try phase.checkAccepting(label: file.path.string)
                if !file.contentType.isManifest {
                    try FileIO.move(file.temporary, to: file.final, label: file.path.string)
                    temporaryFiles.remove(file.temporary)
                    publishedFiles.append(file.final)
                    touchedDirectories.insert(file.directory)
                } else {
                    heldManifests.append(file)
                }
            } catch {
                FileIO.removeQuietly(file.temporary)
                temporaryFiles.remove(file.temporary)
                claimedPaths.remove(file.path.string)
                throw error
            }
            records.append(WrittenFile(path: file.path, byteSize: byteSize, contentType: file.contentType))
        }
    }

    /// Forgets a file whose writing failed: removes its temporary file and frees its path. The
    /// caller has closed the descriptor.
    func discard(_ file: PendingFile) {
        lock.locked {
            FileIO.removeQuietly(file.temporary)
            temporaryFiles.remove(file.temporary)
            openPaths.remove(file.path.string)
            claimedPaths.remove(file.path.string)
        }
    }

    // MARK: - Private

    /// Validates the path, claims it, creates its directories and its temporary file.
    private func begin(_ relativePath: String, contentType: ContentType) throws(OutputError) -> PendingFile {
        let path = try OutputPath(relativePath)
        return try lock.locked { () throws(OutputError) -> PendingFile in
            try phase.checkAccepting(label: path.string)
            if claimedPaths.contains(path.string) { throw OutputError(path: path.string, reason: .alreadyWritten) }
            let directory = try makeParentDirectories(of: path)
            var temporary: String
            var descriptor: Int32?
            repeat {
                let suffix = String(UInt64.random(in: .min ... .max), radix: 16)
                let padded = String(repeating: "0", count: 16 - suffix.count) + suffix
                temporary = directory + "/." + path.fileName + ".tmp-" + padded
                descriptor = try FileIO.createExclusive(temporary, label: path.string)
            } while descriptor == nil
            claimedPaths.insert(path.string)
            openPaths.insert(path.string)
            temporaryFiles.insert(temporary)
            return PendingFile(
                path: path, contentType: contentType, directory: directory, temporary: temporary,
                final: directory + "/" + path.fileName, descriptor: descriptor!)
        }
    }

    /// Creates the missing directories of `path` (lock held).
    /// - Returns: The absolute path of the file's directory, without a trailing `/`.
    private func makeParentDirectories(of path: OutputPath) throws(OutputError) -> String {
        var current = String(root.dropLast())
        var relative = ""
        for component in path.components.dropLast() {
            current += "/" + component
            relative += relative.isEmpty ? component : "/" + component
            if knownDirectories.contains(current) { continue }
            if try FileIO.makeDirectory(current, label: relative) { createdDirectories.append(current) }
            knownDirectories.insert(current)
        }
        return current
    }

}
