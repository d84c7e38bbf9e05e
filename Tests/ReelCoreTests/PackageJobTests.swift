import Foundation
import ReelManifest
import ReelOutput
import XCTest

@testable import ReelCore

final class PackageJobTests: XCTestCase {
    private func decode(_ json: String) throws(ReelError) -> PackageJob {
        try PackageJob.decode(json: Data(json.utf8))
    }

    private func message(_ json: String) -> String {
        do {
            _ = try decode(json)
            return "decoded"
        } catch {
            return error.description
        }
    }

    func testDefaults() throws {
        let job = try decode(#"{"source":"talk.mp4"}"#)
        XCTAssertEqual(job, PackageJob(source: "talk.mp4"))
        XCTAssertEqual(job.ladder, .preset("web"))
        XCTAssertEqual(job.formats, [.hls, .dash])
    }

    func testEveryFieldRoundTrips() throws {
        let json = """
            {"source":"s3://up/talk.mp4","ladder":{"name":"two","video":{"codec":"h264","preset":"fast"},
             "rungs":[{"name":"720p","height":720,"bitrate":"3000k"}],"audio":[{"name":"128k","bitrate":"128k"}]},
             "formats":["hls"],"hls_segments":"ts","segment_duration":4,"keyframe_interval":2,
             "subtitles":[{"source":"s3://up/talk.fr.srt","language":"fre","name":"Français","forced":true}],
             "thumbnails":{"interval":10,"width":161},"poster":3.5,"output":"talks/{content_id}",
             "callback_url":"https://app.example/done","metadata":{"n":123456789012345678901234567890}}
            """
        let job = try decode(json)
        XCTAssertEqual(job.hlsSegments, .ts)
        XCTAssertEqual(
            job.subtitles, [SubtitleInput(uri: "s3://up/talk.fr.srt", language: "fr", name: "Français", isForced: true)]
        )
        XCTAssertEqual(job.thumbnails, ThumbnailOptions(interval: 10, width: 160))
        XCTAssertEqual(job.poster, 3.5)
        guard case .inline = job.ladder else { return XCTFail("\(job.ladder)") }
        XCTAssertEqual(try decode(String(decoding: job.json(), as: UTF8.self)), job)
        XCTAssertTrue(String(decoding: job.json(), as: UTF8.self).contains("123456789012345678901234567890"))
    }

    func testMistakesNameTheField() {
        XCTAssertEqual(
            message(#"{"source":"a.mp4","ladr":"web"}"#).hasPrefix("the job is not valid: unknown field \"ladr\""), true
        )
        XCTAssertTrue(message(#"{"ladder":"web"}"#).contains("missing field \"source\""))
        XCTAssertTrue(
            message(#"{"source":"a.mp4","segment_duration":"4"}"#).contains("\"segment_duration\" must be a number"))
        XCTAssertTrue(message(#"{"source":"a.mp4","formats":["hds"]}"#).contains("hls or dash"))
        XCTAssertTrue(message(#"{"source":"a.mp4","subtitles":[{"language":"fr"}]}"#).contains("subtitles[0].source"))
        XCTAssertTrue(
            message(#"{"source":"a.mp4","subtitles":[{"source":"x.vtt","lang":"fr"}]}"#).contains(
                "unknown field \"lang\""))
        XCTAssertTrue(
            message(#"{"source":"a.mp4","subtitles":[{"source":"x.vtt","language":"12"}]}"#).contains("language"))
        XCTAssertTrue(message(#"{"source":"a.mp4","thumbnails":{"interval":0}}"#).contains("thumbnails.interval"))
        XCTAssertTrue(
            message(#"{"source":"a.mp4","thumbnails":{"interval":5,"cols":3}}"#).contains("unknown field \"cols\""))
        XCTAssertTrue(message(#"["a"]"#).contains("must be a JSON object"))
        XCTAssertTrue(message("{").contains("not valid JSON"))
        XCTAssertTrue(message(#"{"source":"a.mp4","ladder":7}"#).contains("preset name or a ladder object"))
    }

    func testAnInlineLadderIsValidatedLikeAPresetFile() {
        let text = message(
            #"{"source":"a.mp4","ladder":{"video":{"codec":"h264","preset":"fast"},"rungs":[{"name":"a","height":360,"bitrate":"fast"}]}}"#
        )
        XCTAssertTrue(text.contains("ladder: rungs[0].bitrate"), text)
        XCTAssertFalse(text.contains(":1:"), "no line numbers of the re-encoded text: \(text)")
    }

    func testTheServiceNeverOpensALadderFileButTheCommandLineMay() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "reel-ladder-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("mine.yaml")
        try Data("name: mine\naudio:\n  - {name: 96k, bitrate: 96k}\n".utf8).write(to: file)
        let choice = LadderChoice.preset(file.path)
        XCTAssertEqual(try choice.resolve(in: LadderCatalog(), allowFiles: true).name, "mine")
        XCTAssertThrowsError(try choice.resolve(in: LadderCatalog(), allowFiles: false))
    }

    func testAPlanChecksEveryReference() throws {
        var job = PackageJob(source: "a.mp4", subtitles: [SubtitleInput(uri: "b.vtt")])
        job.ladder = .preset("audio-only")
        final class Seen: @unchecked Sendable {
            let lock = NSLock()
            var fields: [String] = []
        }
        let seen = Seen()
        let environment = PackageJobEnvironment(
            checkReference: { (reference, field) throws(ReelError) in
                seen.lock.withLock { seen.fields.append("\(field)=\(reference)") }
                return "/canonical/" + reference
            }, destination: { _ throws(ReelError) in .directory(path: "/tmp/x") })
        let plan = try PackageJobRunner.plan(job, environment: environment)
        XCTAssertEqual(seen.fields, ["source=a.mp4", "subtitles[0].source=b.vtt"])
        XCTAssertEqual(plan.request.source, "/canonical/a.mp4")
        XCTAssertEqual(plan.request.subtitles.map(\.uri), ["/canonical/b.vtt"])
    }

    func testPackageOnlyInputsRoundTripAndAreChecked() throws {
        let job = try decode(
            #"{"inputs":[{"source":"v1080.mp4"},{"source":"fr.m4a","language":"fre","name":"Français"}],"#
                + #""package_only":true}"#)
        XCTAssertEqual(job.source, "v1080.mp4")
        XCTAssertEqual(job.inputs.map(\.language), [nil, "fr"])
        XCTAssertTrue(job.packageOnly)
        // What the job store keeps reads back as the same request.
        XCTAssertEqual(try PackageJob.decode(json: job.json()), job)
        XCTAssertEqual(
            message(#"{"source":"a.mp4","inputs":[{"source":"b.mp4"}]}"#),
            #"the job is not valid: field "source": give source or inputs, not both"#)
        XCTAssertTrue(message(#"{"inputs":[]}"#).contains("inputs must list at least one input"))

        final class Seen: @unchecked Sendable {
            let lock = NSLock()
            var fields: [String] = []
        }
        let seen = Seen()
        let environment = PackageJobEnvironment(
            checkReference: { (reference, field) throws(ReelError) in
                seen.lock.withLock { seen.fields.append(field) }
                return reference
            }, destination: { _ throws(ReelError) in .directory(path: "/tmp/x") })
        let plan = try PackageJobRunner.plan(job, environment: environment)
        XCTAssertEqual(seen.fields, ["inputs[0].source", "inputs[1].source"])
        XCTAssertEqual(plan.request.inputs.map(\.source), ["v1080.mp4", "fr.m4a"])
        var transcode = job
        transcode.packageOnly = false
        XCTAssertThrowsError(try PackageJobRunner.plan(transcode, environment: environment)) { error in
            XCTAssertTrue("\(error)".contains("package_only"), "\(error)")
        }
    }

    func testAQualityReportIsAskedForByNameAndNeedsASourceToMeasureAgainst() throws {
        let job = try decode(#"{"source":"talk.mp4","quality_report":true}"#)
        XCTAssertTrue(job.qualityReport)
        XCTAssertTrue(String(decoding: job.json(), as: UTF8.self).contains("\"quality_report\":true"))
        XCTAssertEqual(try PackageJob.decode(json: job.json()), job)
        XCTAssertFalse(
            String(decoding: PackageJob(source: "talk.mp4").json(), as: UTF8.self).contains("quality_report"),
            "off by default, and left out")
        XCTAssertTrue(message(#"{"source":"a.mp4","quality_report":"yes"}"#).contains("quality_report"))
        let environment = PackageJobEnvironment(destination: { _ throws(ReelError) in .directory(path: "/tmp/x") })
        XCTAssertTrue(try PackageJobRunner.plan(job, environment: environment).request.qualityReport)
        var copied = job
        copied.packageOnly = true
        XCTAssertThrowsError(try PackageJobRunner.plan(copied, environment: environment)) { error in
            XCTAssertTrue("\(error)".hasPrefix("quality_report: package-only inputs"), "\(error)")
        }
    }
    func testLoudnessIsAStandardsNameOrItsTargets() throws {
        XCTAssertEqual(
            try decode(#"{"source":"a.mp4","loudness":"streaming"}"#).loudness,
            LoudnessTarget(standard: .streaming, integrated: -16, truePeak: -1))
        let custom = try decode(
            #"{"source":"a.mp4","loudness":{"standard":"ebu-r128","integrated":-18,"true_peak":-2}}"#)
        XCTAssertEqual(custom.loudness, LoudnessTarget(standard: .ebuR128, integrated: -18, truePeak: -2))
        XCTAssertTrue(String(decoding: custom.json(), as: UTF8.self).contains(#""true_peak":-2"#))
        XCTAssertEqual(try decode(String(decoding: custom.json(), as: UTF8.self)).loudness, custom.loudness)
        XCTAssertFalse(String(decoding: PackageJob(source: "a.mp4").json(), as: UTF8.self).contains("loudness"))
        for (body, message) in [
            (#""loud""#, #""loud" is not a loudness standard (expected one of: ebu-r128, atsc-a85, streaming)"#),
            (#"{"standard":"streaming","integrated":-2}"#, "-2.0 is not within -70...-5 LUFS"),
            (#"{"standard":"streaming","true_peak":1}"#, "1.0 is not within -9...0 dBTP"),
        ] {
            XCTAssertThrowsError(try decode(#"{"source":"a.mp4","loudness":"# + body + "}")) { error in
                XCTAssertTrue("\(error)".contains(message), "\(error)")
            }
        }
    }

    func testCuePointsRoundTripAndAreCheckedInOrder() throws {
        let job = try decode(#"{"source":"talk.mp4","cue_points":[30,95.5]}"#)
        XCTAssertEqual(job.cuePoints, [30, 95.5])
        XCTAssertTrue(String(decoding: job.json(), as: UTF8.self).contains("\"cue_points\":[30,95.5]"))
        XCTAssertFalse(String(decoding: PackageJob(source: "talk.mp4").json(), as: UTF8.self).contains("cue_points"))
        for (cues, message) in [
            ([95.5, 30.0], "cue_points[1]: 30.0 s does not come after 95.5 s"), ([-1.0], "cue_points[0]: -1.0"),
        ] {
            var request = PackageRequest(
                source: "talk.mp4", ladder: Ladder(name: "t", video: nil, rungs: [], audio: []))
            request.cuePoints = cues
            XCTAssertThrowsError(try request.validate()) { error in
                XCTAssertTrue("\(error)".contains(message), "\(error)")
            }
        }
    }
}
