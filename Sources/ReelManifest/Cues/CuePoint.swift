/// An ad break at one instant of the presentation: every rendition has a segment boundary (and
/// video an IDR) there. DASH starts a Period at it; HLS marks it with an `EXT-X-DATERANGE`
/// carrying an SCTE-35 splice insert.
public struct CuePoint: Sendable, Codable, Equatable {
    /// Seconds from presentation time zero.
    public var time: Double
    /// The break's number, from 1: its DASH Period follows the `number - 1`th, its DATERANGE
    /// `ID` is `splice-{number}` and its SCTE-35 `splice_event_id` is the number.
    public var number: Int

    public init(time: Double, number: Int) {
        self.time = time
        self.number = number
    }

    /// The splice insert the break signals: out of the network at the cue, on the 90 kHz clock.
    public var spliceInsert: SpliceInsert {
        SpliceInsert(eventID: UInt32(number), ptsTime: UInt64((time * 90_000).rounded()))
    }

    /// The index of the segment that starts at the cue: the one whose start is nearest to it.
    /// - Parameter starts: Segment start times in seconds, in order.
    /// - Returns: An index into `starts`, nil when there are none.
    func segmentIndex(starts: [Double]) -> Int? {
        starts.indices.min { abs(starts[$0] - time) < abs(starts[$1] - time) }
    }
}

/// A UTC instant as HLS `EXT-X-PROGRAM-DATE-TIME` and `START-DATE` write it (ISO 8601 with
/// milliseconds, `Z`): `2026-12-04T03:15:00.000Z`.
enum ProgramDateTime {
    /// The text of an instant.
    /// - Parameter milliseconds: Milliseconds since 1970-01-01T00:00:00Z.
    static func text(milliseconds: Int64) -> String {
        let days = milliseconds >= 0 ? milliseconds / 86_400_000 : (milliseconds - 86_399_999) / 86_400_000
        let ofDay = milliseconds - days * 86_400_000
        // Howard Hinnant's civil_from_days.
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        func two(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let millis = ofDay % 1000
        let millisText = millis < 10 ? "00\(millis)" : millis < 100 ? "0\(millis)" : "\(millis)"
        return "\(year)-\(two(month))-\(two(day))T\(two(ofDay / 3_600_000)):\(two(ofDay / 60_000 % 60))"
            + ":\(two(ofDay / 1000 % 60)).\(millisText)Z"
    }
}
