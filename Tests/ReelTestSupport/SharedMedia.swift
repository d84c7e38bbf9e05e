public import Foundation
import XCTest

/// Real-world files in `../shared/media` beside the package (or `REEL_SHARED_MEDIA`); tests that
/// use them skip when the folder is absent.
public enum SharedMedia {
    /// The folder of the shared files.
    public static var root: URL {
        if let path = ProcessInfo.processInfo.environment["REEL_SHARED_MEDIA"] { return URL(fileURLWithPath: path) }
        // Tests/ReelTestSupport/SharedMedia.swift → the package root → ../shared/media
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("../shared/media").standardized
    }

    /// The path of a shared file.
    /// - Parameter relative: e.g. `androidx/subrip_typical.srt`.
    /// - Throws: `XCTSkip` when the file is not there.
    public static func path(_ relative: String) throws -> String {
        let url = root.appendingPathComponent(relative)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw XCTSkip("shared media not available: \(url.path)")
        }
        return url.path
    }
}
