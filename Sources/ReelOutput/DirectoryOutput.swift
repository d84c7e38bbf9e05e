public import Foundation

/// Writes a package into a directory of the local file system.
///
/// Each file is written to a hidden temporary name next to its final one
/// (`.NAME.tmp-<16 hex digits>`), flushed with `fsync`, and renamed into place, so a reader never
/// sees a partial file. Whole files of a megabyte or more whose bytes start on a page boundary
/// (muxed segments) are written past the page cache (`FileIO.writeNewFile`). Manifests (`ContentType.isManifest`) are held back as temporary files and
/// renamed only by `finish()`, after every other file: manifests in subdirectories first, then
/// top-level ones (`master.m3u8`, `manifest.mpd`), each group in the order written. A player
/// therefore never sees a manifest before the files it references.
///
/// `abort()` removes the temporary files, every file this output published in this run, and the
/// directories it created when they are left empty; files it did not write are never touched. A
/// published file replaces a file of the same name already in the directory (a previous run's).
/// Each path may be written once per output; writing after `finish()` or `abort()` fails. An output
/// released without either removes its temporary files only.
///
/// Symbolic links are never followed below the trusted root (`root`, by default the package
/// directory itself): every directory is opened component by component (`openat` with
/// `O_NOFOLLOW | O_DIRECTORY`) and every file created and renamed relative to its directory's
/// descriptor, so a link planted in place of the package directory, a rendition directory or a
/// file name is refused with an error naming it, and cleanup never deletes through one.
public final class DirectoryOutput: MultiFileOutput, @unchecked Sendable {
    // @unchecked Sendable: `directory`, `label`, `packageDescriptor` and `lock` are immutable; every
    // other stored property is read and written only while `lock` is held (see `NSLock.locked(_:)`).
    // File data is written and flushed outside the lock; only bookkeeping, directory creation and
    // renames happen inside it.

    /// A file between its creation under a temporary name and its publication.
    struct PendingFile: Sendable {
        let path: OutputPath
        let contentType: ContentType
        /// Open descriptor of the directory holding the file.
        let directory: Int32
        /// The temporary file's name in `directory`.
        let temporary: String
        /// The file's final name in `directory`.
        let final: String
        /// Open descriptor of the temporary file, owned by whoever writes the data.
        let descriptor: Int32
    }

    /// A name inside an open directory.
    private struct Entry: Hashable {
        let directory: Int32
        let name: String
    }

    /// The directory the package is written into.
    let directory: URL

    /// Absolute path of `directory`, for errors about the package itself.
    private let label: String
    /// The package directory, opened without following links below the trusted root.
    private let packageDescriptor: Int32
    private let lock = NSLock()

    // Guarded by `lock`.
    private var phase = OutputPhase.accepting
    /// Relative paths written, held or being written in this run.
    private var claimedPaths: Set<String> = []
    /// Relative paths being written (a writer not yet closed, or a `write` in progress).
    private var openPaths: Set<String> = []
    /// Temporary files that exist.
    private var temporaryFiles: Set<Entry> = []
    /// Published files, in publication order.
    private var publishedFiles: [Entry] = []
    /// Manifests written and waiting for `finish()`, in the order written.
    private var heldManifests: [PendingFile] = []
    /// Open directories of the package by relative path (`""` is the package directory).
    private var directories: [String: Int32] = [:]
    /// Every descriptor this output opened (directories), closed when it is released.
    private var descriptors: [Int32] = []
    /// Directories above the trusted root this output created (absolute paths, parents first).
    private var createdAboveRoot: [String] = []
    /// Directories from the trusted root down this output created, parents before children.
    private var createdDirectories: [Entry] = []
    /// Directories whose entries changed, with their labels; synced by `finish()`.
    private var touchedDirectories: [Int32: String] = [:]
    private var records: [WrittenFile] = []

    /// Opens a directory as an output, creating it (and missing parents) when needed.
    /// - Parameters:
    ///   - directory: A file URL of the directory.
    ///   - root: The trusted directory the package lies in (the service's output root): symbolic
    ///     links above it are followed, none from it down to and inside the package. By default the
    ///     package directory itself.
    /// - Throws: `OutputError` when the URL is not a file URL, the directory is not inside `root`,
    ///   cannot be created, or a component below `root` is a symbolic link.
    public init(directory: URL, root: URL? = nil) throws(OutputError) {
        guard directory.isFileURL, root?.isFileURL ?? true else {
            throw OutputError(path: directory.absoluteString, reason: .invalidDestination("not a file URL"))
        }
        let absolute = directory.absoluteURL.standardizedFileURL.path
        let trusted = root.map { $0.absoluteURL.standardizedFileURL.path } ?? absolute
        let below: [Substring]
        if absolute == trusted {
            below = []
        } else if absolute.hasPrefix(trusted.hasSuffix("/") ? trusted : trusted + "/") {
            below = absolute.dropFirst(trusted.count).split(separator: "/")
        } else {
            throw OutputError(path: absolute, reason: .invalidDestination("not inside \(trusted)"))
        }
        self.directory = URL(fileURLWithPath: absolute, isDirectory: true)
        self.label = absolute
        var createdAboveRoot: [String] = []
        var current = ""
        for component in trusted.split(separator: "/") {
            current += "/" + component
            if FileIO.isDirectory(current) { continue }
            do throws(OutputError) {
                if try FileIO.makeDirectory(current, label: absolute) { createdAboveRoot.append(current) }
            } catch {
                for created in createdAboveRoot.reversed() { FileIO.removeDirectoryQuietly(created) }
                throw error
            }
        }
        var descriptors: [Int32] = []
        var created: [Entry] = []
        func undo() {
            for entry in created.reversed() { FileIO.removeDirectoryQuietly(entry.name, in: entry.directory) }
            for fd in descriptors { FileIO.closeQuietly(fd) }
            for path in createdAboveRoot.reversed() { FileIO.removeDirectoryQuietly(path) }
        }
        var parent = open(trusted.isEmpty ? "/" : trusted, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard parent >= 0 else {
            let code = errno
            undo()
            throw OutputError(path: absolute, reason: .io(operation: "open directory", code: code))
        }
        descriptors.append(parent)
        var relative = ""
        for component in below {
            relative += relative.isEmpty ? String(component) : "/" + component
            do throws(OutputError) {
                let opened = try FileIO.openDirectory(String(component), in: parent, label: absolute)
                if opened.created { created.append(Entry(directory: parent, name: String(component))) }
                parent = opened.descriptor
                descriptors.append(parent)
            } catch {
                undo()
                throw error
            }
        }
        packageDescriptor = parent
        self.descriptors = descriptors
        self.createdAboveRoot = createdAboveRoot
        self.createdDirectories = created
        directories[""] = parent
    }

    /// An output dropped without `finish()` or `abort()` removes its temporary files (held manifests
    /// included) and keeps the files it published.
    deinit {
        if phase == .accepting {
            for temporary in temporaryFiles { FileIO.removeQuietly(temporary.name, in: temporary.directory) }
        }
        for fd in descriptors { FileIO.closeQuietly(fd) }
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
            try FileIO.writeNewFile(file.descriptor, data, label: file.path.string)
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
            try phase.checkAccepting(label: label)
            if let open = openPaths.min() { throw OutputError(path: open, reason: .stillOpen) }
            let ordered = heldManifests.enumerated().sorted { lhs, rhs in
                let (left, right) = (lhs.element.path.components.count, rhs.element.path.components.count)
                return left != right ? left > right : lhs.offset < rhs.offset
            }
            for (_, manifest) in ordered {
                try FileIO.move(
                    manifest.temporary, to: manifest.final, in: manifest.directory, label: manifest.path.string)
                temporaryFiles.remove(Entry(directory: manifest.directory, name: manifest.temporary))
                heldManifests.removeAll { $0.temporary == manifest.temporary && $0.directory == manifest.directory }
                publishedFiles.append(Entry(directory: manifest.directory, name: manifest.final))
                touchedDirectories[manifest.directory] = manifest.path.string
            }
            var toSync = touchedDirectories
            for created in createdDirectories { toSync[created.directory] = created.name }
            for (fd, name) in toSync.sorted(by: { $0.key < $1.key }) {
                try FileIO.syncDirectory(fd, label: name)
            }
            for path in createdAboveRoot {
                let parent = String(path[..<(path.lastIndex(of: "/") ?? path.startIndex)])
                try FileIO.syncDirectory(parent.isEmpty ? "/" : parent, label: parent)
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
            for temporary in temporaryFiles { FileIO.removeQuietly(temporary.name, in: temporary.directory) }
            for published in publishedFiles.reversed() { FileIO.removeQuietly(published.name, in: published.directory) }
            for created in createdDirectories.reversed() {
                FileIO.removeDirectoryQuietly(created.name, in: created.directory)
            }
            for created in createdAboveRoot.reversed() { FileIO.removeDirectoryQuietly(created) }
            temporaryFiles = []
            publishedFiles = []
            heldManifests = []
            createdDirectories = []
            createdAboveRoot = []
            touchedDirectories = [:]
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
                    try FileIO.move(file.temporary, to: file.final, in: file.directory, label: file.path.string)
                    temporaryFiles.remove(Entry(directory: file.directory, name: file.temporary))
                    publishedFiles.append(Entry(directory: file.directory, name: file.final))
                    touchedDirectories[file.directory] = file.path.string
                } else {
                    heldManifests.append(file)
                }
            } catch {
                FileIO.removeQuietly(file.temporary, in: file.directory)
                temporaryFiles.remove(Entry(directory: file.directory, name: file.temporary))
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
            FileIO.removeQuietly(file.temporary, in: file.directory)
            temporaryFiles.remove(Entry(directory: file.directory, name: file.temporary))
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
                temporary = "." + path.fileName + ".tmp-" + padded
                descriptor = try FileIO.createExclusive(temporary, in: directory, label: path.string)
            } while descriptor == nil
            claimedPaths.insert(path.string)
            openPaths.insert(path.string)
            temporaryFiles.insert(Entry(directory: directory, name: temporary))
            return PendingFile(
                path: path, contentType: contentType, directory: directory, temporary: temporary,
                final: path.fileName, descriptor: descriptor!)
        }
    }

    /// Opens (creating when missing) the directories of `path` one component at a time, never
    /// following a symbolic link (lock held).
    /// - Returns: The descriptor of the file's directory.
    private func makeParentDirectories(of path: OutputPath) throws(OutputError) -> Int32 {
        var current = packageDescriptor
        var relative = ""
        for component in path.components.dropLast() {
            relative += relative.isEmpty ? component : "/" + component
            if let known = directories[relative] {
                current = known
                continue
            }
            let opened = try FileIO.openDirectory(component, in: current, label: relative)
            if opened.created { createdDirectories.append(Entry(directory: current, name: component)) }
            descriptors.append(opened.descriptor)
            directories[relative] = opened.descriptor
            current = opened.descriptor
        }
        return current
    }

}
