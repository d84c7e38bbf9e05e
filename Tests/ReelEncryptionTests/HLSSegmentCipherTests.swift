import Crypto
import Foundation
import XCTest
import _CryptoExtras

@testable import ReelEncryption

final class HLSSegmentCipherTests: XCTestCase {
    let key: [UInt8] = (0..<16).map { UInt8(0xA0 + $0) }

    func testIVIsTheMediaSequenceNumberBigEndian() {
        XCTAssertEqual(HLSSegmentCipher.iv(mediaSequence: 7), [UInt8](repeating: 0, count: 15) + [7])
        XCTAssertEqual(
            HLSSegmentCipher.iv(mediaSequence: 0x0102_0304_0506_0708),
            [UInt8](repeating: 0, count: 8) + [1, 2, 3, 4, 5, 6, 7, 8])
    }

    /// swift-crypto's AES-CBC decrypts and unpads what the cipher wrote, for every padding length.
    func testSwiftCryptoDecrypts() throws {
        let cipher = try HLSSegmentCipher(key: key)
        for count in [0, 1, 15, 16, 17, 1000, 4096] {
            let segment = (0..<count).map { UInt8(truncatingIfNeeded: $0 * 31) }
            let encrypted = cipher.encrypt(segment, mediaSequence: UInt64(count))
            XCTAssertEqual(encrypted.count, (count / 16 + 1) * 16)
            let decrypted = try AES._CBC.decrypt(
                encrypted, using: SymmetricKey(data: key),
                iv: try AES._CBC.IV(ivBytes: HLSSegmentCipher.iv(mediaSequence: UInt64(count))))
            XCTAssertEqual(Array(decrypted), segment, "\(count) bytes")
        }
    }

    /// The OpenSSL CLI decrypts it too, as players' AES-128 does.
    func testOpenSSLDecrypts() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl") else { throw XCTSkip("no openssl CLI") }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "reel-aes128-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let segment = (0..<188 * 1000 + 5).map { UInt8(truncatingIfNeeded: $0 &* 7919 >> 3) }
        let iv: [UInt8] = (0..<16).map { UInt8(0x30 + $0) }
        let encrypted = try HLSSegmentCipher(key: key).encrypt(segment, iv: iv)
        let input = directory.appendingPathComponent("seg.ts.enc")
        let output = directory.appendingPathComponent("seg.ts")
        try Data(encrypted).write(to: input)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = [
            "enc", "-d", "-aes-128-cbc", "-K", ContentKey.hex(key), "-iv", ContentKey.hex(iv), "-in", input.path,
            "-out", output.path,
        ]
        try process.run()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0)
        XCTAssertEqual(Array(try Data(contentsOf: output)), segment)
        XCTAssertThrowsError(try HLSSegmentCipher(key: key).encrypt(segment, iv: [1, 2]))
    }
}
