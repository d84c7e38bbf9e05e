import CZip
import Foundation

/// Reads a zip archive back with libzip, for assertions.
struct ZipReader {
    /// One entry: its name, compression method, sizes and bytes.
    struct Entry: Equatable {
        let name: String
        let method: Int32
        let size: Int
        let compressedSize: Int
        let data: Data
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Every entry, in archive order, with its data (CRC-checked by libzip while reading).
    static func entries(of path: String) throws -> [Entry] {
        var code: Int32 = 0
        guard let archive = zip_open(path, ZIP_RDONLY | ZIP_CHECKCONS, &code) else {
            throw Failure(description: "zip_open(\(path)) failed with libzip error \(code)")
        }
        defer { zip_discard(archive) }
        var entries: [Entry] = []
        for index in 0..<zip_get_num_entries(archive, 0) {
            var info = zip_stat_t()
            zip_stat_init(&info)
            guard zip_stat_index(archive, zip_uint64_t(index), 0, &info) == 0 else {
                throw Failure(description: "zip_stat_index: \(String(cString: zip_strerror(archive)))")
            }
            guard let file = zip_fopen_index(archive, zip_uint64_t(index), 0) else {
                throw Failure(description: "zip_fopen_index: \(String(cString: zip_strerror(archive)))")
            }
            defer { zip_fclose(file) }
            var data = Data(count: Int(info.size))
            var offset = 0
            while offset < data.count {
                let read = data.withUnsafeMutableBytes { buffer in
                    zip_fread(file, buffer.baseAddress! + offset, zip_uint64_t(buffer.count - offset))
                }
                guard read > 0 else { throw Failure(description: "zip_fread failed at \(offset)") }
                offset += Int(read)
            }
            entries.append(
                Entry(
                    name: String(cString: info.name), method: Int32(info.comp_method), size: Int(info.size),
                    compressedSize: Int(info.comp_size), data: data))
        }
        return entries
    }
}
