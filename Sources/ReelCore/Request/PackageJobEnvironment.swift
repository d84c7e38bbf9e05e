public import Foundation
public import ReelHTTP
public import ReelOutput

/// What the caller of ``PackageJobRunner`` provides besides the request: where ladder presets
/// come from, how references are checked and read, and where the package may go.
///
/// The command line allows preset files and any reference; the service names presets only
/// from its own set, checks every reference against its allow-list and confines the output to
/// its destination:
/// ```swift
/// var environment = PackageJobEnvironment(destination: { output in
///     try OutputDestination(parsing: output ?? "out/")
/// })
/// environment.allowsLadderFiles = true
/// ```
public struct PackageJobEnvironment: Sendable {
    /// Where preset names are looked up.
    var catalog: LadderCatalog
    /// Whether `ladder` may name a preset file (the command line only).
    var allowsLadderFiles: Bool
    /// How sources and sidecars are read (timeouts, retries, S3 endpoint, credentials).
    var sourceOptions: MediaSourceOptions
    /// S3 settings of the output.
    var s3: S3Options
    /// The variables S3 credentials are read from.
    var environment: [String: String]
    /// Checks one reference of the request (`source`, `subtitles[0].source`) and returns the
    /// reference to read: exactly the canonical form that was checked. Nil reads every
    /// reference as given.
    var checkReference: (@Sendable (_ reference: String, _ field: String) throws(ReelError) -> String)?
    /// The destination of the package from the request's `output` (with `{content_id}` already
    /// replaced), or nil when the request names none.
    var destination: @Sendable (_ output: String?) throws(ReelError) -> OutputDestination
    /// Opens the backend of a destination; nil for `OutputDestination.makeOutput` with `s3` and
    /// `environment` (the service opens directories without following links below its root).
    var makeOutput: (@Sendable (_ destination: OutputDestination) throws(ReelError) -> any MultiFileOutput)?

    /// Creates an environment with the standard preset search path and no reference checks.
    /// - Parameters:
    ///   - catalog: Where preset names are looked up.
    ///   - allowsLadderFiles: Whether a preset may be a file.
    ///   - sourceOptions: How references are read.
    ///   - s3: S3 settings of the output.
    ///   - environment: The variables S3 credentials are read from.
    ///   - checkReference: The reference policy, or nil.
    ///   - makeOutput: Opens a destination's backend, or nil for the standard one.
    ///   - destination: Where the package goes.
    public init(
        catalog: LadderCatalog = LadderCatalog(), allowsLadderFiles: Bool = false,
        sourceOptions: MediaSourceOptions = MediaSourceOptions(), s3: S3Options = S3Options(),
        environment: [String: String] = ProcessInfo.processInfo.environment,
        checkReference: (@Sendable (_ reference: String, _ field: String) throws(ReelError) -> String)? = nil,
        makeOutput: (@Sendable (_ destination: OutputDestination) throws(ReelError) -> any MultiFileOutput)? = nil,
        destination: @escaping @Sendable (_ output: String?) throws(ReelError) -> OutputDestination
    ) {
        self.makeOutput = makeOutput
        self.catalog = catalog
        self.allowsLadderFiles = allowsLadderFiles
        self.sourceOptions = sourceOptions
        self.s3 = s3
        self.environment = environment
        self.checkReference = checkReference
        self.destination = destination
    }
}
