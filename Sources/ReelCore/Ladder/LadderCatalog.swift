import Foundation

/// Finds ladder presets (`NAME.yaml` or `NAME.yml`) by name in a list of directories.
///
/// The first directory that holds a name wins, so a directory early in the list overrides the shipped
/// presets of the same name.
public struct LadderCatalog: Sendable {
    /// The directories searched, in order. Missing directories are skipped.
    public var searchPaths: [URL]

    /// Creates a catalog over `searchPaths`.
    ///
    /// - Parameter searchPaths: The directories to search, in order; by default `defaultSearchPaths()`.
    public init(searchPaths: [URL] = LadderCatalog.defaultSearchPaths()) {
        self.searchPaths = searchPaths
    }

    /// The standard search path, without duplicates:
    /// 1. each directory in `REEL_LADDERS_PATH` (colon-separated),
    /// 2. `./ladders`,
    /// 3. `<executable dir>/../share/reel/ladders` (installed layout),
    /// 4. the source checkout's `ladders/`, found from this file's `#filePath`, so a binary built from the
    ///    checkout finds the shipped presets from any working directory.
    ///
    /// - Parameters:
    ///   - environment: The process environment to read `REEL_LADDERS_PATH` from.
    ///   - currentDirectory: The directory `./ladders` and relative `REEL_LADDERS_PATH` entries start from.
    ///   - executable: The running executable; symbolic links are resolved.
    /// - Returns: The directories in search order.
    public static func defaultSearchPaths(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        currentDirectory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true),
        executable: URL? = Bundle.main.executableURL
    ) -> [URL] {
        var paths = (environment["REEL_LADDERS_PATH"] ?? "").split(separator: ":").map { entry in
            URL(fileURLWithPath: String(entry), isDirectory: true, relativeTo: currentDirectory)
        }
        paths.append(currentDirectory.appendingPathComponent("ladders", isDirectory: true))
        if let executable {
            paths.append(
                executable.resolvingSymlinksInPath().deletingLastPathComponent()
                    .appendingPathComponent("../share/reel/ladders", isDirectory: true))
        }
        paths.append(
            URL(fileURLWithPath: #filePath).deletingLastPathComponent()  // Ladder/
                .deletingLastPathComponent()  // ReelCore/
                .deletingLastPathComponent()  // Sources/
                .deletingLastPathComponent()  // the checkout
                .appendingPathComponent("ladders", isDirectory: true))

        var seen = Set<String>()
        return paths.map(\.standardizedFileURL).filter { seen.insert($0.resolvingSymlinksInPath().path).inserted }
    }

    /// Loads a preset by name (`web`) or by path (anything containing `/` or ending in `.yaml`/`.yml`).
    ///
    /// - Parameter nameOrPath: A preset name or a path to a preset file.
    /// - Returns: The validated ladder.
    /// - Throws: `LadderError` when the preset is invalid, or when no preset has the name (the message lists the
    ///   available names).
    public func resolve(_ nameOrPath: String) throws(LadderError) -> Ladder {
        let isPath = nameOrPath.contains("/") || nameOrPath.hasSuffix(".yaml") || nameOrPath.hasSuffix(".yml")
        if isPath { return try LadderLoader.load(contentsOf: URL(fileURLWithPath: nameOrPath)) }
        guard let url = url(forName: nameOrPath) else {
            let available = names()
            let hint =
                available.isEmpty
                ? "no presets found in \(searchPaths.map(\.path).joined(separator: ", ")) (see REEL_LADDERS_PATH)"
                : "available: \(available.joined(separator: ", "))"
            throw LadderError(source: nameOrPath, message: "no such ladder preset; \(hint)")
        }
        return try LadderLoader.load(contentsOf: url)
    }

    /// Every preset, sorted by name; for each name the first directory's file wins.
    ///
    /// - Returns: The validated ladders.
    /// - Throws: `LadderError` for the first preset that does not load.
    public func all() throws(LadderError) -> [Ladder] {
        var ladders: [Ladder] = []
        for (_, url) in presetFiles() {
            ladders.append(try LadderLoader.load(contentsOf: url))
        }
        return ladders
    }

    /// The names of every preset, sorted.
    ///
    /// - Returns: The names, without loading the files.
    public func names() -> [String] {
        presetFiles().map(\.name)
    }

    /// The file a preset name resolves to.
    ///
    /// - Parameter name: A preset name such as `web`.
    /// - Returns: The first `name.yaml` or `name.yml` along the search path, or nil.
    public func url(forName name: String) -> URL? {
        guard !name.isEmpty, !name.contains("/") else { return nil }
        for directory in searchPaths {
            for fileExtension in Self.fileExtensions {
                let url = directory.appendingPathComponent("\(name).\(fileExtension)")
                if FileManager.default.fileExists(atPath: url.path) { return url }
            }
        }
        return nil
    }

    private static let fileExtensions = ["yaml", "yml"]

    /// Preset files by name along the search path, first directory first, sorted by name.
    private func presetFiles() -> [(name: String, url: URL)] {
        var files: [String: URL] = [:]
        for directory in searchPaths {
            var here: [String: URL] = [:]
            for fileName in (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? [] {
                let url = directory.appendingPathComponent(fileName)
                let name = url.deletingPathExtension().lastPathComponent
                guard Self.fileExtensions.contains(url.pathExtension), !name.hasPrefix(".") else { continue }
                if here[name] == nil || url.pathExtension == "yaml" { here[name] = url }  // as `url(forName:)`
            }
            files.merge(here) { earlier, _ in earlier }
        }
        return files.sorted { $0.key < $1.key }.map { (name: $0.key, url: $0.value) }
    }
}
