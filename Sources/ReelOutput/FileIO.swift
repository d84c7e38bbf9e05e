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
    static func writeAll(_ fd: Int32, _ data: Data, label: String) throws(OutputError) {
        let failure: Int32? = data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) -> Int32? in
            guard var next = buffer.baseAddress else { return nil }
            var remaining = buffer.count
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
