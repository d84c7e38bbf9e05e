import Foundation
import ReelManifest
import XCTest

@testable import ReelCore
@testable import ReelMedia

/// Encrypted packages as players read them: FFmpeg's MP4 demuxer decrypts CENC with the key and
/// gets the clear frames back, a wrong key gets nothing clean, HLS AES-128 segments open with the
/// key file, and the key itself is nowhere in the package unless asked for.
final class EncryptionTests: XCTestCase {
    private var ffmpeg: FFmpegCLI!
    private let kid = "0123456789abcdef0123456789abcdef"
    private let key = "00112233445566778899aabbccddeeff"

    override func setUpWithError() throws {
        ffmpeg = try FFmpegCLI.required()
    }

    private func options(
        _ scheme: EncryptionOptions.Scheme, drm: [EncryptionOptions.DRMSystem] = [], keyFile: String? = nil
    ) -> EncryptionOptions {
        EncryptionOptions(
            scheme: scheme, keys: [EncryptionOptions.Key(label: nil, keyID: Hex.bytes(kid)!, key: Hex.bytes(key)!)],
            drm: drm, hlsKeyFile: keyFile)
    }

    /// Concatenates a rendition's init and media segments (fMP4) into one file.
    private func joined(_ out: URL, _ id: String) throws -> String {
        let dir = out.appendingPathComponent(id)
        var bytes = try Data(contentsOf: dir.appendingPathComponent("init.mp4"))
        let segments = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".m4s") }
        for name in segments.sorted() { bytes += try Data(contentsOf: dir.appendingPathComponent(name)) }
        let path = out.appendingPathComponent("\(id)-joined.mp4").path
        try bytes.write(to: URL(fileURLWithPath: path))
        return path
    }

    /// Frame hashes of a protected file decrypted by FFmpeg (read as a stream, so every fragment's
    /// own encryption boxes are used).
    private func decryptedFrames(_ path: String, key: String) throws -> [String] {
        try ffmpeg.frameHashes(path, inputOptions: ["-decryption_key", key, "-seekable", "0"])
    }

    func testCBCSCopiedRenditionsDecryptToTheirInputsFrames() async throws {
        let dir = try TestMedia.scratchDirectory(self)
        let input = dir.appendingPathComponent("in.mp4").path
        try ffmpeg.run([
            "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=24:duration=4", "-f", "lavfi", "-i",
            "sine=f=440:duration=4", "-c:v", "libx264", "-preset", "ultrafast", "-bf", "2", "-slices", "2", "-g", "48",
            "-keyint_min", "48", "-sc_threshold", "0", "-c:a", "aac", "-shortest", "-y", input,
        ])
        var request = PackageRequest(source: input, ladder: TestMedia.smallLadder(segment: 2, keyframe: 2))
        request.inputs = [MediaInput(source: input)]
        request.packageOnly = true
        request.encryption = options(.cbcs, drm: [.clearkey, .widevine])
        let out = dir.appendingPathComponent("out")
        let (summary, events) = try await TestMedia.package(request, into: out)
        XCTAssertEqual(summary.renditions.map(\.kind), ["video", "audio"])

        let video = try joined(out, "v180p")
        let initBytes = try [UInt8](Data(contentsOf: out.appendingPathComponent("v180p/init.mp4")))
        for box in ["encv", "sinf", "tenc", "pssh"] {
            XCTAssertNotNil(Data(initBytes).range(of: Data(box.utf8)), "no \(box) in the init segment")
        }
        XCTAssertEqual(try decryptedFrames(video, key: key), try ffmpeg.frameHashes(input))
        // A wrong key decodes to other pictures (or none).
        let wrong = String(key.reversed())
        XCTAssertNotEqual(try? decryptedFrames(video, key: wrong), try ffmpeg.frameHashes(input))

        // Manifests signal it; the key is in no file and no event.
        let mpd = try String(contentsOf: out.appendingPathComponent("manifest.mpd"), encoding: .utf8)
        XCTAssertTrue(mpd.contains(#"value="cbcs" cenc:default_KID="01234567-89ab-cdef-0123-456789abcdef""#), mpd)
        XCTAssertTrue(mpd.contains("urn:uuid:edef8ba9-79d6-4ace-a3c8-27dcd51d21ed"), mpd)
        let playlist = try String(contentsOf: out.appendingPathComponent("v180p/index.m3u8"), encoding: .utf8)
        XCTAssertTrue(playlist.contains(#"METHOD=SAMPLE-AES"#) && playlist.contains("org.w3.clearkey"), playlist)
        try assertKeyIsNowhere(in: out, events: events)
    }

    func testCENCTranscodedLadderDecryptsOnlyWithItsKey() async throws {
        let source = try TestMedia.clip("enc.mp4") { $0.duration = 3 }
        var request = PackageRequest(source: source, ladder: TestMedia.smallLadder(segment: 2, keyframe: 1))
        request.encryption = options(.cenc)
        let out = try TestMedia.scratchDirectory(self).appendingPathComponent("out")
        let (summary, events) = try await TestMedia.package(request, into: out)
        for rendition in summary.renditions where rendition.kind == "video" {
            let path = try joined(out, rendition.id)
            let frames = try decryptedFrames(path, key: key)
            XCTAssertEqual(frames.count, 90, rendition.id)
            // Without the key, FFmpeg decodes garbage or fails: never the same pictures.
            XCTAssertNotEqual(try? ffmpeg.frameHashes(path), frames, rendition.id)
        }
        let mpd = try String(contentsOf: out.appendingPathComponent("manifest.mpd"), encoding: .utf8)
        XCTAssertTrue(mpd.contains(#"value="cenc""#), mpd)
        try assertKeyIsNowhere(in: out, events: events)
    }

    func testAES128TransportStreamSegmentsOpenWithTheKeyFileAndDASHStaysClear() async throws {
        let source = try TestMedia.clip("aes.mp4") { $0.duration = 3 }
        var request = PackageRequest(
            source: source, ladder: TestMedia.smallLadder(segment: 2, keyframe: 1), hlsSegments: .ts)
        request.encryption = options(.aes128, keyFile: "key.bin")
        let out = try TestMedia.scratchDirectory(self).appendingPathComponent("out")
        _ = try await TestMedia.package(request, into: out)

        XCTAssertEqual(try Data(contentsOf: out.appendingPathComponent("key.bin")), Data(Hex.bytes(key)!))
        let playlist = try String(contentsOf: out.appendingPathComponent("v360p/index.m3u8"), encoding: .utf8)
        XCTAssertTrue(playlist.contains(#"#EXT-X-KEY:METHOD=AES-128,URI="../key.bin""#), playlist)
        let segment = try [UInt8](Data(contentsOf: out.appendingPathComponent("v360p/seg_00001.ts")))
        XCTAssertNotEqual(segment.first, 0x47, "an encrypted TS segment still starts with a sync byte")
        XCTAssertEqual(segment.count % 16, 0)
        // FFmpeg's HLS demuxer fetches the key and decrypts every segment.
        let frames = try ffmpeg.frameHashes(
            out.appendingPathComponent("v360p/index.m3u8").path, inputOptions: ["-allowed_extensions", "ALL"])
        XCTAssertEqual(frames.count, 90)
        // DASH shares no segment with HLS here and stays clear.
        let mpd = try String(contentsOf: out.appendingPathComponent("manifest.mpd"), encoding: .utf8)
        XCTAssertFalse(mpd.contains("ContentProtection"), mpd)
        XCTAssertEqual(try ffmpeg.frameHashes(try joined(out, "v360p")), frames)
    }

    /// The raw key (as bytes, hex or base64) is in no file of the package and no event.
    private func assertKeyIsNowhere(in out: URL, events: [ProgressEvent]) throws {
        let raw = Data(Hex.bytes(key)!)
        let texts = [key, key.uppercased(), raw.base64EncodedString()]
        let files = FileManager.default.enumerator(atPath: out.path)?.compactMap { $0 as? String } ?? []
        for file in files {
            let data = (try? Data(contentsOf: out.appendingPathComponent(file))) ?? Data()
            XCTAssertNil(data.range(of: raw), "the key's bytes are in \(file)")
            let text = String(decoding: data, as: UTF8.self)
            for form in texts { XCTAssertFalse(text.contains(form), "the key is in \(file)") }
        }
        let eventText = events.map { "\($0)" }.joined(separator: "\n")
        for form in texts { XCTAssertFalse(eventText.contains(form), "the key is in an event") }
    }
}
