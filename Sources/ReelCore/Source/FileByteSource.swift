import Foundation
import Glibc
import ReelMedia

/// A local file read with `pread`.
final class FileByteSource: ByteSource, @unchecked Sendable {
    private let descriptor: Int32
    let size: Int64?
    private let name: String

    init(path: String, name: String) throws(ReelError) {
        self.name = name
        let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            let code = errno
            switch code {
            case ENOENT: throw .invalidInput(source: name, stream: nil, reason: "no such file")
            case EACCES: throw .invalidInput(source: name, stream: nil, reason: "permission denied")
            default: throw .invalidInput(source: name, stream: nil, reason: String(cString: strerror(code)))
            }
        }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            Glibc.close(fd)
            throw .invalidInput(source: name, stream: nil, reason: "not a regular file")
        }
        descriptor = fd
        size = Int64(info.st_size)
    }

    deinit {
        Glibc.close(descriptor)
    }

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
