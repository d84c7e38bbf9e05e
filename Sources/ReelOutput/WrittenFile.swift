/// A file an output has written: for summaries and progress reports.
public struct WrittenFile: Sendable, Hashable {
    /// The file's path inside the package.
    public let path: OutputPath
    /// The file's size in bytes.
    public let byteSize: Int
    /// The file's content type.
    let contentType: ContentType

    /// Creates a record.
    /// - Parameters:
    ///   - path: The file's path inside the package.
    ///   - byteSize: The file's size in bytes.
    ///   - contentType: The file's content type.
    init(path: OutputPath, byteSize: Int, contentType: ContentType) {
        self.path = path
        self.byteSize = byteSize
        self.contentType = contentType
    }
}
