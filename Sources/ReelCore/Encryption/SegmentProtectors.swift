import ReelEncryption
import ReelManifest

/// CENC (`cbcs`, `cenc`) in fMP4: the init segment gains `sinf` and the systems' `pssh` boxes,
/// every fragment `senc` (`saiz`/`saio`).
final class SampleEncryptionProtector: SegmentProtector {
    let facts: ProtectionFacts
    private let protection: TrackProtection
    private let psshBoxes: [PSSHBox]
    private var encryptor: SegmentEncryptor?

    init(protection: TrackProtection, psshBoxes: [PSSHBox], facts: ProtectionFacts) {
        self.protection = protection
        self.psshBoxes = psshBoxes
        self.facts = facts
    }

    func protectInitSegment(_ bytes: [UInt8]) throws -> [UInt8] {
        // Video samples are NAL units: the encryptor's slice-header parser reads the sample entry's avcC/hvcC.
        encryptor = try SegmentEncryptor(initSegment: bytes, protection: protection)
        return try InitSegmentProtector.protect(bytes, with: protection, psshBoxes: psshBoxes)
    }

    func protectMediaSegment(_ bytes: inout [UInt8], number: Int) throws -> ((Int) -> Int)? {
        guard var encryptor else { preconditionFailure("media segment before the init segment") }
        let edit = try encryptor.encrypt(&bytes)
        self.encryptor = encryptor
        return { edit.newOffset(of: $0) }
    }
}

/// HLS AES-128: every media segment encrypted whole (AES-128-CBC, PKCS#7, the IV its media
/// sequence number); the init segment stays clear.
final class WholeSegmentProtector: SegmentProtector {
    let facts: ProtectionFacts
    private let cipher: HLSSegmentCipher

    init(key: ContentKey, facts: ProtectionFacts) {
        cipher = HLSSegmentCipher(key: key)
        self.facts = facts
    }

    func protectInitSegment(_ bytes: [UInt8]) throws -> [UInt8] { bytes }

    func protectMediaSegment(_ bytes: inout [UInt8], number: Int) throws -> ((Int) -> Int)? {
        // The playlists have no EXT-X-MEDIA-SEQUENCE: the first segment is number 0.
        bytes = cipher.encrypt(bytes, mediaSequence: UInt64(number - 1))
        return nil
    }
}
