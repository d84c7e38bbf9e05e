public import Foundation

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

    /// Loads a preset by name (`web`), and only by name: a name is 1 to 64 letters, digits, `-` and
    /// `_`, starting with a letter or digit, so no request can make the catalog open a path. The
    /// command line loads preset files with `loadPreset(nameOrFile:)`.
    ///
    /// - Parameter name: A preset name.
    /// - Returns: The validated ladder.
    /// - Throws: `LadderError` when the name is not a preset name or no preset has it (the message lists the
    ///   available names), or when the preset is invalid. No message quotes a file that is not a preset.
    public func resolve(_ name: String) throws(LadderError) -> Ladder {
        guard Self.isPresetName(name) else {
            let shown = String(
                name.unicodeScalars.prefix(64).map { (0x20..<0x7F).contains($0.value) ? Character($0) : "?" })
            throw LadderError(
                source: "ladder",
                message: "'\(shown)' is not a preset name (1-64 letters, digits, '-' or '_'); \(hint())")
        }
        guard let url = url(forName: name) else {
            throw LadderError(source: name, message: "no such ladder preset; \(hint())")
        }
        return try LadderLoader.load(contentsOf: url)
    }

    /// Loads a preset by name, or from a file when the argument is a path (contains `/` or ends in
    /// `.yaml`/`.yml`): for the command line (`reel package --ladder FILE.yaml`), never for requests.
    ///
    /// - Parameter nameOrFile: A preset name or a path to a preset file.
    /// - Returns: The validated ladder.
    /// - Throws: `LadderError` when the preset is missing or invalid.
    public func loadPreset(nameOrFile: String) throws(LadderError) -> Ladder {
        let isPath = nameOrFile.contains("/") || nameOrFile.hasSuffix(".yaml") || nameOrFile.hasSuffix(".yml")
        if isPath { return try LadderLoader.load(contentsOf: URL(fileURLWithPath: nameOrFile)) }
        return try resolve(nameOrFile)
    }

    /// Whether a string is a preset name: `^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$`.
    ///
    /// - Parameter name: The string.
    /// - Returns: Whether `resolve(_:)` looks it up.
    static func isPresetName(_ name: String) -> Bool {
        let scalars = name.unicodeScalars
        guard (1...64).contains(scalars.count), let first = scalars.first, first.isASCII,
            first.properties.isAlphabetic || ("0"..."9").contains(first)
        else { return false }
        return scalars.allSatisfy { scalar in
            scalar.isASCII
                && (("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
                    || ("0"..."9").contains(scalar) || scalar == "-" || scalar == "_")
        }
    }

    private func hint() -> String {
        let available = names()
        return available.isEmpty
            ? "no presets found in \(searchPaths.map(\.path).joined(separator: ", ")) (see REEL_LADDERS_PATH)"
            : "available: \(available.joined(separator: ", "))"
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
    func names() -> [String] {
        presetFiles().map(\.name)
    }

    /// The file a preset name resolves to.
    ///
    /// - Parameter name: A preset name such as `web`.
    /// - Returns: The first `name.yaml` or `name.yml` along the search path, or nil.
    func url(forName name: String) -> URL? {
        guard Self.isPresetName(name) else { return nil }
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
