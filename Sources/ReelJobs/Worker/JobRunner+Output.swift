import Foundation
import ReelCore
import ReelOutput

/// The output a job writes its package through.
extension JobRunner {
    /// The backend of a job's destination. A package directory inside a directory root is opened
    /// with the root as the trusted base: no symbolic link from the root down is followed, so a
    /// link planted at the job's output (or inside it) cannot lead the package out of the root. A
    /// zip archive's directory is checked the same way.
    func makeOutput(_ destination: OutputDestination) throws(ReelError) -> any MultiFileOutput {
        do {
            guard case .directory(let root) = settings.location.root else {
                return try destination.makeOutput(s3: settings.s3, environment: settings.environment)
            }
            let rootURL = URL(fileURLWithPath: root, isDirectory: true)
            switch destination {
            case .directory(let path):
                return try DirectoryOutput(directory: URL(fileURLWithPath: path, isDirectory: true), root: rootURL)
            case .zip(let path):
                // The archive's directory is opened (created) the same way, refusing links; the
                // archive itself replaces its name by a rename, which never follows a link there.
                let archive = URL(fileURLWithPath: path)
                _ = try DirectoryOutput(directory: archive.deletingLastPathComponent(), root: rootURL)
                if (try? FileManager.default.attributesOfItem(atPath: path))?[.type] as? FileAttributeType
                    == .typeSymbolicLink
                {
                    throw OutputError(
                        path: archive.lastPathComponent,
                        reason: .invalidDestination("is a symbolic link; Reel does not write through symbolic links"))
                }
                return try destination.makeOutput(s3: settings.s3, environment: settings.environment)
            case .s3:
                return try destination.makeOutput(s3: settings.s3, environment: settings.environment)
            }
        } catch {
            throw .permanent("output \(destination): \(error)")
        }
    }
}
