import Foundation
import Glibc
import ReelMedia

/// A local file read with `pread`.
final class FileByteSource: ByteSource, @unchecked Sendable {
    private let descriptor: Int32
    let size: Int64?
    private let name: String

    /// Opens a file.
    /// - Parameters:
    ///   - path: The path.
    ///   - name: The source's name in messages.
    ///   - requiresCanonicalPath: Refuse the file unless the path is the one the kernel opened:
    ///     no symbolic link anywhere on it (one swapped in after a policy check included).
    init(path: String, name: String, requiresCanonicalPath: Bool = false) throws(ReelError) {
        self.name = name
        let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC | (requiresCanonicalPath ? O_NOFOLLOW : 0))
        guard fd >= 0 else {
            let code = errno
            switch code {
            case ENOENT: throw .invalidInput(source: name, stream: nil, reason: "no such file")
            case ELOOP: throw .permanent("\(name): the source path is a symbolic link")
            case EACCES: throw .invalidInput(source: name, stream: nil, reason: "permission denied")
            default: throw .invalidInput(source: name, stream: nil, reason: String(cString: strerror(code)))
            }
        }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            Glibc.close(fd)
            throw .invalidInput(source: name, stream: nil, reason: "not a regular file")
        }
        if requiresCanonicalPath && Self.openedPath(fd) != path {
            Glibc.close(fd)
            throw .permanent("\(name): the source path changed (a symbolic link) after it was checked")
        }
        descriptor = fd
        size = Int64(info.st_size)
    }

    /// The path the kernel opened for a descriptor.
    private static func openedPath(_ fd: Int32) -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let length = readlink("/proc/self/fd/\(fd)", &buffer, buffer.count - 1)
        guard length > 0 else { return nil }
        return String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    deinit {
        Glibc.close(descriptor)
    }

    var rereadsCheaply: Bool { true }

    func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int64) throws -> Int {
        while true {
            let n = pread(descriptor, buffer.baseAddress, buffer.count, off_t(offset))
            if n >= 0 { return n }
            if errno == EINTR { continue }
            throw ReelError.invalidInput(
                source: name, stream: nil, reason: "read failed: \(String(cString: strerror(errno)))")
        }
    }
}
