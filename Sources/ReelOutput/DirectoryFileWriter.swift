import Foundation

/// A streaming writer of one file of a `DirectoryOutput`.
///
/// Appends go straight to the file's temporary name; `close()` flushes it and hands it back to the
/// output, which renames it into place (a manifest at `finish()`). A failed append discards the
/// file. A writer dropped without `close()` leaves its path open, so `finish()` fails and `abort()`
/// cleans up. Use a writer from one thread at a time.
final class DirectoryFileWriter: OutputFileWriter {
    private let output: DirectoryOutput
    private let file: DirectoryOutput.PendingFile
    /// The temporary file's descriptor; `nil` once closed or failed.
    private var descriptor: Int32?
    private var byteSize = 0

    /// Wraps a file the output has just created.
    /// - Parameters:
    ///   - output: The output that owns the file.
    ///   - file: The file, open under its temporary name.
    init(output: DirectoryOutput, file: DirectoryOutput.PendingFile) {
        self.output = output
        self.file = file
        self.descriptor = file.descriptor
    }

    deinit {
        if let descriptor { FileIO.closeQuietly(descriptor) }
    }

    /// Appends bytes to the file.
    /// - Parameter data: The bytes.
    /// - Throws: `OutputError` when the writer is closed, the output finished or aborted, or the
    ///   write fails; the file is then discarded.
    func append(_ data: Data) throws(OutputError) {
        guard let descriptor else { throw OutputError(path: file.path.string, reason: .writerClosed) }
        do throws(OutputError) {
            try output.checkAccepting(label: file.path.string)
            try FileIO.writeAll(descriptor, data, label: file.path.string)
        } catch {
            self.descriptor = nil
            FileIO.closeQuietly(descriptor)
            output.discard(file)
            throw error
        }
        byteSize += data.count
    }

    /// Flushes the file and publishes it (a manifest at `finish()`).
    /// - Throws: `OutputError` when the writer is already closed, the output finished or aborted,
    ///   or the flush or rename fails; the file is then discarded.
    func close() throws(OutputError) {
        guard let descriptor else { throw OutputError(path: file.path.string, reason: .writerClosed) }
        self.descriptor = nil
        do throws(OutputError) {
            try FileIO.syncAndClose(descriptor, label: file.path.string)
        } catch {
            output.discard(file)
            throw error
        }
        try output.commit(file, byteSize: byteSize)
    }
}
