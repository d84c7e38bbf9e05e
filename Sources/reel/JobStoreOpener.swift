import Foundation
import ReelJobs

/// Opens the job store a `--database` URL names, turning failures into one clear line.
enum JobStoreOpener {
    static func open(_ url: String, takeOwnership: Bool) async throws -> any JobStore {
        do {
            return try await JobStoreLocation(parsing: url).open(takeOwnership: takeOwnership)
        } catch {
            throw CLIError(message: "database \(url): \(error)", exitCode: ExitStatus.transient).exit
        }
    }
}
