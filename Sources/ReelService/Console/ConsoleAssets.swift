/// The web console's files, compiled into the binary from `console/` (`ConsoleAssets+Files.swift`,
/// written by `scripts/lib/console-assets.py`): one page, its stylesheet, plain JavaScript modules
/// and an icon. No bundler and nothing fetched from elsewhere.
enum ConsoleAssets {
    /// The page served at `/`.
    static let indexName = "index.html"

    /// Every asset by file name.
    static let all: [String: ConsoleAsset] = {
        var assets: [String: ConsoleAsset] = [:]
        for (name, text) in texts { assets[name] = ConsoleAsset(name: name, text: text) }
        return assets
    }()

    /// The asset with this file name, or nil.
    /// - Parameter name: A file name such as `app.js`.
    static func asset(named name: String) -> ConsoleAsset? { all[name] }
}
