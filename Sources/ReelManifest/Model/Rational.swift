/// An exact fraction: frame rates (`30000/1001`), time bases (`1/90000`), aspect ratios.
///
/// ```swift
/// let ntsc = Rational(30000, 1001)
/// ntsc.value        // 29.97…
/// ntsc.inverted     // 1001/30000, one frame's duration
/// ```
/// ReelMedia converts it to and from FFmpeg's `AVRational`.
public struct Rational: Sendable, Codable, Hashable, CustomStringConvertible {
    public var numerator: Int
    public var denominator: Int

    public init(_ numerator: Int, _ denominator: Int = 1) {
        self.numerator = numerator
        self.denominator = denominator
    }

    /// Whether the fraction is usable (both parts positive).
    public var isValid: Bool { numerator > 0 && denominator > 0 }

    /// The value as a floating-point number (0 when the denominator is 0).
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

    /// Whether two fractions have the same value, exactly (`30000/1001` and `60000/2002` do).
    public func hasSameValue(as other: Rational) -> Bool {
        Int64(numerator) * Int64(other.denominator) == Int64(other.numerator) * Int64(denominator)
    }

    public var description: String { "\(numerator)/\(denominator)" }
}
