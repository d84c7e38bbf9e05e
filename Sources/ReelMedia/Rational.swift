import CFFmpeg

/// An exact fraction, used for time bases, frame rates and aspect ratios.
public struct Rational: Sendable, Hashable, CustomStringConvertible {
    public var numerator: Int
    public var denominator: Int

    public init(_ numerator: Int, _ denominator: Int) {
        self.numerator = numerator
        self.denominator = denominator
    }

    init(_ value: AVRational) {
        self.init(Int(value.num), Int(value.den))
    }

    var av: AVRational { AVRational(num: Int32(numerator), den: Int32(denominator)) }

    /// Whether the fraction is usable (both parts positive).
    public var isValid: Bool { numerator > 0 && denominator > 0 }

    /// The value as a floating-point number (0 when invalid).
    public var value: Double { denominator == 0 ? 0 : Double(numerator) / Double(denominator) }

    /// The fraction turned upside down.
    public var inverted: Rational { Rational(denominator, numerator) }

    /// The fraction in lowest terms.
    public var reduced: Rational {
        var a = abs(numerator)
        var b = abs(denominator)
        while b != 0 { (a, b) = (b, a % b) }
        guard a > 1 else { return self }
        return Rational(numerator / a, denominator / a)
    }

    public var description: String { "\(numerator)/\(denominator)" }
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
