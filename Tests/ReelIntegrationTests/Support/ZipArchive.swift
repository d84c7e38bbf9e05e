import CZip
import Foundation

/// Reads a zip archive back with libzip: entry names and extraction.
enum ZipArchive {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Extracts every entry below `directory` (CRC-checked by libzip); returns the entry names.
    @discardableResult
    static func extract(_ path: String, into directory: URL) throws -> [String] {
        var code: Int32 = 0
        guard let archive = zip_open(path, ZIP_RDONLY | ZIP_CHECKCONS, &code) else {
            throw Failure(description: "zip_open(\(path)) failed with libzip error \(code)")
        }
        defer { zip_discard(archive) }
        var names: [String] = []
        for index in 0..<zip_uint64_t(zip_get_num_entries(archive, 0)) {
            var info = zip_stat_t()
            zip_stat_init(&info)
            guard zip_stat_index(archive, index, 0, &info) == 0, let file = zip_fopen_index(archive, index, 0) else {
                throw Failure(description: "entry \(index): \(String(cString: zip_strerror(archive)))")
            }
            defer { zip_fclose(file) }
            var data = Data(count: Int(info.size))
            let read = data.withUnsafeMutableBytes { zip_fread(file, $0.baseAddress, zip_uint64_t($0.count)) }
            guard read == info.size else { throw Failure(description: "short read of entry \(index)") }
            let name = String(cString: info.name)
            let target = directory.appendingPathComponent(name)
            try FileManager.default.createDirectory(
                at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: target)
            names.append(name)
        }
        return names
    }
}
