/// A validated relative path of a file in a package, such as `v720p/seg_00001.m4s`.
///
/// Every backend validates the paths it is given through this type, so a path can never leave the
/// destination or name something a file system, a zip reader or S3 would treat differently.
/// A valid path is non-empty, relative, uses `/` as its only separator, has no empty, `.` or `..`
/// components, contains no backslash, NUL or other control character, and fits the length limits.
public struct OutputPath: Sendable, Hashable, CustomStringConvertible {
    /// The longest path accepted, in UTF-8 bytes (S3's key limit).
    static let maxLength = 1024
    /// The longest component accepted, in UTF-8 bytes; leaves room under the usual 255-byte file
    /// name limit for the temporary names backends derive from it.
    static let maxComponentLength = 200

    /// The path as given, for example `v720p/seg_00001.m4s`.
    public let string: String

    /// Validates a relative path.
    /// - Parameter string: The path, with `/` as separator.
    /// - Throws: `OutputError` naming the path and the first problem found.
    public init(_ string: String) throws(OutputError) {
        if let reason = Self.problem(in: string) {
            throw OutputError(path: string, reason: reason)
        }
        self.string = string
    }

    /// The path's components, for example `["v720p", "seg_00001.m4s"]`.
    var components: [String] {
        string.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
    }

    /// The last component: the file name.
    var fileName: String {
        string.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) ?? string
    }

    /// The directory part without a trailing `/`, or `nil` for a file at the top level.
    var directory: String? {
        guard let slash = string.lastIndex(of: "/") else { return nil }
        return String(string[..<slash])
    }

    /// The path as given.
    public var description: String { string }

    private static func problem(in string: String) -> OutputError.Reason? {
        if string.isEmpty { return .empty }
        if string.hasPrefix("/") { return .absolute }
        for scalar in string.unicodeScalars {
            if scalar.value == 0 { return .nul }
            if scalar == "\\" { return .backslash }
            if scalar.properties.generalCategory == .control { return .controlCharacter(scalar.value) }
        }
        let bytes = string.utf8.count
        if bytes > maxLength { return .tooLong(bytes: bytes, limit: maxLength) }
        for component in string.split(separator: "/", omittingEmptySubsequences: false) {
            if component.isEmpty { return .emptyComponent }
            if component == "." || component == ".." { return .dotComponent(String(component)) }
            let length = component.utf8.count
            if length > maxComponentLength { return .componentTooLong(bytes: length, limit: maxComponentLength) }
        }
        return nil
    }
}
