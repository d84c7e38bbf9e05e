import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Local paths in canonical form: absolute, with `.`, `..`, empty parts and symbolic links
/// resolved the way the kernel resolves them (a `..` after a link climbs from the link's target).
enum LocalPath {
    /// The path made absolute with `.`, `..` and empty parts removed, without asking the file
    /// system anything.
    /// - Parameters:
    ///   - path: A path.
    ///   - directory: The directory a relative path starts from.
    /// - Returns: An absolute path.
    static func lexical(_ path: String, from directory: String = FileManager.default.currentDirectoryPath) -> String {
        var resolved: [Substring] = []
        for part in absolute(path, from: directory).split(separator: "/") {
            switch part {
            case ".": continue
            case "..": if !resolved.isEmpty { resolved.removeLast() }
            default: resolved.append(part)
            }
        }
        return "/" + resolved.joined(separator: "/")
    }

    /// The path made absolute with `.`, `..` and symbolic links resolved as far as the path
    /// exists; the part that does not exist is resolved lexically.
    /// - Parameters:
    ///   - path: A path.
    ///   - directory: The directory a relative path starts from.
    /// - Returns: An absolute path without links (as far as it exists).
    static func canonical(_ path: String, from directory: String = FileManager.default.currentDirectoryPath)
        -> String
    {
        var pending = absolute(path, from: directory).split(separator: "/").map(String.init).reversed() as [String]
        var resolved: [String] = []
        var links = 0
        var exists = true
        while let part = pending.popLast() {
            switch part {
            case "", ".": continue
            case "..":
                if !resolved.isEmpty { resolved.removeLast() }
                continue
            default: resolved.append(part)
            }
            guard exists else { continue }
            let current = "/" + resolved.joined(separator: "/")
            var info = stat()
            guard lstat(current, &info) == 0 else {
                exists = false
                continue
            }
            guard info.st_mode & S_IFMT == S_IFLNK else { continue }
            links += 1
            guard links <= 40, let target = readLink(current) else {
                exists = false
                continue
            }
            resolved.removeLast()
            if target.hasPrefix("/") { resolved = [] }
            pending.append(contentsOf: target.split(separator: "/").map(String.init).reversed())
        }
        return "/" + resolved.joined(separator: "/")
    }

    /// Whether `path` is `directory` or inside it (both canonical).
    static func isInside(_ path: String, _ directory: String) -> Bool {
        directory == "/" || path == directory || path.hasPrefix(directory.hasSuffix("/") ? directory : directory + "/")
    }

    private static func absolute(_ path: String, from directory: String) -> String {
        path.hasPrefix("/") ? path : directory + "/" + path
    }

    private static func readLink(_ path: String) -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let length = readlink(path, &buffer, buffer.count - 1)
        guard length > 0 else { return nil }
        return String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
