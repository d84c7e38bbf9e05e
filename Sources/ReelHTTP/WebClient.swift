public import Foundation

/// Small one-off HTTP requests with libcurl (webhook callbacks, subscription confirmations), each on a
/// thread of its own so a slow peer never blocks the Swift concurrency pool.
public enum WebClient {
    /// An HTTP response.
    public struct Response: Sendable {
        /// The status code.
        public let status: Int
        /// The body.
        let body: Data
    }

    /// Why a request got no HTTP response.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        /// The URL.
        let url: String
        /// libcurl's message.
        public let message: String

        public var description: String { "\(url): \(message)" }
    }

    /// Sends one request and waits for the response.
    /// - Parameters:
    ///   - method: `GET`, `POST`, ...
    ///   - url: An `http` or `https` URL.
    ///   - headers: Request headers.
    ///   - body: The body, or nil.
    ///   - timeout: Seconds to connect, and seconds the transfer may stall.
    ///   - resolve: `HOST:PORT:ADDRESS` entries (`CURLOPT_RESOLVE`) that pin host names to
    ///     addresses checked beforehand (redirects are never followed).
    /// - Returns: The response (any status), or the failure below HTTP.
    public static func send(
        _ method: String, url: String, headers: [(name: String, value: String)] = [], body: Data? = nil,
        timeout: TimeInterval = 10, resolve: [String] = []
    ) async -> Result<Response, Failure> {
        await withCheckedContinuation { (done: CheckedContinuation<Result<Response, Failure>, Never>) in
            let thread = Thread {
                done.resume(
                    returning: perform(
                        method, url: url, headers: headers, body: body, timeout: timeout, resolve: resolve))
            }
            thread.name = "reel.web-client"
            thread.start()
        }
    }

    /// Sends one request on the calling thread.
    private static func perform(
        _ method: String, url: String, headers: [(name: String, value: String)], body: Data?,
        timeout: TimeInterval, resolve: [String]
    ) -> Result<Response, Failure> {
        guard let session = CurlSession() else {
            return .failure(Failure(url: url, message: "libcurl could not be initialized"))
        }
        let limits = CurlSession.Limits(connectTimeout: min(timeout, 10), lowSpeedLimit: 1, lowSpeedTime: timeout)
        let result = session.perform(
            method: method, url: url, headers: headers, body: body, limits: limits, resolve: resolve,
            isCancelled: { false })
        switch result {
        case .success(let response): return .success(Response(status: response.status, body: response.body))
        case .failure(let error): return .failure(Failure(url: url, message: error.message))
        }
    }
}
