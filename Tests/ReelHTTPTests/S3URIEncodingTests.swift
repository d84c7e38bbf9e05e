import XCTest

@testable import ReelHTTP

final class S3URIEncodingTests: XCTestCase {
    func testPathKeepsSlashesAndUnreservedCharacters() {
        XCTAssertEqual(S3URIEncoding.path("/bucket/v720p/seg_00001.m4s"), "/bucket/v720p/seg_00001.m4s")
        XCTAssertEqual(S3URIEncoding.path("/a-b.c_d~e/"), "/a-b.c_d~e/")
    }

    func testPathEncodesColonSpaceAndReservedCharactersInUppercaseHex() {
        XCTAssertEqual(S3URIEncoding.path("/b/a:b c"), "/b/a%3Ab%20c")
        XCTAssertEqual(S3URIEncoding.path("/b/x+y=z&w?v#u"), "/b/x%2By%3Dz%26w%3Fv%23u")
        XCTAssertEqual(S3URIEncoding.path("/b/100%"), "/b/100%25")
        XCTAssertEqual(S3URIEncoding.path("/b/é"), "/b/%C3%A9")
        XCTAssertEqual(S3URIEncoding.path("/b/ሴ"), "/b/%E1%88%B4")
    }

    func testPathIsNotNormalized() {
        XCTAssertEqual(S3URIEncoding.path("//a/./b/../"), "//a/./b/../")
    }

    func testQueryComponentEncodesSlash() {
        XCTAssertEqual(S3URIEncoding.queryComponent("a/b c:d"), "a%2Fb%20c%3Ad")
    }

    func testCanonicalQuerySortsByEncodedNameAndKeepsEmptyValues() {
        XCTAssertEqual(S3URIEncoding.canonicalQuery([("uploads", "")]), "uploads=")
        XCTAssertEqual(
            S3URIEncoding.canonicalQuery([("uploadId", "x y"), ("partNumber", "10"), ("Param", "1")]),
            "Param=1&partNumber=10&uploadId=x%20y")
        XCTAssertEqual(S3URIEncoding.canonicalQuery([("a", "2"), ("a", "1")]), "a=1&a=2")
        XCTAssertEqual(
            S3URIEncoding.canonicalQuery([("list-type", "2"), ("prefix", "videos/a:b c/")]),
            "list-type=2&prefix=videos%2Fa%3Ab%20c%2F")
        XCTAssertEqual(S3URIEncoding.canonicalQuery([]), "")
    }
}
