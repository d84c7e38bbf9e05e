import Foundation
import ReelHTTP

/// Reads byte ranges of an `http(s)` resource with libcurl: bounded redirects, connect and
/// low-speed timeouts on every request, retries with exponential backoff on transient failures.
final class HTTPRangeReader: @unchecked Sendable {
    /// Why a ranged read failed.
    struct Failure: Error, Sendable, CustomStringConvertible {
        /// The URL as given.
        let url: String
        /// The HTTP status, when there was a response.
        let status: Int?
        /// What went wrong.
        let message: String
        /// Whether trying again later may succeed (5xx, 408, 429, timeouts, dropped connections).
        let isTransient: Bool

        var description: String {
            if let status { return "\(url): HTTP \(status)\(message.isEmpty ? "" : ": \(message)")" }
            return "\(url): \(message)"
        }
    }

    /// The URL as given.
    let url: String
    private var resolved: String
    private let session: CurlSession
    private let maxRedirects: Int
    private let maxAttempts: Int
    private let retryBaseDelay: Double
    private let limits: CurlSession.Limits
    private let resolve: [String]
    private let isCancelled: @Sendable () -> Bool

    /// - Parameters:
    ///   - url: An `http` or `https` URL.
    ///   - timeout: Seconds to connect, and seconds a transfer may stall.
    ///   - maxRedirects: Redirects followed per request.
    ///   - maxAttempts: Attempts per read on transient failures.
    ///   - retryBaseDelay: First backoff in seconds (doubles per attempt).
    ///   - resolve: `CURLOPT_RESOLVE` entries (`HOST:PORT:ADDRESS,…`) pinning host names to
    ///     addresses checked beforehand: requests to those hosts connect only there.
    ///   - isCancelled: Polled during transfers and backoff.
    /// - Throws: `Failure` when libcurl cannot be initialized.
    init(
        url: String, timeout: Double = 30, maxRedirects: Int = 5, maxAttempts: Int = 4, retryBaseDelay: Double = 0.25,
        resolve: [String] = [], isCancelled: @escaping @Sendable () -> Bool = { false }
    ) throws(Failure) {
        guard let session = CurlSession() else {
            throw Failure(url: url, status: nil, message: "libcurl could not be initialized", isTransient: false)
        }
        self.url = url
        resolved = url
        self.session = session
        self.maxRedirects = maxRedirects
        self.maxAttempts = max(1, maxAttempts)
        self.retryBaseDelay = retryBaseDelay
        limits = CurlSession.Limits(
            connectTimeout: min(timeout, 10), lowSpeedLimit: 1, lowSpeedTime: timeout)
        self.resolve = resolve
        self.isCancelled = isCancelled
    }

    /// Reads a range.
    /// - Parameters:
    ///   - offset: First byte.
    ///   - length: Bytes wanted; fewer come back at the end.
    /// - Returns: The bytes and the resource's total size when the server told it. Past the end the
    ///   data is empty. A server that ignores `Range` (200) returns everything from `offset` on.
    /// - Throws: `Failure`: permanent for 4xx (403 and 404 named as such), transient for 5xx and
    ///   network failures that outlasted the retries.
    func read(offset: Int64, length: Int) throws(Failure) -> (data: Data, totalSize: Int64?) {
        var attempt = 0
        while true {
            attempt += 1
            do {
                return try readOnce(offset: offset, length: length)
            } catch {
                guard error.isTransient, attempt < maxAttempts, !isCancelled() else { throw error }
                let delay = retryBaseDelay * pow(2, Double(attempt - 1))
                Thread.sleep(forTimeInterval: delay / 2 + Double.random(in: 0...(delay / 2)))
            }
        }
    }

    private func readOnce(offset: Int64, length: Int) throws(Failure) -> (data: Data, totalSize: Int64?) {
        var target = resolved
        var redirects = 0
        while true {
            let range = "bytes=\(offset)-\(offset + Int64(max(length, 1)) - 1)"
            let result = session.perform(
                method: "GET", url: target, headers: [(name: "Range", value: range)], body: nil, limits: limits,
                resolve: resolve, isCancelled: isCancelled)
            let response: CurlSession.Response
            switch result {
            case .failure(let transport):
                if transport.isCancelled {
                    throw Failure(url: url, status: nil, message: "cancelled", isTransient: false)
                }
                throw Failure(
                    url: url, status: nil, message: "\(transport.name): \(transport.message)",
                    isTransient: transport.isRetryable)
            case .success(let r): response = r
            }
            switch response.status {
            case 301, 302, 303, 307, 308:
                guard let location = response.header("location"),
                    let next = URL(string: location, relativeTo: URL(string: target))
                else {
                    throw Failure(
                        url: url, status: response.status, message: "redirect without Location", isTransient: false)
                }
                redirects += 1
                guard redirects <= maxRedirects else {
                    throw Failure(
                        url: url, status: response.status, message: "more than \(maxRedirects) redirects",
                        isTransient: false)
                }
                target = next.absoluteString
                continue
            case 206:
                resolved = target
                return (response.body, response.header("content-range").flatMap(HTTPRange.totalSize(contentRange:)))
            case 200:
                // The server ignored the range and sent everything: hand back all of it from the
                // offset on, so the caller can serve later reads without asking again.
                resolved = target
                let total = Int64(response.body.count)
                guard offset < total else { return (Data(), total) }
                return (
                    response.body.subdata(in: (response.body.startIndex + Int(offset))..<response.body.endIndex), total
                )
            case 416:
                return (Data(), response.header("content-range").flatMap(HTTPRange.totalSize(contentRange:)))
            case 403:
                throw Failure(url: url, status: 403, message: "access denied", isTransient: false)
            case 404, 410:
                throw Failure(url: url, status: response.status, message: "not found", isTransient: false)
            default:
                let transient = response.status >= 500 || response.status == 408 || response.status == 429
                throw Failure(url: url, status: response.status, message: "", isTransient: transient)
            }
        }
    }
}
