/// Exact decimal text from integer ratios, so manifests never depend on binary floating point.
internal enum FixedPoint {
    /// Rounds `numerator / denominator` half-up to `decimals` decimal places.
    /// - Parameters:
    ///   - numerator: A non-negative dividend.
    ///   - denominator: A positive divisor.
    ///   - decimals: Decimal places to keep.
    /// - Returns: The rounded value scaled by 10^decimals.
    internal static func rounded(_ numerator: Int64, over denominator: Int64, decimals: Int) -> Int64 {
        let scaled = numerator * power(decimals)
        return (2 * scaled + denominator) / (2 * denominator)
    }

    /// Rounds `numerator / denominator` up to `decimals` decimal places.
    /// - Parameters:
    ///   - numerator: A non-negative dividend.
    ///   - denominator: A positive divisor.
    ///   - decimals: Decimal places to keep.
    /// - Returns: The rounded value scaled by 10^decimals.
    internal static func roundedUp(_ numerator: Int64, over denominator: Int64, decimals: Int) -> Int64 {
        let scaled = numerator * power(decimals)
        return (scaled + denominator - 1) / denominator
    }

    /// Formats a scaled non-negative integer with exactly `decimals` decimal places.
    /// - Parameters:
    ///   - scaled: The value times 10^decimals.
    ///   - decimals: Decimal places to print.
    /// - Returns: Text like `6.006000`.
    internal static func text(_ scaled: Int64, decimals: Int) -> String {
        guard decimals > 0 else { return String(scaled) }
        let unit = power(decimals)
        let fraction = String(scaled % unit)
        let padding = String(repeating: "0", count: decimals - fraction.count)
        return "\(scaled / unit).\(padding)\(fraction)"
    }

    /// An xs:duration in seconds with millisecond precision, e.g. `PT60.500S`.
    /// - Parameter milliseconds: The non-negative duration in milliseconds.
    /// - Returns: The xs:duration text.
    internal static func isoDuration(milliseconds: Int64) -> String {
        "PT\(text(milliseconds, decimals: 3))S"
    }

    /// An xs:duration in seconds with millisecond precision, or microsecond precision when the value needs
    /// it, e.g. `PT10.000S` or `PT4.988316S`.
    /// - Parameter microseconds: The non-negative duration in microseconds.
    /// - Returns: The xs:duration text.
    internal static func isoDuration(microseconds: Int64) -> String {
        microseconds % 1000 == 0
            ? isoDuration(milliseconds: microseconds / 1000) : "PT\(text(microseconds, decimals: 6))S"
    }

    private static func power(_ decimals: Int) -> Int64 {
        (0..<decimals).reduce(1) { value, _ in value * 10 }
    }
}
