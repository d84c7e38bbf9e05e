import Foundation
import ReelOutput
import XCTest

@testable import ReelCore
@testable import ReelMedia

/// Plays packages in headless Chromium with Shaka Player, whole manifest with its own adaptation, as a
/// viewer would. Skipped when Chromium or the player builds of `../shared/conform/players` are absent.
final class BrowserPlaybackTests: XCTestCase {
    /// DASH and HLS play to the end, from the first picture at presentation time 0, several times over:
    /// Shaka Player 4.5 used to stall at the start of some runs when it switched Representations during its
    /// first fetches (SegmentTemplate with a SegmentTimeline), and the start used to lie two frames late.
    func testShakaPlaysDASHAndHLSToTheEnd() async throws {
        let player = try HeadlessPlayer()
        let source = try TestMedia.clip("browser.mp4") { $0.duration = 5 }
        let out = try TestMedia.scratchDirectory(self)
        _ = try await TestMedia.package(source, ladder: TestMedia.smallLadder(), into: out)

        for manifest in ["manifest.mpd", "master.m3u8"] {
            for run in 1...3 {
                let result = try player.play(manifest, in: out, with: .shaka)
                let label = "\(manifest) run \(run): \(result)"
                XCTAssertTrue(result.ended, label)
                XCTAssertEqual(result.errors, [], label)
                XCTAssertEqual(result.duration ?? 0, 5, accuracy: 0.1, label)
                XCTAssertEqual(result.currentTime ?? 0, result.duration ?? -1, accuracy: 0.05, label)
                XCTAssertGreaterThanOrEqual(result.frames ?? 0, 148, label)
                XCTAssertEqual(result.bufferedStart ?? -1, 0, accuracy: 0.002, label)
            }
        }
    }

    /// A package with thumbnails still plays to the end, and Shaka Player finds the sprites in both
    /// manifests (the DASH image set, the HLS image playlist) and places the thumbnail of 3.5 s on
    /// the fourth tile of the first sheet.
    func testShakaPlaysAPackageWithThumbnailsAndFindsThem() async throws {
        let player = try HeadlessPlayer()
        let source = try TestMedia.clip("browser.mp4") { $0.duration = 5 }
        let out = try TestMedia.scratchDirectory(self)
        let output = try DirectoryOutput(directory: out)
        // Five 160x90 tiles, one a second, on one sheet of 5 × 5.
        let written = try ThumbnailWriter.write(
            source: MediaSource(uri: source), thumbnails: ThumbnailOptions(interval: 1), poster: nil, to: output)
        let track = try XCTUnwrap(written.track)
        let packager = Packager(
            request: PackageRequest(source: source, ladder: TestMedia.smallLadder()), output: output,
            images: [track.facts])
        _ = try await packager.run()

        for manifest in ["manifest.mpd", "master.m3u8"] {
            let result = try player.play(manifest, in: out, with: .shaka, thumbnailAt: 3.5)
            let label = "\(manifest): \(result)"
            XCTAssertTrue(result.ended, label)
            XCTAssertEqual(result.errors, [], label)
            XCTAssertEqual(result.currentTime ?? 0, result.duration ?? -1, accuracy: 0.05, label)
            XCTAssertEqual(result.imageTracks, 1, label)
            let thumbnail = try XCTUnwrap(result.thumbnail, label)
            XCTAssertTrue(thumbnail.uri.hasSuffix("/thumbnails/sprite_0.jpg"), "\(label): \(thumbnail)")
            XCTAssertEqual(
                [thumbnail.positionX, thumbnail.positionY, thumbnail.width, thumbnail.height], [480, 0, 160, 90],
                "\(label): \(thumbnail)")
            XCTAssertEqual(thumbnail.startTime, 3, accuracy: 0.001, "\(label): \(thumbnail)")
            XCTAssertEqual(thumbnail.duration, 1, accuracy: 0.001, "\(label): \(thumbnail)")
        }
    }
}
