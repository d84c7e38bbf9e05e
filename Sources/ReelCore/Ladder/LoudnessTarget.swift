/// A loudness delivery standard: the programme loudness and true-peak ceiling it asks for.
public enum LoudnessStandard: String, Sendable, Codable, Equatable, CaseIterable {
    /// EBU R 128: −23 LUFS, true peak at most −1 dBTP.
    case ebuR128 = "ebu-r128"
    /// ATSC A/85 (US broadcast, CALM Act): −24 LKFS, true peak at most −2 dBTP.
    case atscA85 = "atsc-a85"
    /// Streaming services' common target (AES TD1004, Apple, Spotify): −16 LUFS, −1 dBTP.
    case streaming

    /// The standard's integrated loudness target in LUFS (LKFS).
    var integrated: Double {
        switch self {
        case .ebuR128: -23
        case .atscA85: -24
        case .streaming: -16
        }
    }

    /// The standard's true-peak ceiling in dBTP.
    var truePeak: Double {
        switch self {
        case .ebuR128, .streaming: -1
        case .atscA85: -2
        }
    }
}

/// What an audio rendition's programme loudness is brought to (`loudness:` in a ladder).
///
/// ```yaml
/// audio:
///   - {name: 128k, bitrate: 128k, loudness: {standard: ebu-r128}}
///   - {name: 96k, bitrate: 96k, loudness: {standard: streaming, integrated: -14, true_peak: -1.5}}
/// ```
/// The source is measured first (an audio-only pass), then each frame is multiplied by one gain
/// (the dynamics stay as they are); only when the gained true peak would pass the ceiling does a
/// true-peak limiter (at 192 kHz) hold the peaks under it.
public struct LoudnessTarget: Sendable, Codable, Equatable {
    public var standard: LoudnessStandard
    /// Integrated loudness in LUFS; the standard's unless given.
    public var integrated: Double
    /// True-peak ceiling in dBTP; the standard's unless given.
    public var truePeak: Double

    /// The integrated loudness a target may ask for, LUFS (a ladder's and a request's).
    static let integratedRange: ClosedRange<Double> = -70 ... -5
    /// The true-peak ceiling a target may ask for, dBTP.
    static let truePeakRange: ClosedRange<Double> = -9...0

    /// - Parameters:
    ///   - standard: The delivery standard.
    ///   - integrated: Integrated loudness in LUFS; the standard's when nil.
    ///   - truePeak: True-peak ceiling in dBTP; the standard's when nil.
    public init(standard: LoudnessStandard, integrated: Double? = nil, truePeak: Double? = nil) {
        self.standard = standard
        self.integrated = integrated ?? standard.integrated
        self.truePeak = truePeak ?? standard.truePeak
    }

    enum CodingKeys: String, CodingKey {
        case standard, integrated
        case truePeak = "true_peak"
    }

    /// Decodes a target as a request gives it: a standard's name (`"ebu-r128"`) or
    /// `{"standard": "streaming", "integrated": -14, "true_peak": -1.5}`, in the ranges a ladder
    /// allows (integrated −70…−5 LUFS, true peak −9…0 dBTP).
    public init(from decoder: any Decoder) throws {
        if let name = try? decoder.singleValueContainer().decode(String.self) {
            guard let standard = LoudnessStandard(rawValue: name) else {
                throw DecodingError.dataCorrupted(
                    .init(codingPath: decoder.codingPath, debugDescription: Self.unknown(name)))
            }
            self.init(standard: standard)
            return
        }
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let name = try container.decode(String.self, forKey: .standard)
        guard let standard = LoudnessStandard(rawValue: name) else {
            throw DecodingError.dataCorruptedError(
                forKey: .standard, in: container, debugDescription: Self.unknown(name))
        }
        let integrated = try container.decodeIfPresent(Double.self, forKey: .integrated)
        if let integrated, !Self.integratedRange.contains(integrated) {
            throw DecodingError.dataCorruptedError(
                forKey: .integrated, in: container,
                debugDescription: "\(integrated) is not within \(Self.text(Self.integratedRange)) LUFS")
        }
        let truePeak = try container.decodeIfPresent(Double.self, forKey: .truePeak)
        if let truePeak, !Self.truePeakRange.contains(truePeak) {
            throw DecodingError.dataCorruptedError(
                forKey: .truePeak, in: container,
                debugDescription: "\(truePeak) is not within \(Self.text(Self.truePeakRange)) dBTP")
        }
        self.init(standard: standard, integrated: integrated, truePeak: truePeak)
    }

    /// `-70...-5`.
    private static func text(_ range: ClosedRange<Double>) -> String {
        "\(Int(range.lowerBound))...\(Int(range.upperBound))"
    }

    private static func unknown(_ name: String) -> String {
        "\"\(name)\" is not a loudness standard (expected one of: "
            + LoudnessStandard.allCases.map(\.rawValue).joined(separator: ", ") + ")"
    }
}
