import HTTPTypes

/// The headers of every console response: a strict Content-Security-Policy (scripts, styles,
/// images, media and requests from this server only; no inline script or style, no `eval`,
/// Trusted Types for every DOM sink, no framing), and no MIME sniffing, no referrer, no opener.
enum ConsoleHeaders {
    /// The console's Content-Security-Policy.
    static let contentSecurityPolicy = [
        "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self'", "media-src 'self'",
        "connect-src 'self'", "font-src 'none'", "object-src 'none'", "frame-src 'none'", "worker-src 'none'",
        "manifest-src 'none'", "base-uri 'none'", "form-action 'none'", "frame-ancestors 'none'",
        "require-trusted-types-for 'script'", "trusted-types 'none'",
    ].joined(separator: "; ")

    /// Adds the security headers to a response's fields.
    /// - Parameter fields: The response's headers.
    static func addSecurity(to fields: inout HTTPFields) {
        fields[.contentSecurityPolicy] = contentSecurityPolicy
        fields[.xContentTypeOptions] = "nosniff"
        fields[.referrerPolicy] = "no-referrer"
        fields[.xFrameOptions] = "DENY"
        fields[.crossOriginOpenerPolicy] = "same-origin"
        fields[.crossOriginResourcePolicy] = "same-origin"
        fields[.permissionsPolicy] = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
    }
}
