import Foundation
import XCTest

@testable import ReelJobs
@testable import ReelService

/// The pieces of the preview: signatures, byte ranges and the one-rendition master playlist.
final class PreviewPartsTests: XCTestCase {
    func testSignaturesNameTheJobAndTheExpiry() throws {
        let signer = PreviewSigner(secret: nil)
        let job = JobID("3f1c5a2e-0b7d-4c1e-9d6a-2f1e0c9b8a7d")
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let signature = signer.signature(for: job, expiry: now.addingTimeInterval(60))
        XCTAssertTrue(signature.hasPrefix("1800000060."), signature)
        XCTAssertEqual(signature.count, "1800000060.".count + 32)
        XCTAssertNoThrow(try signer.check(signature, for: job, now: now))
        XCTAssertThrowsError(try signer.check(signature, for: job, now: now.addingTimeInterval(61))) {
            XCTAssertEqual($0 as? PreviewSigner.Refusal, .expired)
        }
        XCTAssertThrowsError(try signer.check(signature, for: JobID("other"), now: now)) {
            XCTAssertEqual($0 as? PreviewSigner.Refusal, .invalid)
        }
        XCTAssertThrowsError(try PreviewSigner(secret: nil).check(signature, for: job, now: now), "another process")
        // With preview_secret, every node signs alike.
        let shared = PreviewSigner(secret: "preview-secret-0123456789")
        let again = PreviewSigner(secret: "preview-secret-0123456789")
        XCTAssertNoThrow(
            try again.check(shared.signature(for: job, expiry: now.addingTimeInterval(60)), for: job, now: now))
        for garbage in ["", ".", "1.", ".ab", "-5.00", "99999999999999999999.00", "1800000060.zz", "a.b.c"] {
            XCTAssertThrowsError(try signer.check(garbage, for: job, now: now), garbage)
        }
    }

    func testByteRanges() {
        XCTAssertEqual(ByteRange.parse(nil, size: 10), .whole)
        XCTAssertEqual(ByteRange.parse("bytes=0-4", size: 10), .part(ByteRange(lower: 0, upper: 4)))
        XCTAssertEqual(ByteRange.parse(" bytes = 2 - ", size: 10), .whole, "not the RFC's form")
        XCTAssertEqual(ByteRange.parse("bytes=2-", size: 10), .part(ByteRange(lower: 2, upper: 9)))
        XCTAssertEqual(ByteRange.parse("bytes=-3", size: 10), .part(ByteRange(lower: 7, upper: 9)))
        XCTAssertEqual(ByteRange.parse("bytes=-30", size: 10), .part(ByteRange(lower: 0, upper: 9)))
        XCTAssertEqual(ByteRange.parse("bytes=5-100", size: 10), .part(ByteRange(lower: 5, upper: 9)))
        XCTAssertEqual(ByteRange.parse("bytes=10-", size: 10), .unsatisfiable)
        XCTAssertEqual(ByteRange.parse("bytes=10-12", size: 10), .unsatisfiable)
        XCTAssertEqual(ByteRange.parse("bytes=-0", size: 10), .unsatisfiable)
        XCTAssertEqual(ByteRange.parse("bytes=5-2", size: 10), .whole)
        XCTAssertEqual(ByteRange.parse("bytes=0-1,4-5", size: 10), .whole)
        XCTAssertEqual(ByteRange.parse("bytes=99999999999999999999-", size: 10), .whole)
        XCTAssertEqual(ByteRange.parse("bytes=0-4", size: 0), .whole)
        XCTAssertEqual(ByteRange(lower: 2, upper: 4).contentRange(of: 10), "bytes 2-4/10")
    }

    func testTheMasterPlaylistOfOneRendition() throws {
        let narrowed = try XCTUnwrap(MasterPlaylistFilter.keeping("v360p", in: PackageFixture.master))
        XCTAssertEqual(
            narrowed,
            """
            #EXTM3U
            #EXT-X-VERSION:7
            #EXT-X-INDEPENDENT-SEGMENTS
            #EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="audio",NAME="Main",DEFAULT=YES,AUTOSELECT=YES,URI="a128k/index.m3u8"
            #EXT-X-STREAM-INF:BANDWIDTH=829488,CODECS="avc1.64001e,mp4a.40.2",RESOLUTION=640x360,AUDIO="audio"
            v360p/index.m3u8
            #EXT-X-I-FRAME-STREAM-INF:BANDWIDTH=15284,CODECS="avc1.64001e",RESOLUTION=640x360,URI="v360p/iframes.m3u8"

            """)
        XCTAssertNil(MasterPlaylistFilter.keeping("a128k", in: PackageFixture.master), "audio is no variant")
        XCTAssertNil(MasterPlaylistFilter.keeping("v36", in: PackageFixture.master), "whole directory names")
        XCTAssertTrue(MasterPlaylistFilter.isRenditionID("v720p"))
        XCTAssertTrue(MasterPlaylistFilter.isRenditionID("v1080p_hevc-2"))
        for bad in ["", "../x", "v/1", "v 1", String(repeating: "a", count: 65)] {
            XCTAssertFalse(MasterPlaylistFilter.isRenditionID(bad), bad)
        }
    }
}
