import Foundation
import ReelOutput

/// A job's output that belongs to its claim: once the worker has lost the claim (its lease
/// expired and another worker may be writing the same paths), it writes, publishes and cleans up
/// nothing more — the files are the new attempt's now.
final class ClaimGuardedOutput: MultiFileOutput, @unchecked Sendable {
    private let base: any MultiFileOutput
    private let control: JobControl

    init(wrapping base: any MultiFileOutput, control: JobControl) {
        self.base = base
        self.control = control
    }

    private func checkClaim(_ path: String) throws {
        if control.stop == .lost { throw OutputError(path: path, reason: .aborted) }
    }

    func write(_ data: Data, to relativePath: String, contentType: ContentType) throws {
        try checkClaim(relativePath)
        try base.write(data, to: relativePath, contentType: contentType)
    }

    func makeWriter(for relativePath: String, contentType: ContentType) throws -> any OutputFileWriter {
        try checkClaim(relativePath)
        return try base.makeWriter(for: relativePath, contentType: contentType)
    }

    func finish() throws {
        try checkClaim("(package)")
        try base.finish()
    }

    func abort() {
        // Another worker holds the job: what is on disk (or in the bucket) is its work.
        guard control.stop != .lost else { return }
        base.abort()
    }

    var writtenFiles: [WrittenFile] { base.writtenFiles }
}
