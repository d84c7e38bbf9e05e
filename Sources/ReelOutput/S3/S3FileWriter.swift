import Foundation
import ReelHTTP

/// A streaming writer of one file of an `S3Output`.
///
/// Bytes are buffered up to `S3Configuration.multipartThreshold`; a file that stays below it is
/// uploaded in one PUT when closed. Past it, a multipart upload starts and each full part
/// (`partSize`) is queued for upload as soon as it is complete, so at most about one part per
/// writer is held here. Use a writer from one thread at a time.
final class S3FileWriter: OutputFileWriter {
    private let output: S3Output
    private let path: OutputPath
    private let contentType: ContentType
    private var buffer = Data()
    private var upload: S3MultipartUpload?
    private var closed = false

    /// Creates a writer for a path the output has claimed.
    init(output: S3Output, path: OutputPath, contentType: ContentType) {
        self.output = output
        self.path = path
        self.contentType = contentType
    }

    /// Appends bytes; may upload parts (and block while the upload queue is full).
    /// - Parameter data: The bytes.
    /// - Throws: `OutputError` when the writer is closed, the output finished, aborted or failed.
    func append(_ data: Data) throws(OutputError) {
        guard !closed else { throw OutputError(path: path.string, reason: .writerClosed) }
        do throws(OutputError) {
            try output.checkUsable(label: path.string)
            buffer.append(data)
            let configuration = output.configuration
            if upload == nil && buffer.count > configuration.multipartThreshold {
                upload = try output.startMultipart(path: path, contentType: contentType)
            }
            if let upload {
                let partSize = max(5 << 20, configuration.partSize)
                while buffer.count > partSize {
                    try output.submitPart(Data(buffer.prefix(partSize)), of: upload, contentType: contentType)
                    buffer.removeFirst(partSize)
                }
            }
        } catch {
            fail()
            throw error
        }
    }

    /// Completes the file: one PUT, or the last part of a multipart upload.
    /// - Throws: `OutputError` when the writer is already closed, or the output finished, aborted
    ///   or failed.
    func close() throws(OutputError) {
        guard !closed else { throw OutputError(path: path.string, reason: .writerClosed) }
        do throws(OutputError) {
            if let upload {
                if !buffer.isEmpty { try output.submitPart(buffer, of: upload, contentType: contentType) }
                closed = true
                buffer = Data()
                try output.closeMultipart(upload, contentType: contentType)
            } else {
                let data = buffer
                closed = true
                buffer = Data()
                try output.submitPut(data, path: path, contentType: contentType)
            }
        } catch {
            fail()
            throw error
        }
    }

    private func fail() {
        closed = true
        buffer = Data()
        if upload == nil { output.discard(path) }
    }
}
