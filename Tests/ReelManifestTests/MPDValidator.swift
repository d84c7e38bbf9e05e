import Foundation
import XCTest

/// Runs xmllint against a copy of the schema whose XLink import names a local stub.
struct MPDValidator {
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
