import Foundation
import ReelManifest
import XCTest

/// Validates written MPDs against the official DASH-MPD.xsd with xmllint, offline.
///
/// Skipped unless `../shared/conform/schema/DASH-MPD.xsd` (beside the package root) exists and `xmllint` is on
/// PATH (`apt-get install -y libxml2-utils`). The schema imports W3C XLink from the network; like the
/// conformance checker (conformlib/dash_static.py), the test points that import at a small local stub.
final class MPDSchemaValidationTests: XCTestCase {
    private var validator: Validator!

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
        validator = try Validator(schema: schema, xmllint: xmllint)
    }

    override func tearDownWithError() throws {
        try validator?.removeFiles()
    }

    func testMainPackageIsValid() throws {
        try validator.assertValid(DASHWriter().manifest(for: Fixtures.package).text)
    }

    func testMultipleAudioSetsAndNonSquarePixelsAreValid() throws {
        var pal = Fixtures.video(
            id: "v576p", codecs: "avc1.64001e", width: 720, height: 576, sizes: [1, 1, 1, 1],
            frameRate: FrameRate(25))
        pal.video?.sampleAspectRatio = "16:15"
        let renditions = [
            pal, Fixtures.a128k, Fixtures.audio(id: "a-de", language: "de", name: "Deutsch"),
            Fixtures.audio(id: "a-51", codecs: "ec-3", channels: 6, language: nil, name: "Surround"),
        ]
        try validator.assertValid(
            DASHWriter().manifest(for: PackageFacts(renditions: renditions, segmentDuration: 6, duration: 3600.25))
                .text)
    }

    func testSegmentListFallbackWithOffsetAndDiscontinuityIsValid() throws {
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

    /// The harness itself must be able to reject: AudioChannelConfiguration after SegmentTemplate breaks
    /// the schema's element order.
    func testValidatorRejectsWrongElementOrder() throws {
        let valid = DASHWriter().manifest(for: Fixtures.package).text
        let configuration =
            #"        <AudioChannelConfiguration schemeIdUri="urn:mpeg:dash:23003:3:audio_channel_configuration:2011" "#
            + #"value="2"/>"# + "\n"
        XCTAssertTrue(valid.contains(configuration))
        let broken = valid.replacingOccurrences(of: configuration, with: "")
            .replacingOccurrences(
                of: "        </SegmentTemplate>\n", with: "        </SegmentTemplate>\n" + configuration)
        XCTAssertFalse(try validator.validate(broken).isValid)
    }

    private static func executable(named name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(name)" }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}

/// Runs xmllint against a copy of the schema whose XLink import names a local stub.
private struct Validator {
    let directory: URL
    let schema: URL
    let xmllint: String

    /// Minimal declarations of the XLink attributes DASH-MPD.xsd refers to (as in conformlib/dash_static.py).
    static let xlinkStub = """
        <?xml version="1.0" encoding="UTF-8"?>
        <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="http://www.w3.org/1999/xlink">
          <xs:attribute name="href" type="xs:anyURI"/>
          <xs:attribute name="role" type="xs:anyURI"/>
          <xs:attribute name="arcrole" type="xs:anyURI"/>
          <xs:attribute name="title" type="xs:string"/>
          <xs:attribute name="label" type="xs:NCName"/>
          <xs:attribute name="from" type="xs:NCName"/>
          <xs:attribute name="to" type="xs:NCName"/>
          <xs:attribute name="type"><xs:simpleType><xs:restriction base="xs:token">
            <xs:enumeration value="simple"/><xs:enumeration value="extended"/><xs:enumeration value="title"/>
            <xs:enumeration value="resource"/><xs:enumeration value="locator"/><xs:enumeration value="arc"/>
          </xs:restriction></xs:simpleType></xs:attribute>
          <xs:attribute name="show"><xs:simpleType><xs:restriction base="xs:token">
            <xs:enumeration value="new"/><xs:enumeration value="replace"/><xs:enumeration value="embed"/>
            <xs:enumeration value="other"/><xs:enumeration value="none"/>
          </xs:restriction></xs:simpleType></xs:attribute>
          <xs:attribute name="actuate"><xs:simpleType><xs:restriction base="xs:token">
            <xs:enumeration value="onLoad"/><xs:enumeration value="onRequest"/><xs:enumeration value="other"/>
            <xs:enumeration value="none"/>
          </xs:restriction></xs:simpleType></xs:attribute>
        </xs:schema>

        """

    init(schema original: URL, xmllint: String) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("reel-mpd-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let text = try String(contentsOf: original, encoding: .utf8)
        let local = text.replacingOccurrences(
            of: #"schemaLocation="[^"]*xlink[^"]*""#, with: #"schemaLocation="xlink.xsd""#, options: .regularExpression)
        schema = directory.appendingPathComponent("DASH-MPD.xsd")
        try local.write(to: schema, atomically: true, encoding: .utf8)
        try Self.xlinkStub.write(to: directory.appendingPathComponent("xlink.xsd"), atomically: true, encoding: .utf8)
        self.xmllint = xmllint
    }

    func validate(_ mpd: String) throws -> (isValid: Bool, output: String) {
        let file = directory.appendingPathComponent("\(UUID().uuidString).mpd")
        try mpd.write(to: file, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: xmllint)
        process.arguments = ["--noout", "--nonet", "--schema", schema.path, file.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus == 0, output)
    }

    func assertValid(_ mpd: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let result = try validate(mpd)
        XCTAssertTrue(result.isValid, "xmllint: \(result.output)\n\(mpd)", file: file, line: line)
    }

    func removeFiles() throws {
        try FileManager.default.removeItem(at: directory)
    }
}
