import Foundation
import Logging
import ReelCore
import ReelHTTP
import ReelOutput

/// Duplicate uploads: an identical earlier package, still in place, is reused.
extension JobRunner {
    /// The result of an earlier job with the same content and recipe, when there is one.
    func reusable(contentID: String, recipe: String, for job: Job) async throws(ReelError) -> JobResult? {
        let earlier: Job?
        do {
            earlier = try await store.succeededJob(contentID: contentID, recipe: recipe)
        } catch {
            throw .transient(error.description)
        }
        guard let earlier, earlier.id != job.id, var result = earlier.result else { return nil }
        guard await packageExists(result) else {
            logger.info("job \(job.id): the package of job \(earlier.id) is gone; packaging again")
            return nil
        }
        let origin = result.reusedFrom ?? earlier.id
        result.reusedFrom = origin
        result.wallTime = 0
        let message =
            "identical content (\(contentID.prefix(12))…) was packaged by job \(origin); reusing its package"
        await append(job.id, name: "warning", data: ProgressEvent.warning(message).jsonLine())
        return result
    }

    /// Whether every file of an earlier package is still where its result says, with its size (on
    /// S3: its key). A result without a file list (written by an older Reel) is not trusted.
    func packageExists(_ result: JobResult) async -> Bool {
        guard let files = result.files, !files.isEmpty,
            let destination = try? OutputDestination(parsing: result.output)
        else { return false }
        switch destination {
        case .directory(let path):
            return files.allSatisfy { relative, bytes in
                guard let attributes = try? FileManager.default.attributesOfItem(atPath: path + "/" + relative),
                    attributes[.type] as? FileAttributeType == .typeRegular
                else { return false }
                return (attributes[.size] as? NSNumber)?.intValue == bytes
            }
        case .zip:
            return false
        case .s3(let bucket, let prefix):
            let settings = self.settings
            return await onThread("reel.reuse") {
                guard
                    let configuration = try? S3Configuration(
                        bucket: bucket, prefix: prefix, environment: settings.environment,
                        endpoint: settings.s3.endpoint, addressing: settings.s3.addressing),
                    let keys = try? S3Client(configuration: configuration).listKeys(prefix: prefix)
                else { return false }
                let present = Set(keys)
                return files.keys.allSatisfy { present.contains(prefix + $0) }
            }
        }
    }
}
