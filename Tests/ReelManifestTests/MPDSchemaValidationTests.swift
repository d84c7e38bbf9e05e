import Foundation
import XCTest

@testable import ReelManifest

/// Validates written MPDs against the official DASH-MPD.xsd with xmllint, offline.
///
/// Skipped unless `../shared/conform/schema/DASH-MPD.xsd` (beside the package root) exists and `xmllint` is on
/// PATH (`apt-get install -y libxml2-utils`). The schema imports W3C XLink from the network; like the
/// conformance checker (conformlib/dash_static.py), the test points that import at a small local stub.
final class MPDSchemaValidationTests: XCTestCase {
    private var validator: MPDValidator!

    override func setUpWithError() throws {
        let packageRoot = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let schema = packageRoot.appendingPathComponent("../shared/conform/schema/DASH-MPD.xsd").standardized
        guard FileManager.default.fileExists(atPath: schema.path) else {
            throw XCTSkip("no DASH schema at \(schema.path)")
        }
        guard let xmllint = Self.executable(named: "xmllint") else {
            throw XCTSkip("xmllint not on PATH (apt-get install -y libxml2-utils)")
        }
        validator = try MPDValidator(schema: schema, xmllint: xmllint)
    }

    override func tearDownWithError() throws {
        try validator?.removeFiles()
    }

    /// The main package includes the thumbnails' image set (SegmentTemplate with endNumber).
    func testMainPackageIsValid() throws {
        try validator.assertValid(DASHWriter().manifest(for: Fixtures.package).text)
    }

    /// Three Periods split at two cue points, with startNumber, presentationTimeOffset and the
    /// period-continuity descriptor.
    func testMultiPeriodPackageIsValid() throws {
        try validator.assertValid(DASHWriter().manifest(for: CuePointManifestTests.package).text)
    }

    func testMultipleAudioSetsAndNonSquarePixelsAreValid() throws {
        var pal = Fixtures.video(
            id: "v576p", codecs: "avc1.64001e", width: 720, height: 576, sizes: [1, 1, 1, 1],
            frameRate: Rational(25))
        pal.video?.sampleAspectRatio = "16:15"
        let renditions = [
            pal, Fixtures.a128k, Fixtures.audio(id: "a-de", language: "de", name: "Deutsch"),
            Fixtures.audio(id: "a-51", codecs: "ec-3", channels: 6, language: nil, name: "Surround"),
        ]
        try validator.assertValid(
            DASHWriter().manifest(for: PackageFacts(renditions: renditions, segmentDuration: 6, duration: 3600.25))
                .text)
    }

    func testContentProtectionIsValid() throws {
        var video = Fixtures.v720p
        video.protection = ProtectionFacts(
            method: .cenc, keyID: Array(0..<16),
            systems: [
                DRMSignal(systemID: DRMSignal.commonPSSH, pssh: [0, 0, 0, 8, 0x70, 0x73, 0x73, 0x68]),
                DRMSignal(
                    systemID: DRMSignal.dashIFClearKey, dashValue: "ClearKey1.0", licenseURL: "https://l.example/ck"),
            ])
        var audio = Fixtures.a128k
        audio.protection = video.protection
        var other = Fixtures.v360p
        other.protection = ProtectionFacts(method: .cenc, keyID: Array(16..<32))
        try validator.assertValid(
            DASHWriter().manifest(
                for: PackageFacts(renditions: [video, other, audio], segmentDuration: 6, duration: 20.02)
            ).text)
    }

    func testSegmentListWithOffsetAndDiscontinuityIsValid() throws {
        var rendition = Fixtures.v720p
        rendition.presentationTimeOffset = 1001
        rendition.segments[0].startTime = 1001
        rendition.segments[2].fileName = "part-three.m4s"
        let mpd = DASHWriter().manifest(
            for: PackageFacts(renditions: [rendition], segmentDuration: 6, duration: 20)
        ).text
        XCTAssertTrue(mpd.contains("<SegmentList"))
        try validator.assertValid(mpd)
    }

    func testTextAndImageAdaptationSetsAndCaptionDescriptorAreValid() throws {
        var video = Fixtures.v720p
        video.video?.closedCaptions = ClosedCaptionFacts(language: "en", name: "English")
        let renditions = [
            video, Fixtures.a128k, Fixtures.subtitles(id: "s-en", container: .fmp4),
            Fixtures.subtitles(id: "s-de-forced", language: "de", container: .fmp4, isForced: true),
            Fixtures.subtitles(id: "s-4", language: nil, container: .fmp4, isSDH: true),
        ]
        let mpd = DASHWriter().manifest(
            for: PackageFacts(
                renditions: renditions, images: [Fixtures.thumbnails], segmentDuration: 6, duration: 20.02)
        ).text
        XCTAssertEqual(mpd.components(separatedBy: #"contentType="text""#).count - 1, 3)
        XCTAssertTrue(mpd.contains(#"<AdaptationSet id="5" contentType="image""#), mpd)
        try validator.assertValid(mpd)
    }

    /// The harness itself must be able to reject: AudioChannelConfiguration after SegmentList breaks
    /// the schema's element order.
    func testValidatorRejectsWrongElementOrder() throws {
        let valid = DASHWriter().manifest(for: Fixtures.package).text
        let configuration =
            #"        <AudioChannelConfiguration schemeIdUri="urn:mpeg:dash:23003:3:audio_channel_configuration:2011" "#
            + #"value="2"/>"# + "\n"
        XCTAssertTrue(valid.contains(configuration))
        let broken = valid.replacingOccurrences(of: configuration, with: "")
            .replacingOccurrences(
                of: "        </SegmentList>\n", with: "        </SegmentList>\n" + configuration)
        XCTAssertFalse(try validator.validate(broken).isValid)
    }

    private static func executable(named name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(name)" }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}
