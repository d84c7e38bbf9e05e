import Foundation
import Hummingbird
import ReelCore
import ReelHTTP
import ReelOutput

/// Reads the files of a published package for the preview: from a directory output (streamed
/// from disk, never through a symbolic link out of the package), or from an S3 output through the
/// service's S3 settings. A zip archive is not read.
struct PreviewFileReader: Sendable {
    /// The variables S3 credentials and region are read from.
    let environment: [String: String]
    /// The S3 endpoint (`s3_endpoint`), else `AWS_ENDPOINT_URL` or AWS.
    let s3Endpoint: String?
    private let fileIO = FileIO()

    /// A reader.
    /// - Parameters:
    ///   - environment: The process environment.
    ///   - s3Endpoint: The configured S3 endpoint.
    init(environment: [String: String], s3Endpoint: String?) {
        self.environment = environment
        self.s3Endpoint = s3Endpoint
    }

    /// Why a package cannot be previewed, or nil when it can.
    /// - Parameter destination: The package's destination.
    static func refusal(for destination: OutputDestination) -> String? {
        guard case .zip(let path) = destination else { return nil }
        return "the package is a zip archive (\(URL(fileURLWithPath: path).lastPathComponent)); "
            + "preview serves packages in a directory or S3 output"
    }

    /// The size of a package file as it is now (a directory's file), or as the result recorded it.
    /// - Parameters:
    ///   - relative: The file's path inside the package.
    ///   - destination: The package's destination.
    ///   - recorded: The size the job's result lists.
    /// - Throws: `ServiceError` 404 when the file is gone or leads out of the package.
    func size(of relative: String, in destination: OutputDestination, recorded: Int) throws(ServiceError) -> Int {
        guard case .directory(let root) = destination else { return recorded }
        let path = try Self.containedPath(relative, in: root)
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
            attributes[.type] as? FileAttributeType == .typeRegular, let size = attributes[.size] as? NSNumber
        else { throw Self.gone(relative) }
        return size.intValue
    }

    /// A file's bytes, or a range of them.
    /// - Parameters:
    ///   - relative: The file's path inside the package.
    ///   - destination: The package's destination.
    ///   - range: The bytes wanted, or nil for all of them.
    ///   - size: The file's size.
    ///   - context: The request's context (file reads run on its thread pool).
    /// - Throws: `ServiceError`: 404 for a file that is gone, 502 when S3 fails.
    func body(
        of relative: String, in destination: OutputDestination, range: ByteRange?, size: Int,
        context: some RequestContext
    ) async throws -> ResponseBody {
        switch destination {
        case .directory(let root):
            let path = try Self.containedPath(relative, in: root)
            guard size > 0 else { return ResponseBody() }
            let bytes = range.map { $0.lower...$0.upper } ?? 0...(size - 1)
            return try await fileIO.loadFile(path: path, range: bytes, context: context)
        case .s3(let bucket, let prefix):
            let data = try await s3Bytes(bucket: bucket, key: prefix + relative, range: range, size: size)
            return ResponseBody(byteBuffer: ByteBuffer(bytes: data))
        case .zip:
            throw ServiceError(.conflict, kind: "preview_unavailable", Self.refusal(for: destination) ?? "")
        }
    }

    /// A whole small file as text (the master playlist, to narrow it to one rendition).
    /// - Parameters:
    ///   - relative: The file's path inside the package.
    ///   - destination: The package's destination.
    ///   - size: The file's size.
    /// - Throws: `ServiceError`: 404 for a file that is gone, 502 when S3 fails.
    func text(of relative: String, in destination: OutputDestination, size: Int) async throws(ServiceError) -> String {
        switch destination {
        case .directory(let root):
            let path = try Self.containedPath(relative, in: root)
            guard let data = FileManager.default.contents(atPath: path) else { throw Self.gone(relative) }
            return String(decoding: data, as: UTF8.self)
        case .s3(let bucket, let prefix):
            let data = try await s3Bytes(bucket: bucket, key: prefix + relative, range: nil, size: size)
            return String(decoding: data, as: UTF8.self)
        case .zip:
            throw ServiceError(.conflict, kind: "preview_unavailable", Self.refusal(for: destination) ?? "")
        }
    }

    private func s3Bytes(bucket: String, key: String, range: ByteRange?, size: Int) async throws(ServiceError)
        -> Data
    {
        let environment = self.environment
        let endpoint = s3Endpoint
        let result: Result<Data, S3Error> = await onThread("reel.preview-s3") {
            do throws(S3Error) {
                let configuration = try S3Configuration(bucket: bucket, environment: environment, endpoint: endpoint)
                let client = S3Client(configuration: configuration)
                let offset = Int64(range?.lower ?? 0)
                let length = range?.count ?? size
                return .success(
                    length == 0 ? Data() : try client.getObjectRange(key: key, offset: offset, length: length).data)
            } catch {
                return .failure(error)
            }
        }
        switch result {
        case .success(let data): return data
        case .failure(let error):
            if case .request(let failure) = error.reason, failure.status == 404 {
                throw Self.gone(String(key.split(separator: "/").last ?? ""))
            }
            throw ServiceError(.badGateway, kind: "storage_unavailable", "the package's storage failed: \(error)")
        }
    }

    /// The path of a package file in a directory output, after following symbolic links, when it
    /// stays inside the package.
    private static func containedPath(_ relative: String, in root: String) throws(ServiceError) -> String {
        let base = URL(fileURLWithPath: root, isDirectory: true).resolvingSymlinksInPath().path
        let file = URL(fileURLWithPath: root, isDirectory: true).appendingPathComponent(relative)
            .resolvingSymlinksInPath().path
        guard file.hasPrefix(base.hasSuffix("/") ? base : base + "/") else { throw gone(relative) }
        return file
    }

    private static func gone(_ relative: String) -> ServiceError {
        .notFound("the package's file \(relative.debugDescription) is not there any more")
    }
}
