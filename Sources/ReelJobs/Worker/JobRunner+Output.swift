import Foundation
import ReelCore
import ReelOutput

/// The output a job writes its package through.
extension JobRunner {
    /// The backend of a job's destination. A package directory inside a directory root is opened
    /// with the root as the trusted base: no symbolic link from the root down is followed, so a
    /// link planted at the job's output (or inside it) cannot lead the package out of the root.
    func makeOutput(_ destination: OutputDestination) throws(ReelError) -> any MultiFileOutput {
        do {
            if case .directory(let path) = destination, case .directory(let root) = settings.location.root {
                return try DirectoryOutput(
                    directory: URL(fileURLWithPath: path, isDirectory: true),
                    root: URL(fileURLWithPath: root, isDirectory: true))
            }
            return try destination.makeOutput(s3: settings.s3, environment: settings.environment)
        } catch {
            throw .permanent("output \(destination): \(error)")
        }
    }
}
