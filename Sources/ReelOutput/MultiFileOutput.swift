public import Foundation

/// A destination for the files of a package: a directory, a zip archive, or an S3 prefix.
///
/// Writers call `write(_:to:contentType:)` for whole files or `makeWriter(for:contentType:)` for
/// large ones, then `finish()` to publish, or `abort()` to clean up. Implementations are
/// thread-safe: several rendition threads write at once. Manifests must be written after every
/// segment they reference; backends publish them last.
public protocol MultiFileOutput: AnyObject, Sendable {
    /// Writes a whole small file.
    /// - Parameters:
    ///   - data: The file's bytes.
    ///   - relativePath: A validated relative path such as `v720p/seg_00001.m4s`.
    ///   - contentType: The file's content type.
    func write(_ data: Data, to relativePath: String, contentType: ContentType) throws

    /// Opens a streaming writer for a large file.
    /// - Parameters:
    ///   - relativePath: A validated relative path.
    ///   - contentType: The file's content type.
    /// - Returns: A writer that must be closed (or the output aborted).
    func makeWriter(for relativePath: String, contentType: ContentType) throws -> any OutputFileWriter

    /// Publishes everything written; after it returns the package is complete.
    func finish() throws

    /// Discards the package: nothing a player could pick up is left behind.
    func abort()

    /// The files written so far, for summaries: path, size and content type.
    var writtenFiles: [WrittenFile] { get }
}

extension MultiFileOutput {
    /// Default for outputs that keep no record: an empty list.
    var writtenFiles: [WrittenFile] { [] }
}

/// A file being written piece by piece.
public protocol OutputFileWriter: AnyObject {
    /// Appends bytes to the file.
    func append(_ data: Data) throws
    /// Completes the file.
    func close() throws
}
