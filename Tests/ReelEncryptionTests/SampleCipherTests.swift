import Crypto
import Foundation
import XCTest
import _CryptoExtras

@testable import ReelEncryption

final class SampleCipherTests: XCTestCase {
    let key: [UInt8] = (0..<16).map { UInt8($0 * 7 + 3) }
    let iv: [UInt8] = (0..<16).map { UInt8(255 - $0 * 5) }

    private func random(_ count: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
    }

    /// CBC through the CFB construction equals swift-crypto's own AES-CBC, block for block.
    func testCBCMatchesReferenceCBC() throws {
        for count in [16, 32, 48, 160, 4096, 16 * 999] {
            let plain = random(count)
            var bytes = plain
            try bytes.withUnsafeMutableBytes { try SampleCipher(key: key).encryptCBC($0, iv: iv, crypt: 1, skip: 0) }
            let reference = try AES._CBC.encrypt(
                plain, using: SymmetricKey(data: key), iv: try AES._CBC.IV(ivBytes: iv), noPadding: true)
            XCTAssertEqual(bytes, Array(reference), "\(count) bytes")
        }
    }

    /// The 1:9 pattern encrypts blocks 0, 10, 20, … as one CBC chain and leaves the rest (and a
    /// partial last block) clear.
    func testPatternEncryptsEveryTenthBlockAsOneChain() throws {
        let plain = random(16 * 25 + 7)
        var bytes = plain
        try bytes.withUnsafeMutableBytes { try SampleCipher(key: key).encryptCBC($0, iv: iv, crypt: 1, skip: 9) }
        let chain = [0, 10, 20].flatMap { plain[$0 * 16..<$0 * 16 + 16] }
        let reference = Array(
            try AES._CBC.encrypt(
                chain, using: SymmetricKey(data: key), iv: try AES._CBC.IV(ivBytes: iv), noPadding: true))
        for block in 0..<26 {
            let range = block * 16..<min(block * 16 + 16, plain.count)
            if let index = [0, 10, 20].firstIndex(of: block) {
                XCTAssertEqual(Array(bytes[range]), Array(reference[index * 16..<index * 16 + 16]), "block \(block)")
            } else {
                XCTAssertEqual(bytes[range], plain[range], "block \(block) stays clear")
            }
        }
    }

    /// CTR over several ranges is one key stream: the same as encrypting them back to back.
    func testCTRRunsOnAcrossRanges() throws {
        let plain = random(300)
        var bytes = plain
        let ranges = [5..<37, 50..<50, 60..<160, 200..<300]
        let counter: [UInt8] = [1, 2, 3, 4, 5, 6, 7, 8, 0, 0, 0, 0, 0, 0, 0, 0]
        try bytes.withUnsafeMutableBytes { try SampleCipher(key: key).encryptCTR($0, ranges: ranges, counter: counter) }
        let joined = ranges.flatMap { plain[$0] }
        let reference = Array(
            try AES._CTR.encrypt(joined, using: SymmetricKey(data: key), nonce: try AES._CTR.Nonce(nonceBytes: counter))
        )
        XCTAssertEqual(ranges.flatMap { bytes[$0] }, reference)
        XCTAssertEqual(bytes[0..<5], plain[0..<5])
        XCTAssertEqual(bytes[37..<60], plain[37..<60])
        XCTAssertEqual(bytes[160..<200], plain[160..<200])
    }
}
