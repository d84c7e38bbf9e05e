import Foundation
import ReelMedia

/// How one audio rendition's level changes to meet its loudness target: one gain for the whole
/// programme, and a true-peak limiter only when the gained peaks would pass the ceiling.
///
/// Limiting lowers the loudness a little (more for audio whose loudness lies in its peaks): then
/// the limited audio is measured and the gain raised by what it lacks (`makeup`), the limiter
/// still holding the peaks under the ceiling.
struct LoudnessCorrection: Sendable {
    let target: LoudnessTarget
    /// The source stream's loudness, measured before encoding.
    let input: LoudnessMeasurement
    /// Gain added after measuring the limited audio, dB.
    var makeup = 0.0

    /// Room left under the ceiling for what the encoder adds: AAC at 96–192 kb/s puts true
    /// peaks up to about 1.5 dB above those of the audio it was given (measured on heavily limited noise).
    static let codecHeadroom = 2.0
    /// The limiter's rate: at 192 kHz its sample peaks are the true peaks (4× oversampled at 48 kHz).
    static let limiterRate = 192_000

    /// The gain in dB that brings the integrated loudness to the target.
    var gain: Double { target.integrated - input.integrated + makeup }

    /// Whether the gained true peak would pass the ceiling (less the codec's headroom).
    var limits: Bool { input.truePeak + target.integrated - input.integrated > target.truePeak - Self.codecHeadroom }

    /// The libavfilter chain that applies it, for audio at `sampleRate`: `volume`, and when it
    /// limits, `alimiter` (no auto-level, its delay compensated) at `limiterRate`, then back.
    func filters(sampleRate: Int) -> String {
        var chain = "volume=" + String(format: "%.3f", gain) + "dB"
        if limits {
            let ceiling = pow(10, (target.truePeak - Self.codecHeadroom) / 20)
            chain +=
                ",aresample=\(Self.limiterRate),alimiter=limit=" + String(format: "%.5f", ceiling)
                + ":level=false:latency=true:attack=5:release=50,aresample=\(sampleRate)"
        }
        return chain
    }
}
