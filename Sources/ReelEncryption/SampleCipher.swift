import Crypto
import Foundation
import _CryptoExtras

/// AES-128 over sample bytes in place, as Common Encryption applies it: CBC (optionally in a
/// pattern of encrypted and clear 16-byte blocks) and CTR. BoringSSL does the block work, with
/// AES-NI where the CPU has it; nothing is allocated per block.
///
/// swift-crypto 3.12 offers no raw CBC with a reusable key schedule (`AES._CBC` schedules the key
/// and copies per block), so CBC is computed with one `AES._CFB` call per chain: CFB encryption
/// feeds each output block back into the cipher, so with IV′ = IV ⊕ P₁ and input
/// Q = P₂ … Pₙ 0, output block i is Cᵢ ⊕ Qᵢ, where Cᵢ is exactly the CBC ciphertext of Pᵢ
/// (Cᵢ = E(Pᵢ ⊕ Cᵢ₋₁)). A chain's blocks need not be adjacent, which is how the 1:9 pattern of
/// `cbcs` gathers them. CTR is `AES._CTR`, whose 128-bit counter carries into the IV bytes as
/// ISO/IEC 23001-7 counts it.
///
/// ```swift
/// let cipher = SampleCipher(key: key.key)  // once per segment: SymmetricKey is not Sendable
/// try bytes.withUnsafeMutableBytes { sample in
///     try cipher.encryptCBC(sample, iv: constantIV, crypt: 1, skip: 9)  // cbcs video subsample
/// }
/// ```
struct SampleCipher {
    private let key: SymmetricKey

    init(key: [UInt8]) {
        self.key = SymmetricKey(data: key)
    }

    /// Encrypts `bytes` with AES-CBC from `iv`, in a pattern of `crypt` encrypted blocks then
    /// `skip` clear blocks (`skip` 0: every block), from the first byte; a partial block at the end
    /// stays clear.
    /// - Parameters:
    ///   - iv: 16 bytes.
    ///   - crypt: Encrypted blocks per pattern, at least 1.
    ///   - skip: Clear blocks per pattern.
    func encryptCBC(_ bytes: UnsafeMutableRawBufferPointer, iv: [UInt8], crypt: Int, skip: Int) throws {
        precondition(iv.count == 16 && crypt >= 1 && skip >= 0)
        let wholeBlocks = bytes.count / 16
        let period = crypt + skip
        let count = wholeBlocks / period * crypt + min(wholeBlocks % period, crypt)
        guard count > 0, let base = bytes.baseAddress else { return }
        /// Byte offset of the `k`th encrypted block.
        func offset(_ k: Int) -> Int { (k / crypt * period + k % crypt) * 16 }

        try withUnsafeTemporaryAllocation(byteCount: count * 16, alignment: 16) { feed in
            let feedBase = feed.baseAddress!
            let contiguous = skip == 0
            if contiguous {
                feedBase.copyMemory(from: base + 16, byteCount: (count - 1) * 16)
            } else {
                for k in 1..<count {
                    (feedBase + (k - 1) * 16).copyMemory(from: base + offset(k), byteCount: 16)
                }
            }
            (feedBase + (count - 1) * 16).initializeMemory(as: UInt8.self, repeating: 0, count: 16)
            var start = iv
            for index in 0..<16 { start[index] ^= base.load(fromByteOffset: index, as: UInt8.self) }
            let output = try AES._CFB.encrypt(
                UnsafeRawBufferPointer(feed), using: key, iv: try AES._CFB.IV(ivBytes: start))
            output.withUnsafeBytes { (out: UnsafeRawBufferPointer) in
                let outBase = out.baseAddress!
                let fed = UnsafeRawPointer(feedBase)
                if contiguous {
                    for at in stride(from: 0, to: count * 16, by: 8) {
                        let value =
                            outBase.loadUnaligned(fromByteOffset: at, as: UInt64.self)
                            ^ fed.loadUnaligned(fromByteOffset: at, as: UInt64.self)
                        base.storeBytes(of: value, toByteOffset: at, as: UInt64.self)
                    }
                    return
                }
                for k in 0..<count {
                    let target = base + offset(k)
                    for word in 0..<2 {
                        let at = k * 16 + word * 8
                        let value =
                            outBase.loadUnaligned(fromByteOffset: at, as: UInt64.self)
                            ^ fed.loadUnaligned(fromByteOffset: at, as: UInt64.self)
                        target.storeBytes(of: value, toByteOffset: word * 8, as: UInt64.self)
                    }
                }
            }
        }
    }

    /// Encrypts the `ranges` of `bytes` with AES-CTR as one stream (the keystream runs on from one
    /// range to the next), starting from the counter block `counter` (16 bytes).
    func encryptCTR(_ bytes: UnsafeMutableRawBufferPointer, ranges: [Range<Int>], counter: [UInt8]) throws {
        precondition(counter.count == 16)
        let total = ranges.reduce(0) { $0 + $1.count }
        guard total > 0, let base = bytes.baseAddress else { return }
        let nonce = try AES._CTR.Nonce(nonceBytes: counter)
        if ranges.count == 1, let range = ranges.first {
            let output = try AES._CTR.encrypt(
                UnsafeRawBufferPointer(rebasing: bytes[range]), using: key, nonce: nonce)
            output.withUnsafeBytes { (base + range.lowerBound).copyMemory(from: $0.baseAddress!, byteCount: total) }
            return
        }
        try withUnsafeTemporaryAllocation(byteCount: total, alignment: 16) { gathered in
            var at = 0
            for range in ranges where !range.isEmpty {
                (gathered.baseAddress! + at).copyMemory(from: base + range.lowerBound, byteCount: range.count)
                at += range.count
            }
            let output = try AES._CTR.encrypt(UnsafeRawBufferPointer(gathered), using: key, nonce: nonce)
            output.withUnsafeBytes { (out: UnsafeRawBufferPointer) in
                var at = 0
                for range in ranges where !range.isEmpty {
                    (base + range.lowerBound).copyMemory(from: out.baseAddress! + at, byteCount: range.count)
                    at += range.count
                }
            }
        }
    }
}
