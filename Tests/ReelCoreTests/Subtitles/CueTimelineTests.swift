import XCTest

@testable import ReelCore

/// Timing fixes: order, negative times, overlaps at the same place, empty cues.
final class CueTimelineTests: XCTestCase {
    private func cue(_ start: Int64, _ end: Int64, _ text: String = "x", _ settings: CueSettings = CueSettings())
        -> SubtitleCue
    {
        SubtitleCue(start: start, end: end, text: text, settings: settings)
    }

    func testSortsAndShortensOverlapsAtTheSamePlace() {
        let top = CueSettings.numpad(8)
        let (cues, warnings) = CueTimeline.normalize(
            [cue(5000, 9000, "b"), cue(1000, 6000, "a"), cue(5000, 7000, "b2"), cue(2000, 8000, "top", top)],
            file: "f")
        XCTAssertEqual(cues.map(\.text), ["a", "top", "b", "b2"])
        // "a" ends where "b" starts; "top" sits elsewhere and may overlap; "b" and "b2" start together.
        XCTAssertEqual(cues.map(\.end), [5000, 8000, 9000, 7000])
        XCTAssertEqual(warnings, ["f: 1 overlapping cue(s) shortened to end where the next one starts"])
    }

    func testDropsBackwardsAndEmptyCues() {
        let (cues, warnings) = CueTimeline.normalize(
            [cue(3000, 2000), cue(1000, 1000), cue(0, 10, "<i> </i>"), cue(-50, 40)], file: "f")
        XCTAssertEqual(cues, [cue(0, 40)])
        XCTAssertEqual(
            warnings,
            [
                "f: 1 cue(s) starting before 0 now start at 0", "f: 2 cue(s) ending before they start dropped",
                "f: 1 cue(s) without text dropped",
            ])
    }
}
