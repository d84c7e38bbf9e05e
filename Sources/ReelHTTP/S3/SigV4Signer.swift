import Crypto
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Signs requests with AWS Signature Version 4 in the `Authorization` header, S3-style: the path
/// is encoded once and never normalized, and the payload hash is whatever the caller sends as
/// `x-amz-content-sha256`.
///
/// The signer adds `x-amz-date` and, for temporary credentials, `x-amz-security-token`, and signs
/// every header it is given (names lowercased, values trimmed with inner runs of spaces collapsed,
/// repeated names joined with `,`). The caller sends the returned headers exactly as returned.
struct SigV4Signer: Sendable {
    /// What signing produced: the intermediate texts (for tests and debugging) and the headers to send.
    struct SignedRequest: Sendable, Equatable {
        /// The canonical request.
        let canonicalRequest: String
        /// The string to sign.
        let stringToSign: String
        /// The signature, in lowercase hex.
        let signature: String
        /// The `Authorization` header's value.
        let authorization: String
        /// The headers to send: the given ones, `x-amz-date`, `x-amz-security-token` when
        /// needed, and `Authorization`.
        let headers: [(name: String, value: String)]

        static func == (lhs: SignedRequest, rhs: SignedRequest) -> Bool {
            lhs.canonicalRequest == rhs.canonicalRequest && lhs.signature == rhs.signature
                && lhs.headers.map { "\($0.name):\($0.value)" } == rhs.headers.map { "\($0.name):\($0.value)" }
        }
    }

    /// The SHA-256 of an empty payload, in hex.
    static let emptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

    /// The credentials requests are signed with.
    let credentials: S3Credentials
    /// The region, such as `us-east-1`.
    let region: String
    /// The service, `s3` for S3.
    let service: String

    /// Creates a signer.
    /// - Parameters:
    ///   - credentials: The credentials.
    ///   - region: The region, such as `us-east-1`.
    ///   - service: The service name; `s3` for S3.
    init(credentials: S3Credentials, region: String, service: String = "s3") {
        self.credentials = credentials
        self.region = region
        self.service = service
    }

    /// Signs a request.
    /// - Parameters:
    ///   - method: The HTTP method, such as `PUT`.
    ///   - path: The decoded path, such as `/bucket/v720p/seg 1.m4s`; it is encoded by
    ///     `S3URIEncoding.path(_:)` and not normalized.
    ///   - query: The decoded query parameters.
    ///   - headers: The headers to sign, `host` included (and for S3 `x-amz-content-sha256`).
    ///   - payloadHash: The hex SHA-256 of the body, or `UNSIGNED-PAYLOAD`.
    ///   - date: The signing time.
    /// - Returns: The canonical request, the string to sign, the signature and the headers to send.
    func sign(
        method: String, path: String, query: [(name: String, value: String)] = [],
        headers: [(name: String, value: String)], payloadHash: String, date: Date
    ) -> SignedRequest {
        let (stamp, day) = Self.timestamps(date)
        var sent = headers
        sent.append(("x-amz-date", stamp))
        if let token = credentials.sessionToken { sent.append(("x-amz-security-token", token)) }

        var canonicalHeaders: [String: [String]] = [:]
        for (name, value) in sent {
            canonicalHeaders[name.lowercased(), default: []].append(Self.trimmed(value))
        }
        let names = canonicalHeaders.keys.sorted()
        let signedHeaders = names.joined(separator: ";")
        let headerLines = names.map { "\($0):\(canonicalHeaders[$0]!.joined(separator: ","))\n" }.joined()
        let canonicalRequest = [
            method, S3URIEncoding.path(path), S3URIEncoding.canonicalQuery(query), headerLines, signedHeaders,
            payloadHash,
        ].joined(separator: "\n")

        let scope = "\(day)/\(region)/\(service)/aws4_request"
        let stringToSign = [
            "AWS4-HMAC-SHA256", stamp, scope, Self.hex(SHA256.hash(data: Data(canonicalRequest.utf8))),
        ].joined(separator: "\n")
        var key = SymmetricKey(data: Data(("AWS4" + credentials.secretAccessKey).utf8))
        for part in [day, region, service, "aws4_request"] {
            key = SymmetricKey(data: Data(HMAC<SHA256>.authenticationCode(for: Data(part.utf8), using: key)))
        }
        let signature = Self.hex(HMAC<SHA256>.authenticationCode(for: Data(stringToSign.utf8), using: key))
        let authorization =
            "AWS4-HMAC-SHA256 Credential=\(credentials.accessKeyID)/\(scope), "
            + "SignedHeaders=\(signedHeaders), Signature=\(signature)"
        sent.append(("Authorization", authorization))
        return SignedRequest(
            canonicalRequest: canonicalRequest, stringToSign: stringToSign, signature: signature,
            authorization: authorization, headers: sent)
    }

    /// Lowercase hex of a digest or any bytes.
    /// - Parameter bytes: The bytes.
    /// - Returns: Two lowercase hex digits per byte.
    static func hex<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        for byte in bytes { text += [digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]] }
        return String(decoding: text, as: UTF8.self)
    }

    /// `20150830T123600Z` and `20150830` for a date, in UTC.
    static func timestamps(_ date: Date) -> (stamp: String, day: String) {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let day = "\(parts.tm_year + 1900)\(two(parts.tm_mon + 1))\(two(parts.tm_mday))"
        return ("\(day)T\(two(parts.tm_hour))\(two(parts.tm_min))\(two(parts.tm_sec))Z", day)
    }

    /// A header value as SigV4 canonicalizes it: outer white space removed, inner runs of spaces
    /// collapsed to one.
    private static func trimmed(_ value: String) -> String {
        value.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
    }
}
