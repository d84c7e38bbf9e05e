import Foundation

/// A scratch directory for one test, removed by `remove()`.
struct TemporaryDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("reel-output-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// Every file and directory below the root, as sorted relative paths (directories end in `/`).
    func listing(of directory: URL? = nil) throws -> [String] {
        let base = directory ?? url
        guard FileManager.default.fileExists(atPath: base.path) else { return [] }
        var result: [String] = []
        for case let item as String in FileManager.default.enumerator(atPath: base.path)! {
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(
                atPath: base.appendingPathComponent(item).path, isDirectory: &isDirectory)
            result.append(isDirectory.boolValue ? item + "/" : item)
        }
        return result.sorted()
    }

    func contents(_ relativePath: String) throws -> Data {
        try Data(contentsOf: url.appendingPathComponent(relativePath))
    }

    func remove() {
        try? FileManager.default.removeItem(at: url)
    }
}
