/// Reading and writing subtitle timestamps in milliseconds.
enum SubtitleTimestamp {
    /// `HH:MM:SS.mmm` (hours grow past two digits when needed), the WebVTT form.
    /// - Parameter milliseconds: A non-negative time.
    /// - Returns: The timestamp text.
    static func webVTT(_ milliseconds: Int64) -> String {
        let ms = max(0, milliseconds)
        let hours = ms / 3_600_000
        let hourText = hours < 10 ? "0\(hours)" : "\(hours)"
        return "\(hourText):\(pad(ms / 60_000 % 60, 2)):\(pad(ms / 1000 % 60, 2)).\(pad(ms % 1000, 3))"
    }

    /// Parses a timestamp leniently: `[-][H…:]M…:S…[.,]f…`, as WebVTT (`00:01.500`,
    /// `01:02:03.004`) and SRT (`01:02:03,004`, and the odd `00:00:013,567`) write them. Fractions
    /// of one to three digits are read as fractions of a second (`,5` is 500 ms); more digits are
    /// rounded to milliseconds.
    /// - Parameter text: The timestamp alone, without surrounding spaces.
    /// - Returns: Milliseconds (negative with a leading `-`), or nil when it is not a timestamp.
    static func parse(_ text: Substring) -> Int64? {
        var body = text
        var sign: Int64 = 1
        if body.first == "-" {
            sign = -1
            body = body.dropFirst()
        }
        let separator = body.lastIndex { $0 == "." || $0 == "," }
        let clock = separator.map { body[..<$0] } ?? body
        let fraction = separator.map { body[body.index(after: $0)...] } ?? ""
        let fields = clock.split(separator: ":", omittingEmptySubsequences: false)
        guard (2...3).contains(fields.count), fields.allSatisfy({ isDigits($0) }),
            fraction.isEmpty ? separator == nil : isDigits(fraction)
        else { return nil }
        let numbers = fields.compactMap { Int64($0) }
        guard numbers.count == fields.count else { return nil }
        let (hours, minutes, seconds) =
            numbers.count == 3 ? (numbers[0], numbers[1], numbers[2]) : (0, numbers[0], numbers[1])
        var millis: Int64 = 0
        if !fraction.isEmpty {
            let digits = Array(fraction.prefix(4))
            var value = Int64(String(digits.prefix(3))) ?? 0
            for _ in digits.prefix(3).count..<3 { value *= 10 }
            if digits.count > 3, let next = digits[3].wholeNumberValue, next >= 5 { value += 1 }
            millis = value
        }
        let total = ((hours * 60 + minutes) * 60 + seconds) * 1000 + millis
        return sign * total
    }

    private static func isDigits(_ text: Substring) -> Bool {
        !text.isEmpty && text.allSatisfy { $0.isASCII && $0.isNumber }
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
