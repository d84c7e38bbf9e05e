import NIOSSL

/// How the PostgreSQL store uses TLS: libpq's `sslmode` values.
enum PostgresSSLMode: String, Sendable, Equatable, CaseIterable {
    /// Plain TCP.
    case disable
    /// TLS when the server offers it, without checking its certificate (as libpq's `prefer`).
    case allow
    /// TLS when the server offers it, without checking its certificate (libpq's default).
    case prefer
    /// TLS always, without checking the certificate.
    case require
    /// TLS always; the certificate must chain to a trusted root.
    case verifyCA = "verify-ca"
    /// TLS always; the certificate must chain to a trusted root and name the host.
    case verifyFull = "verify-full"

    /// The TLS settings of a connection in this mode, or nil for plain TCP.
    var tlsConfiguration: TLSConfiguration? {
        var configuration = TLSConfiguration.makeClientConfiguration()
        switch self {
        case .disable: return nil
        case .allow, .prefer, .require: configuration.certificateVerification = .none
        case .verifyCA: configuration.certificateVerification = .noHostnameVerification
        case .verifyFull: configuration.certificateVerification = .fullVerification
        }
        return configuration
    }

    /// Whether the connection fails when the server does not speak TLS.
    var requiresTLS: Bool {
        switch self {
        case .disable, .allow, .prefer: false
        case .require, .verifyCA, .verifyFull: true
        }
    }
}
