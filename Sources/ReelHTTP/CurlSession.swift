import CCurl
package import Foundation

/// One libcurl easy handle, reused request after request so connections are kept alive.
///
/// Not thread-safe: one thread uses a session at a time (`S3Client` lends them out). Every request
/// has a connect timeout and a low-speed timeout, sends the path exactly as given
/// (`CURLOPT_PATH_AS_IS`), and waits for `100 Continue` only briefly. Visible to the package's
/// other modules (ReelCore's `HTTPRangeReader` reads sources with it), not to its users.
package final class CurlSession {
    /// Limits applied to every request.
    package struct Limits: Sendable {
        /// Seconds to wait for a connection.
        var connectTimeout: TimeInterval
        /// A transfer slower than this many bytes per second for `lowSpeedTime` is abandoned.
        var lowSpeedLimit: Int
        /// Seconds a transfer may stay below `lowSpeedLimit`.
        var lowSpeedTime: TimeInterval
        /// Milliseconds to wait for `100 Continue` before sending a body anyway.
        var expectContinueTimeoutMilliseconds = 200

        /// Creates limits.
        /// - Parameters:
        ///   - connectTimeout: Seconds to wait for a connection.
        ///   - lowSpeedLimit: Bytes per second below which a transfer is abandoned after `lowSpeedTime`.
        ///   - lowSpeedTime: Seconds a transfer may stay below `lowSpeedLimit`.
        package init(connectTimeout: TimeInterval, lowSpeedLimit: Int, lowSpeedTime: TimeInterval) {
            self.connectTimeout = connectTimeout
            self.lowSpeedLimit = lowSpeedLimit
            self.lowSpeedTime = lowSpeedTime
        }
    }

    /// An HTTP response.
    package struct Response: Sendable {
        /// The status code.
        package let status: Int
        /// The headers of the final response, names lowercased, in the order received.
        let headers: [(name: String, value: String)]
        /// The body.
        package let body: Data

        /// The first value of a header.
        package func header(_ name: String) -> String? {
            let lowercased = name.lowercased()
            return headers.first { $0.name == lowercased }?.value
        }
    }

    /// A failure below HTTP: no connection, a timeout, a dropped connection...
    package struct TransportError: Error, Sendable {
        /// libcurl's code.
        let code: Int
        /// libcurl's message, with details when it gave any.
        package let message: String
        /// Whether the transfer was stopped by the cancellation check.
        package var isCancelled: Bool { code == Int(CURLE_ABORTED_BY_CALLBACK.rawValue) }
        /// Whether trying again may succeed: connection failures, timeouts, dropped connections.
        package var isRetryable: Bool {
            let retryable: [CURLcode] = [
                CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_CONNECT, CURLE_OPERATION_TIMEDOUT, CURLE_SEND_ERROR,
                CURLE_RECV_ERROR, CURLE_GOT_NOTHING, CURLE_PARTIAL_FILE, CURLE_SSL_CONNECT_ERROR, CURLE_HTTP2,
                CURLE_HTTP2_STREAM, CURLE_WEIRD_SERVER_REPLY,
            ]
            return retryable.contains { Int($0.rawValue) == code }
        }
        /// libcurl's name for the code, such as `CURLE_COULDNT_CONNECT`.
        package var name: String {
            switch code {
            case Int(CURLE_COULDNT_RESOLVE_HOST.rawValue): "CURLE_COULDNT_RESOLVE_HOST"
            case Int(CURLE_COULDNT_CONNECT.rawValue): "CURLE_COULDNT_CONNECT"
            case Int(CURLE_OPERATION_TIMEDOUT.rawValue): "CURLE_OPERATION_TIMEDOUT"
            case Int(CURLE_SEND_ERROR.rawValue): "CURLE_SEND_ERROR"
            case Int(CURLE_RECV_ERROR.rawValue): "CURLE_RECV_ERROR"
            case Int(CURLE_GOT_NOTHING.rawValue): "CURLE_GOT_NOTHING"
            case Int(CURLE_PARTIAL_FILE.rawValue): "CURLE_PARTIAL_FILE"
            case Int(CURLE_ABORTED_BY_CALLBACK.rawValue): "CURLE_ABORTED_BY_CALLBACK"
            default: "CURLE_\(code)"
            }
        }
    }

    /// The state of one transfer, reached from libcurl's callbacks through their context pointer.
    private final class Transfer {
        let body: Data
        var offset = 0
        var received = Data()
        var headers: [(name: String, value: String)] = []
        let isCancelled: () -> Bool

        init(body: Data, isCancelled: @escaping () -> Bool) {
            self.body = body
            self.isCancelled = isCancelled
        }
    }

    private static let initialized: Bool = reel_curl_global_init() == CURLE_OK

    private let handle: UnsafeMutableRawPointer
    private let errorBuffer: UnsafeMutablePointer<CChar>

    /// Creates a handle.
    /// - Returns: `nil` when libcurl cannot be initialized.
    package init?() {
        guard Self.initialized, let handle = curl_easy_init() else { return nil }
        self.handle = handle
        let size = reel_curl_error_size()
        errorBuffer = .allocate(capacity: size)
        errorBuffer.initialize(repeating: 0, count: size)
    }

    deinit {
        curl_easy_cleanup(handle)
        errorBuffer.deallocate()
    }

    /// Performs one request.
    /// - Parameters:
    ///   - method: The HTTP method.
    ///   - url: The URL, path and query already encoded.
    ///   - headers: The headers to send (libcurl adds only `Accept`, `Expect` and `Content-Length`).
    ///   - body: The body, or `nil` for none.
    ///   - limits: The timeouts.
    ///   - resolve: `CURLOPT_RESOLVE` entries (`HOST:PORT:ADDRESS`) pinning host names to addresses.
    ///   - isCancelled: Polled during the transfer; returning `true` stops it.
    /// - Returns: The response, or the transport failure.
    package func perform(
        method: String, url: String, headers: [(name: String, value: String)], body: Data?, limits: Limits,
        resolve: [String] = [], isCancelled: @escaping () -> Bool
    ) -> Result<Response, TransportError> {
        curl_easy_reset(handle)
        errorBuffer[0] = 0
        let transfer = Transfer(body: body ?? Data(), isCancelled: isCancelled)
        let context = Unmanaged.passUnretained(transfer).toOpaque()
        var list: UnsafeMutablePointer<curl_slist>?
        defer { curl_slist_free_all(list) }
        for (name, value) in headers { list = curl_slist_append(list, "\(name): \(value)") }
        var pins: UnsafeMutablePointer<curl_slist>?
        defer { curl_slist_free_all(pins) }
        for entry in resolve { pins = curl_slist_append(pins, entry) }

        _ = reel_curl_set_string(handle, CURLOPT_URL, url)
        _ = reel_curl_set_long(handle, CURLOPT_NOSIGNAL, 1)
        _ = reel_curl_set_long(handle, CURLOPT_PATH_AS_IS, 1)
        _ = reel_curl_set_long(handle, CURLOPT_TCP_KEEPALIVE, 1)
        _ = reel_curl_set_long(handle, CURLOPT_CONNECTTIMEOUT_MS, Int(limits.connectTimeout * 1000))
        _ = reel_curl_set_long(handle, CURLOPT_LOW_SPEED_LIMIT, limits.lowSpeedLimit)
        _ = reel_curl_set_long(handle, CURLOPT_LOW_SPEED_TIME, max(1, Int(limits.lowSpeedTime.rounded(.up))))
        _ = reel_curl_set_long(handle, CURLOPT_EXPECT_100_TIMEOUT_MS, limits.expectContinueTimeoutMilliseconds)
        _ = reel_curl_set_pointer(handle, CURLOPT_ERRORBUFFER, errorBuffer)
        _ = reel_curl_set_headers(handle, list)
        if let pins { _ = reel_curl_set_pointer(handle, CURLOPT_RESOLVE, pins) }
        _ = reel_curl_set_write_function(handle, Self.receiveBody)
        _ = reel_curl_set_pointer(handle, CURLOPT_WRITEDATA, context)
        _ = reel_curl_set_header_function(handle, Self.receiveHeader)
        _ = reel_curl_set_pointer(handle, CURLOPT_HEADERDATA, context)
        _ = reel_curl_set_progress_function(handle, Self.progress)
        _ = reel_curl_set_pointer(handle, CURLOPT_XFERINFODATA, context)
        if let body {
            _ = reel_curl_set_long(handle, CURLOPT_UPLOAD, 1)
            _ = reel_curl_set_off(handle, CURLOPT_INFILESIZE_LARGE, curl_off_t(body.count))
            _ = reel_curl_set_read_function(handle, Self.sendBody)
            _ = reel_curl_set_pointer(handle, CURLOPT_READDATA, context)
            if method != "PUT" { _ = reel_curl_set_string(handle, CURLOPT_CUSTOMREQUEST, method) }
        } else if method == "HEAD" {
            _ = reel_curl_set_long(handle, CURLOPT_NOBODY, 1)
        } else if method != "GET" {
            _ = reel_curl_set_string(handle, CURLOPT_CUSTOMREQUEST, method)
        }

        let code = withExtendedLifetime(transfer) { curl_easy_perform(handle) }
        guard code == CURLE_OK else {
            let detail = String(cString: errorBuffer)
            let message = detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail
            return .failure(TransportError(code: Int(code.rawValue), message: message))
        }
        return .success(
            Response(status: reel_curl_response_code(handle), headers: transfer.headers, body: transfer.received))
    }

    private static let receiveBody: reel_curl_data_callback = { buffer, size, count, context in
        let transfer = Unmanaged<Transfer>.fromOpaque(context!).takeUnretainedValue()
        let length = size * count
        if let buffer, length > 0 {
            transfer.received.append(UnsafeRawPointer(buffer).assumingMemoryBound(to: UInt8.self), count: length)
        }
        return length
    }

    private static let receiveHeader: reel_curl_data_callback = { buffer, size, count, context in
        let transfer = Unmanaged<Transfer>.fromOpaque(context!).takeUnretainedValue()
        let length = size * count
        guard let buffer, length > 0 else { return length }
        let line = String(
            decoding: UnsafeRawBufferPointer(start: buffer, count: length), as: UTF8.self
        ).trimmingCharacters(in: .whitespacesAndNewlines)
        if line.hasPrefix("HTTP/") {
            transfer.headers = []  // a new response (after 100 Continue or a redirect)
        } else if let colon = line.firstIndex(of: ":") {
            let name = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            transfer.headers.append((name, value))
        }
        return length
    }

    private static let sendBody: reel_curl_data_callback = { buffer, size, count, context in
        let transfer = Unmanaged<Transfer>.fromOpaque(context!).takeUnretainedValue()
        if transfer.isCancelled() { return reel_curl_readfunc_abort() }
        let length = min(size * count, transfer.body.count - transfer.offset)
        guard let buffer, length > 0 else { return 0 }
        let start = transfer.body.startIndex + transfer.offset
        transfer.body.copyBytes(
            to: UnsafeMutableRawPointer(buffer).assumingMemoryBound(to: UInt8.self), from: start..<start + length)
        transfer.offset += length
        return length
    }

    private static let progress: reel_curl_progress_callback = { context, _, _, _, _ in
        let transfer = Unmanaged<Transfer>.fromOpaque(context!).takeUnretainedValue()
        return transfer.isCancelled() ? 1 : 0
    }
}
