import Foundation
import ReelTestSupport
import XCTest

@testable import ReelEncryption

/// Slice header sizes against FFmpeg's `trace_headers`, on streams made with libx264 and libx265 and on
/// real-world files.
final class SliceHeaderOracleTests: XCTestCase {
    private var oracle: SliceHeaderOracle!

    override func setUpWithError() throws {
        oracle = try SliceHeaderOracle()
    }

    override func tearDown() {
        oracle?.removeFolder()
    }

    /// A fade makes the encoders weight their predictions.
    private let fade = "fade=in:0:10,fade=out:15:10"

    func testH264SliceHeadersMatchTheTrace() throws {
        let x264 = ["-c:v", "libx264", "-g", "12"]
        let streams: [(String, [String], String?)] = [
            (
                "cabac-bpyramid-weighted",
                x264 + ["-x264-params", "bframes=3:b-pyramid=normal:weightb=1:weightp=2:ref=4"], fade
            ),
            ("cavlc", x264 + ["-coder", "0", "-x264-params", "bframes=3:weightb=1:weightp=2"], fade),
            ("slices-4", x264 + ["-slices", "4"], nil),
            ("mbaff-interlaced", x264 + ["-flags", "+ildct+ilme", "-x264-params", "interlaced=1:tff=1"], nil),
            ("high422-10bit", x264 + ["-pix_fmt", "yuv422p10le"], fade),
            ("high444", x264 + ["-pix_fmt", "yuv444p"], fade),
            ("monochrome", x264 + ["-pix_fmt", "gray"], fade),
            ("baseline", x264 + ["-profile:v", "baseline"], fade),
            ("scaling-matrices", x264 + ["-x264-params", "cqm=jvt"], nil),
            ("many-refs", x264 + ["-refs", "16", "-x264-params", "bframes=5:b-pyramid=strict"], nil),
            ("open-gop", x264 + ["-x264-params", "open-gop=1:bframes=3"], nil),
            ("intra-refresh", x264 + ["-x264-params", "intra-refresh=1:keyint=10"], nil),
            (
                "zerolatency-sliced-threads",
                x264 + ["-tune", "zerolatency", "-x264-params", "sliced-threads=1:threads=3"], nil
            ),
            ("lossless", x264 + ["-qp", "0"], nil),
            ("repeat-headers", x264 + ["-x264-params", "repeat-headers=1"], nil),
        ]
        var reports: [SliceHeaderOracle.Report] = []
        for (name, encoder, filter) in streams {
            reports.append(try oracle.compare(try oracle.make("\(name).mp4", encoder, filter: filter), name: name))
        }
        print(reports.map(\.description).joined(separator: "\n"))
        print("H.264 slice header elements seen:", reports.reduce(Set()) { $0.union($1.elements) }.sorted())
    }

    func testHEVCSliceHeadersMatchTheTrace() throws {
        let x265 = ["-c:v", "libx265", "-g", "12"]
        let streams: [(String, [String], String?)] = [
            ("main-open-gop", x265 + ["-x265-params", "log-level=error:open-gop=1"], nil),
            ("main-closed-gop-no-wpp", x265 + ["-x265-params", "log-level=error:open-gop=0:wpp=0"], nil),
            ("main10", x265 + ["-pix_fmt", "yuv420p10le", "-x265-params", "log-level=error"], nil),
            ("slices-2-wpp", x265 + ["-x265-params", "log-level=error:slices=2:wpp=1"], nil),
            ("slices-3-wpp-ctu16", x265 + ["-x265-params", "log-level=error:slices=3:wpp=1:ctu=16"], nil),
            (
                "bframes-weighted",
                x265 + ["-x265-params", "log-level=error:bframes=4:b-pyramid=1:weightp=1:weightb=1"], fade
            ),
            ("ctu32-no-sao-no-deblock", x265 + ["-x265-params", "log-level=error:ctu=32:sao=0:deblock=0"], nil),
            ("main422-10", x265 + ["-pix_fmt", "yuv422p10le", "-x265-params", "log-level=error:weightp=1"], fade),
            ("main444", x265 + ["-pix_fmt", "yuv444p", "-x265-params", "log-level=error:weightp=1"], fade),
            ("monochrome", x265 + ["-pix_fmt", "gray", "-x265-params", "log-level=error:weightp=1"], fade),
            ("temporal-layers", x265 + ["-x265-params", "log-level=error:temporal-layers=1:bframes=3"], nil),
            ("lossless", x265 + ["-x265-params", "log-level=error:lossless=1"], nil),
            (
                "pps-per-gop-repeat-headers-aud",
                x265 + [
                    "-x265-params", "log-level=error:opt-qp-pps=1:opt-ref-list-length-pps=1:repeat-headers=1:aud=1",
                ], nil
            ),
        ]
        var reports: [SliceHeaderOracle.Report] = []
        for (name, encoder, filter) in streams {
            reports.append(
                try oracle.compare(try oracle.make("\(name).mp4", encoder, size: "416x240", filter: filter), name: name)
            )
        }
        print(reports.map(\.description).joined(separator: "\n"))
        print("HEVC slice header elements seen:", reports.reduce(Set()) { $0.union($1.elements) }.sorted())
    }

    /// Phone recordings, broadcast captures and other encoders' streams: PAFF field pictures, inter-predicted
    /// reference picture sets, 8K, HDR.
    func testRealWorldSliceHeadersMatchTheTrace() throws {
        let mp4 = [
            "androidx/sample.mp4", "androidx/bbb_800x640_768kbps_30fps_avc_pyramid_3b.mp4",
            "androidx/iibbibb_editlist_videoonly.mp4", "androidx/portrait_4k60.mp4",
            "androidx/pixel7_videoOnly_cleaned.mp4", "androidx/bt601.mov", "androidx/fragmented_captions.mp4",
            "androidx/sample_edit_list_only_preroll_sync_sample.mp4", "mediabunny/cursed-vfr.mp4",
            "androidx/h265_bframes.mp4", "androidx/dolbyVision-hdr.MOV", "androidx/sample_edit_list.mp4",
            "androidx/hdr10-video-with-sdr-container.mp4", "androidx/hlg10-color-test.mp4",
            "androidx/8k24fps_300ms.mp4", "androidx/mv_with_2_top_shots.mp4",
            "androidx/fragmented_captions_h265.mp4", "mediabunny/no-correct-videoframe-format.mov",
        ]
        let ts = [
            "androidx/sample_h264.ts", "tsduck/test-026.ts", "mediabunny/0.ts", "androidx/sample_h265.ts",
            "androidx/sample_h265_rps_pred.ts", "mediabunny/hevc.ts",
        ]
        var reports: [SliceHeaderOracle.Report] = []
        for file in mp4 {
            reports.append(try oracle.compare(try SharedMedia.path(file), name: file))
        }
        for file in ts {
            let path = try oracle.remux(
                try SharedMedia.path(file), as: file.replacingOccurrences(of: "/", with: "-") + ".mp4")
            reports.append(try oracle.compare(path, name: file))
        }
        print(reports.map(\.description).joined(separator: "\n"))
        print("real-world slice header elements seen:", reports.reduce(Set()) { $0.union($1.elements) }.sorted())
    }

    /// Two encodes with different parameter sets joined in one MPEG-TS and remuxed to MP4: the sample entry's
    /// record has the first part's SPS and PPS, the second part's come only in its samples (same ids).
    func testInBandParameterSetsReplaceTheRecords() throws {
        let parts: [(NALCodec, [String], [String])] = [
            (
                .h264, ["-c:v", "libx264", "-bf", "0", "-coder", "0", "-refs", "1"],
                ["-c:v", "libx264", "-bf", "3", "-refs", "4", "-x264-params", "weightp=2:weightb=1"]
            ),
            (
                .hevc, ["-c:v", "libx265", "-x265-params", "log-level=error:ctu=32:wpp=0:bframes=0:repeat-headers=1"],
                [
                    "-c:v", "libx265", "-x265-params",
                    "log-level=error:ctu=64:wpp=1:sao=0:bframes=4:weightp=1:weightb=1:repeat-headers=1",
                ]
            ),
        ]
        for (codec, first, second) in parts {
            let a = try oracle.make("a.ts", first + ["-f", "mpegts"], filter: fade)
            let b = try oracle.make("b.ts", second + ["-output_ts_offset", "1", "-f", "mpegts"], filter: fade)
            let joined = try oracle.remux("concat:\(a)|\(b)", as: "joined-\(codec).mp4")
            let report = try oracle.compare(joined, name: "\(codec.name) joined")
            print(report)
            // A parser that sees only the record gets the second part wrong.
            let video = try VideoSamples(path: joined)
            var updated = try SliceHeaderParser(codec: codec, configuration: video.configuration)
            var recordOnly = updated
            let parameterSets: Set<UInt8> = codec == .h264 ? [7, 8] : [32, 33, 34]
            var inBand = 0
            var differences = 0
            for sample in video.samples {
                for span in try updated.nalUnits(inSample: sample.bytes[...]) {
                    let nal = sample.bytes[(span.offset + updated.lengthSize)..<(span.offset + span.length)]
                    let type = codec == .h264 ? nal.first! & 0x1F : nal.first! >> 1 & 0x3F
                    if parameterSets.contains(type) {
                        inBand += 1
                    } else if (try? recordOnly.clearBytes(ofNAL: nal)) != span.clearBytes - updated.lengthSize {
                        differences += 1
                    }
                }
            }
            XCTAssertGreaterThan(inBand, 0, "\(codec.name): no parameter sets in samples")
            XCTAssertGreaterThan(differences, 0, "\(codec.name): the in-band parameter sets change nothing")
            print("\(codec.name): \(inBand) in-band parameter sets; \(differences) units sized wrong without them")
        }
    }
}

extension SliceHeaderOracleTests {
    /// Streams built by hand for the header syntax the encoders here never write.
    func testHandBuiltSliceHeadersMatchTheTrace() throws {
        let h264 = try oracle.compare(units: SyntheticH264Stream.units, codec: .h264, name: "synthetic-h264")
        let hevc = try oracle.compare(units: SyntheticHEVCStream.units, codec: .hevc, name: "synthetic-hevc")
        print("synthetic H.264: \(h264) slices; synthetic HEVC: \(hevc) slices")
    }
}
