import ReelHTTP
import XCTest

final class AddressPinsTests: XCTestCase {
    func testAURLFindsThePinsOfItsHostAndPort() {
        let pins = AddressPins(required: true)
        pins.pin(host: "media.example", port: 443, entries: ["media.example:443:203.0.113.7"])
        pins.pin(host: "::1", port: 8080, entries: ["[::1]:8080:::1"])
        XCTAssertEqual(pins.entries(for: "https://Media.Example/clip.mp4"), ["media.example:443:203.0.113.7"])
        XCTAssertEqual(pins.entries(for: "http://[::1]:8080/a"), ["[::1]:8080:::1"])
        XCTAssertNil(pins.entries(for: "http://media.example/clip.mp4"), "another port (80)")
        XCTAssertNil(pins.entries(for: "https://other.example/clip.mp4"))
        XCTAssertNil(pins.entries(for: "not a url"))
        XCTAssertTrue(pins.required)
    }

    func testNoEntriesPinNothing() {
        let pins = AddressPins(required: false)
        pins.pin(host: "media.example", port: 443, entries: [])
        XCTAssertNil(pins.entries(for: "https://media.example/"))
    }
}
