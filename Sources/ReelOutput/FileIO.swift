import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Thin POSIX helpers for the file-based backends, reporting failures as `OutputError`.
///
/// `path` arguments are absolute file-system paths; `label` is what errors name (usually the
/// package-relative path).
enum FileIO {
    /// Creates a new file exclusively (`O_EXCL`) for writing.
    /// - Returns: The open descriptor, or `nil` when a file of that name already exists.
    static func createExclusive(_ path: String, label: String) throws(OutputError) -> Int32? {
        while true {
            let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode_t(0o644))
            if fd >= 0 { return fd }
            let code = errno
            if code == EINTR { continue }
            if code == EEXIST { return nil }
            throw OutputError(path: label, reason: .io(operation: "create", code: code))
        }
    }

    /// Writes all of `data` to `fd`, retrying partial writes and interruptions.
    /// - Parameter start: Bytes of `data` already written, skipped.
    static func writeAll(_ fd: Int32, _ data: Data, from start: Int = 0, label: String) throws(OutputError) {
        let failure: Int32? = data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) -> Int32? in
            guard start < buffer.count, var next = buffer.baseAddress.map({ $0 + start }) else { return nil }
            var remaining = buffer.count - start
            while remaining > 0 {
                let written = write(fd, next, remaining)
                if written < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                next += written
                remaining -= written
            }
            return nil
        }
        if let failure { throw OutputError(path: label, reason: .io(operation: "write", code: failure)) }
    }

    /// Writes a whole new file, `fd` open at offset 0, that is flushed (`syncAndClose`) next.
    ///
    /// Its bytes must reach the disk before the file is published anyway, so copying them into the
    /// page cache first is wasted work: on a long package-only run that copy is the largest part
    /// of the CPU time, and it fills the cache with files nobody reads back. So on Linux a large
    /// buffer that starts on a page boundary (segments as muxed) goes to the disk directly
    /// (`O_DIRECT`), all but its last partial page, which is written through the page cache as
    /// everything else is. A file system that refuses `O_DIRECT` gets a normal write; the bytes
    /// of the file are the same either way.
    static func writeNewFile(_ fd: Int32, _ data: Data, label: String) throws(OutputError) {
        let direct = data.withUnsafeBytes { writeDirectly(fd, $0) }
        try writeAll(fd, data, from: direct, label: label)
    }

    /// Buffers smaller than this are written through the page cache.
    static let directMinimum = 1 << 20
    /// The alignment of buffers, offsets and sizes `O_DIRECT` writes keep to (the page size,
    /// which covers every logical block size).
    static let directAlignment = 4096

    /// Writes the largest whole number of `directAlignment` blocks of `buffer` with `O_DIRECT` when
    /// it qualifies; returns how many bytes were written (0 when nothing was), `O_DIRECT` off again.
    private static func writeDirectly(_ fd: Int32, _ buffer: UnsafeRawBufferPointer) -> Int {
        #if os(Linux)
            guard let flag = directFlag, buffer.count >= directMinimum, let base = buffer.baseAddress,
                Int(bitPattern: base) % directAlignment == 0
            else { return 0 }
            let length = buffer.count / directAlignment * directAlignment
            let flags = fcntl(fd, F_GETFL)
            guard flags >= 0, fcntl(fd, F_SETFL, flags | flag) == 0 else { return 0 }
            defer { _ = fcntl(fd, F_SETFL, flags) }
            var written = 0
            while written < length {
                let n = write(fd, base + written, length - written)
                if n < 0 && errno == EINTR { continue }
                // Refused (EINVAL: the file system's blocks are larger, or it has no direct I/O) or
                // failed: the rest goes through the page cache, which reports a lasting failure.
                guard n > 0 else { break }
                written += n
                // A short write ends the aligned run; the rest goes through the page cache.
                if n % directAlignment != 0 { break }
            }
            return written
        #else
            return 0
        #endif
    }

    #if os(Linux)
        /// `O_DIRECT`, which Swift's Glibc module does not export (it is a `_GNU_SOURCE` macro);
        /// its value differs between architectures.
        private static var directFlag: Int32? {
            #if arch(x86_64)
                return 0o40000
            #elseif arch(arm64)
                return 0o200000
            #else
                return nil
            #endif
        }
    #endif

    /// Flushes `fd` to stable storage and closes it; closes it even when the flush fails.
    static func syncAndClose(_ fd: Int32, label: String) throws(OutputError) {
        var failure: (String, Int32)?
        while fsync(fd) != 0 {
            if errno == EINTR { continue }
            failure = ("fsync", errno)
            break
        }
        if close(fd) != 0, failure == nil, errno != EINTR { failure = ("close", errno) }
        if let (operation, code) = failure {
            throw OutputError(path: label, reason: .io(operation: operation, code: code))
        }
    }

    /// Renames `source` to `destination`, replacing an existing file.
    static func move(_ source: String, to destination: String, label: String) throws(OutputError) {
        if rename(source, destination) != 0 {
            throw OutputError(path: label, reason: .io(operation: "rename", code: errno))
        }
    }

    /// Closes a descriptor, ignoring failures (used on error paths only).
    static func closeQuietly(_ fd: Int32) {
        _ = close(fd)
    }

    /// Removes a file, ignoring every failure (used for cleanup only).
    static func removeQuietly(_ path: String) {
        _ = unlink(path)
    }

    /// Removes a directory if it is empty, ignoring every failure (used for cleanup only).
    static func removeDirectoryQuietly(_ path: String) {
        _ = rmdir(path)
    }

    /// Creates a directory unless one exists.
    /// - Returns: Whether this call created it.
    static func makeDirectory(_ path: String, label: String) throws(OutputError) -> Bool {
        if mkdir(path, mode_t(0o755)) == 0 { return true }
        let code = errno
        if code == EEXIST, isDirectory(path) { return false }
        let reported = code == EEXIST ? ENOTDIR : code
        throw OutputError(path: label, reason: .io(operation: "create directory", code: reported))
    }

    /// Whether `path` names a directory (following symbolic links).
    static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// Flushes a directory's entries (renames, creations) to stable storage. File systems that
    /// cannot sync directories (`EINVAL`) are tolerated.
    static func syncDirectory(_ path: String, label: String) throws(OutputError) {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if fd < 0 { throw OutputError(path: label, reason: .io(operation: "open directory", code: errno)) }
        defer { close(fd) }
        while fsync(fd) != 0 {
            let code = errno
            if code == EINTR { continue }
            if code == EINVAL { return }
            throw OutputError(path: label, reason: .io(operation: "fsync directory", code: code))
        }
    }
}

/// Descriptor-relative helpers: every name is one component inside an open directory, and none of
/// them follows a symbolic link, so a link planted inside a package can never lead a write (or a
/// cleanup) out of it.
extension FileIO {
    /// The reason for a symbolic link met where a directory or file of the package belongs.
    static func symbolicLink(_ label: String) -> OutputError {
        OutputError(
            path: label, reason: .invalidDestination("is a symbolic link; Reel does not write through symbolic links"))
    }

    /// Opens the directory `name` inside `parent` without following a symbolic link, creating it
    /// when missing.
    /// - Returns: The open descriptor and whether this call created the directory.
    static func openDirectory(_ name: String, in parent: Int32, label: String, create: Bool = true)
        throws(OutputError) -> (descriptor: Int32, created: Bool)
    {
        var created = false
        while true {
            let fd = openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            if fd >= 0 { return (fd, created) }
            let code = errno
            if code == EINTR { continue }
            if code == ENOENT && create && !created {
                if mkdirat(parent, name, mode_t(0o755)) == 0 {
                    created = true
                    continue
                }
                if errno == EEXIST { continue }
                throw OutputError(path: label, reason: .io(operation: "create directory", code: errno))
            }
            if code == ELOOP || (code == ENOTDIR && isSymbolicLink(name, in: parent)) { throw symbolicLink(label) }
            throw OutputError(path: label, reason: .io(operation: "create directory", code: code))
        }
    }

    /// Whether `name` inside `parent` is a symbolic link (not following it).
    static func isSymbolicLink(_ name: String, in parent: Int32) -> Bool {
        var info = stat()
        return fstatat(parent, name, &info, AT_SYMLINK_NOFOLLOW) == 0 && (info.st_mode & S_IFMT) == S_IFLNK
    }

    /// Creates a new file `name` inside `directory` exclusively, never through a symbolic link.
    /// - Returns: The open descriptor, or `nil` when an entry of that name already exists.
    static func createExclusive(_ name: String, in directory: Int32, label: String) throws(OutputError) -> Int32? {
        while true {
            let fd = openat(directory, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode_t(0o644))
            if fd >= 0 { return fd }
            let code = errno
            if code == EINTR { continue }
            if code == EEXIST { return nil }
            throw OutputError(path: label, reason: .io(operation: "create", code: code))
        }
    }

    /// Renames `source` to `destination` inside `directory`, replacing an existing file but
    /// refusing to replace a symbolic link (the rename itself would replace the link, not follow
    /// it; a link there means someone else put it there).
    static func move(_ source: String, to destination: String, in directory: Int32, label: String)
        throws(OutputError)
    {
        if isSymbolicLink(destination, in: directory) { throw symbolicLink(label) }
        if renameat(directory, source, directory, destination) != 0 {
            throw OutputError(path: label, reason: .io(operation: "rename", code: errno))
        }
    }

    /// Removes the file `name` inside `directory` (a link itself, never its target), ignoring failures.
    static func removeQuietly(_ name: String, in directory: Int32) {
        _ = unlinkat(directory, name, 0)
    }

    /// Removes the directory `name` inside `parent` if it is empty, ignoring failures.
    static func removeDirectoryQuietly(_ name: String, in parent: Int32) {
        _ = unlinkat(parent, name, AT_REMOVEDIR)
    }

    /// Flushes an open directory's entries; file systems that cannot (`EINVAL`) are tolerated.
    static func syncDirectory(_ fd: Int32, label: String) throws(OutputError) {
        while fsync(fd) != 0 {
            let code = errno
            if code == EINTR { continue }
            if code == EINVAL { return }
            throw OutputError(path: label, reason: .io(operation: "fsync directory", code: code))
        }
    }
}
