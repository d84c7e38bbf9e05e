import Foundation

/// Bitrate text as ladder presets write it: `5000k`, `5.35M`, `128000` (bits per second).
///
/// The suffixes are decimal (SI) multipliers as in FFmpeg: `k`/`K` = 1000, `M` = 1,000,000,
/// `G` = 1,000,000,000. A lowercase `m` is rejected (FFmpeg reads it as "milli").
package enum Bitrate {
    /// Parses bitrate text into bits per second.
    ///
    /// - Parameter text: Digits with an optional fraction and an optional `k`, `K`, `M` or `G` suffix.
    /// - Returns: Bits per second, or nil when the text is not a bitrate, is not a whole number of
    ///   bits per second (`1.5` or `1.2345k`), or does not fit in an `Int`.
    static func parse(_ text: String) -> Int? {
        var digits = Substring(text.trimmingCharacters(in: .whitespaces))
        var scale = 1
        switch digits.last {
        case "k", "K": scale = 1_000
        case "M": scale = 1_000_000
        case "G": scale = 1_000_000_000
        default: break
        }
        if scale != 1 { digits = digits.dropLast() }

        let parts = digits.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let whole = parts[0]
        let fraction = parts.count > 1 ? parts[1] : ""
        let isDigits = { (part: Substring) in part.allSatisfy { $0.isASCII && $0.isNumber } }
        guard !whole.isEmpty, isDigits(whole), isDigits(fraction), parts.count == 1 || !fraction.isEmpty,
            let wholeValue = Int(whole)
        else { return nil }

        // Scale the fraction exactly: "5.35M" is 5 × 10⁶ + 35 × 10⁴, with no floating point.
        var fractionValue = 0
        var fractionScale = scale
        for digit in fraction {
            guard fractionScale >= 10 else {
                if digit != "0" { return nil }  // finer than one bit per second
                continue
            }
            fractionScale /= 10
            fractionValue += (digit.wholeNumberValue ?? 0) * fractionScale
        }
        let (scaled, overflow) = wholeValue.multipliedReportingOverflow(by: scale)
        guard !overflow else { return nil }
        let (total, overflow2) = scaled.addingReportingOverflow(fractionValue)
        return overflow2 ? nil : total
    }

    /// Formats bits per second the way presets write them.
    ///
    /// - Parameter bitsPerSecond: The bitrate.
    /// - Returns: `5000k` for 5,000,000, `155.15k` for 155,150, `999` for 999.
    package static func format(_ bitsPerSecond: Int) -> String {
        guard bitsPerSecond >= 1_000 else { return String(bitsPerSecond) }
        let kilo = bitsPerSecond / 1_000
        let rest = bitsPerSecond % 1_000
        guard rest != 0 else { return "\(kilo)k" }
        var fraction = String(rest)
        fraction = String(repeating: "0", count: 3 - fraction.count) + fraction
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return "\(kilo).\(fraction)k"
    }
}
