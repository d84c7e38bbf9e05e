import CFFmpeg
public import ReelManifest

extension Rational {
    init(_ value: AVRational) {
        self.init(Int(value.num), Int(value.den))
    }

    var av: AVRational { AVRational(num: Int32(numerator), den: Int32(denominator)) }
}

/// Rescales a timestamp from one time base to another, rounding to nearest.
/// - Parameters:
///   - value: A timestamp in `source` units.
///   - source: The time base it is in.
///   - target: The time base wanted.
/// - Returns: The timestamp in `target` units.
public func rescale(_ value: Int64, from source: Rational, to target: Rational) -> Int64 {
    av_rescale_q(value, source.av, target.av)
}
