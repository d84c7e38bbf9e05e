import Foundation
import ReelHTTP
import ReelMedia
import XCTest

@testable import ReelCore

/// `http(s)` sources are read from the addresses their host was checked at (`AddressPins`,
/// `CURLOPT_RESOLVE`), never from a later DNS answer: a name cannot be rebound into a private
/// network between the check and the fetch. Loopback only: 127.0.0.1 plays the private network,
/// 127.0.0.2 (where nothing listens) the public address the check saw.
final class PinnedSourceTests: XCTestCase {
    private func serve() throws -> (RangeHTTPServer, port: Int, bytes: Data) {
        let dir = try TestMedia.scratchDirectory(self)
        let bytes = Data((0..<5000).map { UInt8($0 % 251) })
        try bytes.write(to: dir.appendingPathComponent("clip.bin"))
        let server = try RangeHTTPServer(root: dir, test: self)
        let port = try XCTUnwrap(Int(server.baseURL.split(separator: ":").last ?? ""))
        return (server, port, bytes)
    }

    /// The server's request count once its log has settled (it logs after answering).
    private func requests(_ server: RangeHTTPServer) -> Int {
        Thread.sleep(forTimeInterval: 0.3)
        return server.requests
    }

    private func options(_ pins: AddressPins) -> MediaSourceOptions {
        var options = MediaSourceOptions()
        options.addressPins = pins
        options.maxAttempts = 1
        options.readTimeout = 2
        options.maxRedirects = 0
        return options
    }

    private func read(_ uri: String, _ options: MediaSourceOptions) throws -> Data {
        let source = try MediaSource(uri: uri).open(options: options)
        var data = Data(count: 8192)
        var total = 0
        while total < data.count {
            let count = try data.withUnsafeMutableBytes { buffer in
                try source.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[total...]), at: Int64(total))
            }
            guard count > 0 else { break }
            total += count
        }
        return data.prefix(total)
    }

    func testAPinnedHostIsReadFromItsCheckedAddressOnly() throws {
        let (server, port, bytes) = try serve()
        // `.invalid` never resolves: the bytes can only have come from the pinned address.
        let pins = AddressPins(required: true)
        pins.pin(host: "media.invalid", port: port, entries: ["media.invalid:\(port):127.0.0.1"])
        XCTAssertEqual(try read("http://media.invalid:\(port)/clip.bin", options(pins)), bytes)
        XCTAssertEqual(requests(server), 1)
    }

    func testARebindingAnswerIsNotFollowed() throws {
        let (server, port, _) = try serve()
        // `localhost` resolves to 127.0.0.1, where the server listens (the rebinding answer); the
        // check saw 127.0.0.2, so that is where the read goes, and it finds nothing there.
        let pins = AddressPins(required: true)
        pins.pin(host: "localhost", port: port, entries: ["localhost:\(port):127.0.0.2"])
        XCTAssertThrowsError(try read("http://localhost:\(port)/clip.bin", options(pins))) { error in
            XCTAssertTrue("\(error)".lowercased().contains("connect"), "\(error)")
        }
        XCTAssertEqual(requests(server), 0, "nothing was fetched from the address a second lookup gives")
    }

    func testAnUncheckedHostIsNotReadWhenPinsAreRequired() throws {
        let (server, port, bytes) = try serve()
        let pins = AddressPins(required: true)
        pins.pin(host: "media.invalid", port: port, entries: ["media.invalid:\(port):127.0.0.1"])
        XCTAssertThrowsError(try read("http://127.0.0.1:\(port)/clip.bin", options(pins))) { error in
            guard case .permanent(let message) = error as? ReelError else { return XCTFail("\(error)") }
            XCTAssertTrue(message.contains("not checked"), message)
        }
        XCTAssertEqual(requests(server), 0)
        // Without required pins (private networks allowed) the host is resolved as usual.
        XCTAssertEqual(try read("http://127.0.0.1:\(port)/clip.bin", options(AddressPins(required: false))), bytes)
    }
}
