import Foundation

/// A streaming writer of one entry of a `ZipOutput`.
///
/// Appends go to the entry's staging file; `close()` hands the file to libzip. A failed append
/// discards the entry. Use a writer from one thread at a time.
final class ZipFileWriter: OutputFileWriter {
    private let output: ZipOutput
    private let path: OutputPath
    private let contentType: ContentType
    private let staged: String
    /// The staging file's descriptor; `nil` once closed or failed.
    private var descriptor: Int32?
    private var byteSize = 0

    /// Wraps a staging file the output has just created.
    init(output: ZipOutput, path: OutputPath, contentType: ContentType, staged: String, descriptor: Int32) {
        self.output = output
        self.path = path
        self.contentType = contentType
        self.staged = staged
        self.descriptor = descriptor
    }

    deinit {
        if let descriptor { FileIO.closeQuietly(descriptor) }
    }

    /// Appends bytes to the entry.
    /// - Parameter data: The bytes.
    /// - Throws: `OutputError` when the writer is closed, the output finished or aborted, or the
    ///   write fails; the entry is then discarded.
    func append(_ data: Data) throws(OutputError) {
        guard let descriptor else { throw OutputError(path: path.string, reason: .writerClosed) }
        do throws(OutputError) {
            try output.checkAccepting(label: path.string)
            try FileIO.writeAll(descriptor, data, label: path.string)
        } catch {
            self.descriptor = nil
            FileIO.closeQuietly(descriptor)
            output.discard(path, staged: staged)
            throw error
        }
        byteSize += data.count
    }

    /// Completes the entry: it is added to the archive.
    /// - Throws: `OutputError` when the writer is already closed, the output finished or aborted,
    ///   or libzip refuses the entry.
    func close() throws(OutputError) {
        guard let descriptor else { throw OutputError(path: path.string, reason: .writerClosed) }
        self.descriptor = nil
        FileIO.closeQuietly(descriptor)
        try output.add(path, staged: staged, contentType: contentType, byteSize: byteSize)
    }
}
