/// AWS credentials: an access key, its secret, and for temporary credentials a session token.
///
/// The description never shows the secret or the token.
public struct S3Credentials: Sendable, Equatable, CustomStringConvertible {
    /// The access key ID (`AWS_ACCESS_KEY_ID`); may contain `:` (for example `test:tester`).
    let accessKeyID: String
    /// The secret access key (`AWS_SECRET_ACCESS_KEY`).
    let secretAccessKey: String
    /// The session token of temporary credentials (`AWS_SESSION_TOKEN`), sent as
    /// `x-amz-security-token`.
    let sessionToken: String?

    /// Creates credentials.
    /// - Parameters:
    ///   - accessKeyID: The access key ID.
    ///   - secretAccessKey: The secret access key.
    ///   - sessionToken: The session token of temporary credentials, or `nil`.
    package init(accessKeyID: String, secretAccessKey: String, sessionToken: String? = nil) {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
    }

    /// The access key ID with the secret redacted.
    public var description: String {
        "S3Credentials(\(accessKeyID), secret: ***\(sessionToken == nil ? "" : ", session token: ***"))"
    }
}
