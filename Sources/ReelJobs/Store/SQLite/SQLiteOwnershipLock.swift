import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// An exclusive `flock` on `PATH.lock` that makes one process the owner of an SQLite job store.
///
/// The kernel drops the lock when the process dies, even by SIGKILL, so the next `reel serve`
/// can take over at once. The file holds the owner's process id, for the error a second owner gets.
final class SQLiteOwnershipLock: @unchecked Sendable {
    /// The lock file's path.
    let path: String
    private let lock = NSLock()
    private var descriptor: Int32?

    private init(path: String, descriptor: Int32) {
        self.path = path
        self.descriptor = descriptor
    }

    /// Takes the lock of the store at `storePath`, without waiting.
    /// - Parameter storePath: The database file's path; the lock is its real path + `.lock`.
    /// - Returns: The held lock.
    static func acquire(storePath: String) throws(JobStoreError) -> SQLiteOwnershipLock {
        // The file's real path: a symbolic link or another spelling must find the same lock.
        let path = URL(fileURLWithPath: storePath).standardizedFileURL.resolvingSymlinksInPath().path + ".lock"
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw .unavailable("cannot open the lock file \(path): \(String(cString: strerror(errno)))")
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let code = errno
            let owner = try? String(contentsOfFile: path, encoding: .utf8)
                .trimmingCharacters(in: .whitespacesAndNewlines)
            close(descriptor)
            if code == EWOULDBLOCK {
                let process = owner.flatMap { $0.isEmpty ? nil : " (pid \($0))" } ?? ""
                throw .unavailable(
                    "another reel process\(process) owns the job store \(storePath): \(path) is locked")
            }
            throw .unavailable("cannot lock \(path): \(String(cString: strerror(code)))")
        }
        let pid = "\(getpid())\n"
        _ = ftruncate(descriptor, 0)
        _ = pid.withCString { pwrite(descriptor, $0, strlen($0), 0) }
        return SQLiteOwnershipLock(path: path, descriptor: descriptor)
    }

    /// Releases the lock (the file stays).
    func release() {
        lock.lock()
        defer { lock.unlock() }
        if let descriptor {
            _ = ftruncate(descriptor, 0)
            close(descriptor)
            self.descriptor = nil
        }
    }

    deinit {
        release()
    }
}
