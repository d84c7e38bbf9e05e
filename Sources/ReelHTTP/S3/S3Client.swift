import Crypto
public import Foundation
import Logging

/// A small S3 client over libcurl with SigV4 signed by `SigV4Signer`: objects, multipart uploads,
/// listings and buckets, enough for `S3Output`, for reading `s3://` sources, for tests and for tools.
///
/// Every request carries `x-amz-content-sha256` (the body's SHA-256) and, with a body,
/// `Content-MD5`. Requests that fail with 5xx, throttling (`SlowDown`, 429), `RequestTimeout`,
/// timeouts or dropped connections are retried with exponential backoff and jitter up to
/// `S3Configuration.maxAttempts` times, then fail with a transient `S3Failure`; other 4xx fail at
/// once with a permanent one naming the bucket and the S3 error code. Thread-safe: each request
/// borrows one of the client's libcurl handles, so connections are reused.
public final class S3Client: @unchecked Sendable {
    // @unchecked Sendable: `idleSessions` is only accessed while `lock` is held; a session is used
    // by one thread at a time (taken out of the pool for the request).

    /// The configuration.
    let configuration: S3Configuration

    private let signer: SigV4Signer
    private let limits: CurlSession.Limits
    private let logger = Logger(label: "reel.output.s3")
    private let lock = NSLock()
    private var idleSessions: [CurlSession] = []

    /// Creates a client. No request is made.
    /// - Parameter configuration: Bucket, endpoint, credentials and tuning.
    public init(configuration: S3Configuration) {
        self.configuration = configuration
        signer = SigV4Signer(credentials: configuration.credentials, region: configuration.region)
        limits = CurlSession.Limits(
            connectTimeout: configuration.connectTimeout, lowSpeedLimit: configuration.lowSpeedLimit,
            lowSpeedTime: configuration.lowSpeedTime)
    }

    // MARK: - Objects

    /// Uploads an object in one request.
    /// - Parameters:
    ///   - data: The object's bytes.
    ///   - key: The object key.
    ///   - contentType: The `Content-Type`.
    ///   - cacheControl: The `Cache-Control`, or `nil`.
    ///   - cancellation: Stops the request (and its retries) when set.
    /// - Throws: `S3Error` with an `S3Failure`.
    public func putObject(
        _ data: Data, key: String, contentType: String, cacheControl: String? = nil,
        cancellation: S3Cancellation? = nil
    ) throws(S3Error) {
        var headers = [(name: "Content-Type", value: contentType)]
        if let cacheControl { headers.append(("Cache-Control", cacheControl)) }
        _ = try send(
            S3Request(operation: "PutObject", method: "PUT", key: key, headers: headers, body: data),
            cancellation: cancellation)
    }

    /// Downloads an object.
    /// - Parameter key: The object key.
    /// - Returns: Its bytes and headers.
    /// - Throws: `S3Error` with an `S3Failure` (`NoSuchKey` when it does not exist).
    func getObject(key: String) throws(S3Error) -> S3Object {
        let response = try send(S3Request(operation: "GetObject", method: "GET", key: key))
        return S3Object(
            data: response.body,
            headers: Dictionary(response.headers.map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first }))
    }

    /// Deletes an object; a missing object is not an error.
    /// - Parameter key: The object key.
    /// - Throws: `S3Error` with an `S3Failure`.
    func deleteObject(key: String) throws(S3Error) {
        _ = try send(S3Request(operation: "DeleteObject", method: "DELETE", key: key, acceptedStatuses: [404]))
    }

    /// Deletes objects, up to 1000 per request (`DeleteObjects`).
    /// - Parameters:
    ///   - keys: The object keys.
    ///   - maxAttempts: Attempts per request, or `nil` for the configuration's.
    /// - Throws: `S3Error` with an `S3Failure`.
    public func deleteObjects(_ keys: [String], maxAttempts: Int? = nil) throws(S3Error) {
        var start = 0
        while start < keys.count {
            let batch = keys[start..<min(keys.count, start + 1000)]
            start += batch.count
            let objects = batch.map { "<Object><Key>\(S3XML.escape($0))</Key></Object>" }.joined()
            let body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Delete><Quiet>true</Quiet>\(objects)</Delete>"
            _ = try send(
                S3Request(
                    operation: "DeleteObjects", method: "POST", key: nil, query: [("delete", "")],
                    headers: [("Content-Type", "application/xml")], body: Data(body.utf8)),
                maxAttempts: maxAttempts)
        }
    }

    /// Lists the keys under a prefix (`ListObjectsV2`, every page).
    /// - Parameter prefix: The key prefix; empty for the whole bucket.
    /// - Returns: The keys, in S3's (lexicographic) order.
    /// - Throws: `S3Error` with an `S3Failure`.
    public func listKeys(prefix: String) throws(S3Error) -> [String] {
        var keys: [String] = []
        var token: String?
        repeat {
            var query = [(name: "list-type", value: "2"), (name: "prefix", value: prefix)]
            if let token { query.append(("continuation-token", token)) }
            let response = try send(S3Request(operation: "ListObjectsV2", method: "GET", key: nil, query: query))
            let text = String(decoding: response.body, as: UTF8.self)
            keys += S3XML.values(of: "Key", in: text)
            token =
                S3XML.value(of: "IsTruncated", in: text) == "true"
                ? S3XML.value(of: "NextContinuationToken", in: text) : nil
        } while token != nil
        return keys
    }

    // MARK: - Buckets

    /// Creates the bucket; an existing bucket owned by the caller is not an error.
    /// - Throws: `S3Error` with an `S3Failure`.
    package func createBucket() throws(S3Error) {
        do {
            _ = try send(S3Request(operation: "CreateBucket", method: "PUT", key: nil, body: Data()))
        } catch let error {
            if case .request(let failure) = error.reason, failure.code == "BucketAlreadyOwnedByYou" { return }
            throw error
        }
    }

    // MARK: - Multipart uploads

    /// Starts a multipart upload.
    /// - Parameters:
    ///   - key: The object key.
    ///   - contentType: The object's `Content-Type`.
    ///   - cacheControl: The object's `Cache-Control`, or `nil`.
    ///   - cancellation: Stops the request when set.
    /// - Returns: The upload ID.
    /// - Throws: `S3Error` with an `S3Failure`.
    public func createMultipartUpload(
        key: String, contentType: String, cacheControl: String? = nil, cancellation: S3Cancellation? = nil
    ) throws(S3Error) -> String {
        var headers = [(name: "Content-Type", value: contentType)]
        if let cacheControl { headers.append(("Cache-Control", cacheControl)) }
        let request = S3Request(
            operation: "CreateMultipartUpload", method: "POST", key: key, query: [("uploads", "")], headers: headers,
            body: Data())
        let response = try send(request, cancellation: cancellation)
        guard let id = S3XML.value(of: "UploadId", in: String(decoding: response.body, as: UTF8.self)) else {
            throw failure(request, status: response.status, code: nil, message: "no UploadId in the response")
        }
        return id
    }

    /// Uploads one part of a multipart upload.
    /// - Parameters:
    ///   - data: The part's bytes (at least 5 MiB unless it is the last part).
    ///   - number: The part number, from 1.
    ///   - uploadID: The upload ID.
    ///   - key: The object key.
    ///   - cancellation: Stops the request when set.
    /// - Returns: The part's ETag.
    /// - Throws: `S3Error` with an `S3Failure`.
    public func uploadPart(
        _ data: Data, number: Int, uploadID: String, key: String, cancellation: S3Cancellation? = nil
    ) throws(S3Error) -> String {
        let request = S3Request(
            operation: "UploadPart", method: "PUT", key: key,
            query: [("partNumber", String(number)), ("uploadId", uploadID)], body: data)
        let response = try send(request, cancellation: cancellation)
        guard let etag = response.header("etag") else {
            throw failure(request, status: response.status, code: nil, message: "no ETag in the response")
        }
        return etag
    }

    /// Completes a multipart upload: the object appears.
    /// - Parameters:
    ///   - uploadID: The upload ID.
    ///   - key: The object key.
    ///   - parts: The ETag of each part, in part-number order (part 1 first).
    ///   - cancellation: Stops the request when set.
    /// - Throws: `S3Error` with an `S3Failure`.
    public func completeMultipartUpload(
        uploadID: String, key: String, parts: [String], cancellation: S3Cancellation? = nil
    ) throws(S3Error) {
        let list = parts.enumerated().map { index, etag in
            "<Part><PartNumber>\(index + 1)</PartNumber><ETag>\(S3XML.escape(etag))</ETag></Part>"
        }.joined()
        let body =
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><CompleteMultipartUpload>\(list)</CompleteMultipartUpload>"
        let request = S3Request(
            operation: "CompleteMultipartUpload", method: "POST", key: key, query: [("uploadId", uploadID)],
            headers: [("Content-Type", "application/xml")], body: Data(body.utf8))
        let response = try send(request, cancellation: cancellation)
        // S3 may report a failure inside a 200 response.
        let text = String(decoding: response.body, as: UTF8.self)
        if text.contains("<Error>") {
            let code = S3XML.value(of: "Code", in: text)
            let transient = code.map { Self.retryableCodes.contains($0) } ?? true
            throw failure(
                request, status: response.status, code: code, message: S3XML.value(of: "Message", in: text) ?? "",
                transient: transient)
        }
    }

    /// Aborts a multipart upload, freeing its parts; an upload that no longer exists is not an error.
    /// - Parameters:
    ///   - uploadID: The upload ID.
    ///   - key: The object key.
    ///   - maxAttempts: Attempts, or `nil` for the configuration's.
    /// - Throws: `S3Error` with an `S3Failure`.
    public func abortMultipartUpload(uploadID: String, key: String, maxAttempts: Int? = nil) throws(S3Error) {
        _ = try send(
            S3Request(
                operation: "AbortMultipartUpload", method: "DELETE", key: key, query: [("uploadId", uploadID)],
                acceptedStatuses: [404]),
            maxAttempts: maxAttempts)
    }

    /// Lists the multipart uploads in progress under a prefix (first page, up to 1000).
    /// - Parameter prefix: The key prefix.
    /// - Returns: Each upload's key and ID.
    /// - Throws: `S3Error` with an `S3Failure`.
    func listMultipartUploads(prefix: String) throws(S3Error) -> [(key: String, uploadID: String)] {
        let response = try send(
            S3Request(
                operation: "ListMultipartUploads", method: "GET", key: nil,
                query: [("uploads", ""), ("prefix", prefix)]))
        let text = String(decoding: response.body, as: UTF8.self)
        return S3XML.values(of: "Upload", in: text).compactMap { upload in
            guard let key = S3XML.value(of: "Key", in: upload), let id = S3XML.value(of: "UploadId", in: upload) else {
                return nil
            }
            return (key, id)
        }
    }

    // MARK: - Sending

    /// S3 error codes worth retrying even with a 4xx status.
    private static let retryableCodes: Set<String> = [
        "SlowDown", "RequestTimeout", "InternalError", "ServiceUnavailable", "Throttling", "ThrottlingException",
    ]

    /// Signs and sends a request, retrying transient failures.
    /// - Parameters:
    ///   - request: The request.
    ///   - cancellation: Stops the request and its retries when set.
    ///   - maxAttempts: Attempts, or `nil` for the configuration's.
    /// - Returns: The successful response.
    /// - Throws: `S3Error` with an `S3Failure`, or `.cancelled` when cancelled.
    func send(
        _ request: S3Request, cancellation: S3Cancellation? = nil, maxAttempts: Int? = nil
    ) throws(S3Error) -> CurlSession.Response {
        let attempts = max(1, maxAttempts ?? configuration.maxAttempts)
        let body = request.body
        let payloadHash = SigV4Signer.hex(SHA256.hash(data: body ?? Data()))
        let contentMD5 = body.map { Data(Insecure.MD5.hash(data: $0)).base64EncodedString() }
        let (url, host, path) = location(of: request)
        guard let session = borrowSession() else {
            throw failure(request, status: nil, code: nil, message: "libcurl could not be initialized")
        }
        defer { returnSession(session) }

        var attempt = 0
        while true {
            attempt += 1
            if cancellation?.isCancelled == true { throw S3Error(location: label(of: request), reason: .cancelled) }
            var headers = [(name: "Host", value: host), (name: "x-amz-content-sha256", value: payloadHash)]
            if let contentMD5 { headers.append(("Content-MD5", contentMD5)) }
            headers += request.headers
            let signed = signer.sign(
                method: request.method, path: path, query: request.query, headers: headers, payloadHash: payloadHash,
                date: Date())
            let result = session.perform(
                method: request.method, url: url, headers: signed.headers, body: body, limits: limits,
                isCancelled: { cancellation?.isCancelled == true })
            let problem: S3Error
            switch result {
            case .failure(let transport):
                if transport.isCancelled { throw S3Error(location: label(of: request), reason: .cancelled) }
                problem = failure(
                    request, status: nil, code: transport.name, message: transport.message, attempts: attempt,
                    transient: transport.isRetryable)
            case .success(let response):
                if (200..<300).contains(response.status) || request.acceptedStatuses.contains(response.status) {
                    return response
                }
                let text = String(decoding: response.body, as: UTF8.self)
                let code = S3XML.value(of: "Code", in: text)
                let retryable =
                    response.status >= 500 || response.status == 408 || response.status == 429
                    || code.map { Self.retryableCodes.contains($0) } == true
                problem = failure(
                    request, status: response.status, code: code ?? Self.reasonPhrase(response.status),
                    message: S3XML.value(of: "Message", in: text) ?? "", attempts: attempt, transient: retryable)
            }
            guard problem.isTransient, attempt < attempts else { throw problem }
            let delay = backoff(afterAttempt: attempt)
            logger.notice(
                "retrying in \(String(format: "%.2f", delay)) s (attempt \(attempt + 1) of \(attempts))",
                metadata: ["failure": "\(problem.reason)"])
            if !sleep(delay, cancellation: cancellation) {
                throw S3Error(location: label(of: request), reason: .cancelled)
            }
        }
    }

    /// The backoff after a failed attempt: `retryBaseDelay × 2^(attempt-1)`, capped, of which the
    /// upper half is random.
    private func backoff(afterAttempt attempt: Int) -> TimeInterval {
        let ceiling = min(configuration.retryMaxDelay, configuration.retryBaseDelay * pow(2, Double(attempt - 1)))
        return ceiling / 2 + Double.random(in: 0...(ceiling / 2))
    }

    /// Sleeps, waking early when cancelled. Returns `false` when cancelled.
    private func sleep(_ delay: TimeInterval, cancellation: S3Cancellation?) -> Bool {
        let deadline = Date().addingTimeInterval(delay)
        while Date() < deadline {
            if cancellation?.isCancelled == true { return false }
            Thread.sleep(forTimeInterval: min(0.05, max(0, deadline.timeIntervalSinceNow)))
        }
        return cancellation?.isCancelled != true
    }

    /// The URL to send (encoded), the `Host` header and the decoded path to sign.
    private func location(of request: S3Request) -> (url: String, host: String, path: String) {
        let endpoint = configuration.endpoint
        let scheme = endpoint.scheme?.lowercased() ?? "https"
        var host = endpoint.host ?? ""
        if host.contains(":") { host = "[\(host)]" }  // IPv6 literal
        if configuration.addressing == .virtual { host = "\(configuration.bucket).\(host)" }
        if let port = endpoint.port { host += ":\(port)" }
        var path: String
        switch configuration.addressing {
        case .path: path = "/\(configuration.bucket)" + (request.key.map { "/\($0)" } ?? "")
        case .virtual: path = "/" + (request.key ?? "")
        }
        if path.isEmpty { path = "/" }
        let query = S3URIEncoding.canonicalQuery(request.query)
        let url = "\(scheme)://\(host)\(S3URIEncoding.path(path))" + (query.isEmpty ? "" : "?\(query)")
        return (url, host, path)
    }

    private func label(of request: S3Request) -> String {
        "s3://\(configuration.bucket)/\(request.key ?? "")"
    }

    private func failure(
        _ request: S3Request, status: Int?, code: String?, message: String, attempts: Int = 1, transient: Bool = false
    ) -> S3Error {
        S3Error(
            location: label(of: request),
            reason: .request(
                S3Failure(
                    operation: request.operation, bucket: configuration.bucket, key: request.key, status: status,
                    code: code, message: message, attempts: attempts, isTransient: transient)))
    }

    /// A name for statuses whose response has no XML body (HEAD requests, some proxies).
    private static func reasonPhrase(_ status: Int) -> String? {
        switch status {
        case 403: "Forbidden"
        case 404: "NotFound"
        case 500: "InternalServerError"
        case 502: "BadGateway"
        case 503: "ServiceUnavailable"
        case 504: "GatewayTimeout"
        default: nil
        }
    }

    private func borrowSession() -> CurlSession? {
        if let session = lock.withLock({ idleSessions.popLast() }) { return session }
        return CurlSession()
    }

    private func returnSession(_ session: CurlSession) {
        lock.withLock { idleSessions.append(session) }
    }
}
