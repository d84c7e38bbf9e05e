import Foundation
import Logging
import ReelCore
import ReelHTTP
import ReelJobs
import ReelOutput

extension ServiceConfiguration {
    /// The worker settings this configuration describes.
    /// - Parameter environment: The variables S3 credentials are read from.
    /// - Throws: `LoadError` when the output destination is not a directory or S3 prefix.
    func workerSettings(environment: [String: String]) throws(LoadError) -> WorkerSettings {
        let root: OutputDestination
        do {
            root = try OutputDestination(parsing: output)
        } catch {
            throw LoadError(message: "output: \(error)")
        }
        if case .zip = root {
            throw LoadError(message: "output: \(output) is a zip archive; use a directory or s3:// prefix")
        }
        var catalog = LadderCatalog()
        if let ladders {
            catalog.searchPaths.insert(URL(fileURLWithPath: ladders, isDirectory: true), at: 0)
        }
        if effectiveCallbackSecret == nil && workers > 0 {
            Logger(label: "reel.config").warning(
                "no callback secret (callback_secret or hook_secret): callbacks are sent without Reel-Signature")
        }
        let s3 = S3Options(endpoint: s3Endpoint)
        var sourceOptions = MediaSourceOptions()
        sourceOptions.s3 = s3
        return WorkerSettings(
            catalog: catalog,
            policy: SourcePolicy(allowedPrefixes: allowSources, allowPrivateNetworks: allowPrivateNetworks),
            location: PackageLocation(root: root), publicBaseURL: publicURL, sourceOptions: sourceOptions, s3: s3,
            environment: environment, retry: RetryPolicy(maxAttempts: maxAttempts, baseDelay: retryDelay),
            lease: lease, heartbeatInterval: heartbeat,
            callbacks: CallbackSender(secret: effectiveCallbackSecret))
    }
}
