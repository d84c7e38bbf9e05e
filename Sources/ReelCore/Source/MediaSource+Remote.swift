import Foundation
import ReelHTTP
import ReelMedia

extension MediaSource {
    /// An `http(s)` source read with range requests.
    static func httpBytes(url: String, options: MediaSourceOptions) throws(ReelError) -> any ByteSource {
        var resolve: [String] = []
        if let pins = options.addressPins {
            if let entries = pins.entries(for: url) {
                resolve = entries
            } else if pins.required {
                throw .permanent("source: its host was not checked by the source policy, so it is not read")
            }
        }
        let reader: HTTPRangeReader
        do {
            reader = try HTTPRangeReader(
                url: url, timeout: options.readTimeout, maxRedirects: options.maxRedirects,
                maxAttempts: options.maxAttempts, retryBaseDelay: options.retryBaseDelay, resolve: resolve)
        } catch {
            throw .permanent(error.description)
        }
        return try RangeByteSource(chunkSize: options.chunkSize) { (offset, length) throws(ReelError) in
            do throws(HTTPRangeReader.Failure) {
                return try reader.read(offset: offset, length: length)
            } catch {
                if error.isTransient { throw .transient(error.description) }
                throw .permanent("source \(error.description)")
            }
        }
    }

    /// An `s3://` source read with signed ranged GETs, with the same credentials and endpoint as S3 output.
    static func s3Bytes(bucket: String, key: String, options: MediaSourceOptions) throws(ReelError) -> any ByteSource {
        let client: S3Client
        do {
            var configuration = try S3Configuration(
                bucket: bucket, environment: options.environment ?? ProcessInfo.processInfo.environment,
                endpoint: options.s3.endpoint, addressing: options.s3.addressing)
            configuration.maxAttempts = options.maxAttempts
            configuration.lowSpeedTime = options.readTimeout
            client = S3Client(configuration: configuration)
        } catch {
            throw .permanent("s3://\(bucket)/\(key): \(error)")
        }
        let uri = "s3://\(bucket)/\(key)"
        return try RangeByteSource(chunkSize: options.chunkSize) { (offset, length) throws(ReelError) in
            do throws(S3Error) {
                return try client.getObjectRange(key: key, offset: offset, length: length)
            } catch {
                if error.isTransient { throw .transient("source \(uri): \(error)") }
                if case .request(let failure) = error.reason, failure.status == 404 || failure.status == 403 {
                    let what = failure.status == 404 ? "not found" : "access denied"
                    throw .permanent("source \(uri): \(what) (HTTP \(failure.status!) \(failure.code ?? ""))")
                }
                throw .permanent("source \(uri): \(error)")
            }
        }
    }
}
