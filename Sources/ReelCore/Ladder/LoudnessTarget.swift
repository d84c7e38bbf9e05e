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

    init(standard: LoudnessStandard, integrated: Double? = nil, truePeak: Double? = nil) {
        self.standard = standard
        self.integrated = integrated ?? standard.integrated
        self.truePeak = truePeak ?? standard.truePeak
    }

    enum CodingKeys: String, CodingKey {
        case standard, integrated
        case truePeak = "true_peak"
    }
}
