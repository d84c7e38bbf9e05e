public import Foundation
public import ReelHTTP

/// Where `reel package --out DEST` writes: a directory, a zip archive (`NAME.zip`), or an S3
/// prefix (`s3://BUCKET/PREFIX/`).
public enum OutputDestination: Sendable, Equatable, CustomStringConvertible {
    /// A directory of the local file system.
    case directory(path: String)
    /// A zip archive of the local file system.
    case zip(path: String)
    /// A bucket and a key prefix (empty, or ending in `/`).
    case s3(bucket: String, prefix: String)

    /// Parses a destination: `s3://BUCKET[/PREFIX]`, a path ending in `.zip`, or any other path
    /// (a directory).
    /// - Parameter text: The destination as given.
    /// - Throws: `OutputError` naming the destination when it is empty, has an unsupported scheme,
    ///   or is an S3 URL without a bucket.
    public init(parsing text: String) throws(OutputError) {
        func invalid(_ why: String) -> OutputError {
            OutputError(path: text, reason: .invalidDestination(why))
        }
        guard !text.trimmingCharacters(in: .whitespaces).isEmpty else { throw invalid("empty destination") }
        if let schemeEnd = text.range(of: "://") {
            let scheme = text[..<schemeEnd.lowerBound].lowercased()
            guard scheme == "s3" else {
                throw invalid("unsupported scheme '\(scheme)://'; use a directory, NAME.zip or s3://BUCKET/PREFIX/")
            }
            let rest = text[schemeEnd.upperBound...]
            let bucket = String(rest.prefix { $0 != "/" })
            guard !bucket.isEmpty else { throw invalid("no bucket; use s3://BUCKET/PREFIX/") }
            var prefix = String(rest.dropFirst(bucket.count))
            while prefix.hasPrefix("/") { prefix.removeFirst() }
            if !prefix.isEmpty && !prefix.hasSuffix("/") { prefix += "/" }
            self = .s3(bucket: bucket, prefix: prefix)
        } else if text.lowercased().hasSuffix(".zip") && !text.hasSuffix("/") {
            self = .zip(path: text)
        } else {
            self = .directory(path: text)
        }
    }

    /// The destination as a URL-like string: the path, or `s3://BUCKET/PREFIX`.
    public var description: String {
        switch self {
        case .directory(let path), .zip(let path): path
        case .s3(let bucket, let prefix): "s3://\(bucket)/\(prefix)"
        }
    }

    /// Builds the output backend for this destination.
    /// - Parameters:
    ///   - s3: Overrides for S3 destinations (endpoint, addressing, parallel uploads).
    ///   - environment: The variables S3 reads its configuration from (`AWS_*`).
    /// - Returns: A `DirectoryOutput`, `ZipOutput` or `S3Output`.
    /// - Throws: `OutputError` naming the destination when the backend cannot be set up (missing
    ///   credentials, an invalid bucket, a directory that cannot be created...).
    public func makeOutput(
        s3 options: S3Options = S3Options(), environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(OutputError) -> any MultiFileOutput {
        do throws(OutputError) {
            switch self {
            case .directory(let path):
                return try DirectoryOutput(directory: URL(fileURLWithPath: path, isDirectory: true))
            case .zip(let path):
                return try ZipOutput(archive: URL(fileURLWithPath: path))
            case .s3(let bucket, let prefix):
                var configuration = try S3Configuration(
                    bucket: bucket, prefix: prefix, environment: environment, endpoint: options.endpoint,
                    addressing: options.addressing)
                if let threads = options.uploadThreads {
                    guard threads >= 1 else {
                        throw OutputError(path: description, reason: .invalidDestination("need at least 1 upload"))
                    }
                    configuration.uploadThreads = threads
                    configuration.queueCapacity = max(configuration.queueCapacity, 2 * threads)
                }
                return S3Output(configuration: configuration)
            }
        } catch {
            // Name the destination as the user wrote it, keeping the reason.
            if error.path == description { throw error }
            throw OutputError(path: description, reason: error.reason)
        }
    }
}
