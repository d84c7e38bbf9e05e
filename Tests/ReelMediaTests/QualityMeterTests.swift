import CFFmpeg
import Foundation
import ReelManifest
import XCTest

@testable import ReelMedia

/// `QualityMeter` against figures computed here from the planes themselves, on `testsrc2`
/// encoded with libx264 and decoded again (`Decoder(codec:)`).
final class QualityMeterTests: XCTestCase {
    /// The reference pictures and the same pictures after a lossy encode and decode.
    private func pairs(width: Int = 320, height: Int = 240, frames: Int = 20) throws -> [(Frame, Frame)] {
        FFmpegLog.installIfNeeded()
        let graph = try SourceGraph(
            description: "testsrc2=size=\(width)x\(height):rate=25,format=yuv420p,trim=end_frame=\(frames)",
            audio: false)
        var settings = EncoderSettings(encoderName: "libx264", timeBase: graph.timeBase)
        settings.width = width
        settings.height = height
        settings.frameRate = Rational(25, 1)
        settings.threads = 1
        settings.options = ["preset": "veryfast", "crf": "38"]
        let encoder = try Encoder(settings)
        let decoder = try Decoder(codec: try CodecParameters(encoder: encoder))
        var references: [Int64: Frame] = [:]
        var decoded: [Frame] = []
        while let frame = try graph.next() {
            frame.requestKeyframe(false)
            references[try XCTUnwrap(frame.pts)] = frame
            for packet in try encoder.encode(frame) { decoded += try decoder.decode(packet) }
        }
        for packet in try encoder.encode(nil) { decoded += try decoder.decode(packet) }
        decoded += try decoder.decode(nil)
        XCTAssertEqual(decoded.count, frames)
        return try decoded.map { ($0, try XCTUnwrap(references[try XCTUnwrap($0.pts)])) }
    }

    /// Mean squared error of each plane of two yuv420p pictures, weighted by the planes' sample
    /// counts (4:1:1), as the `psnr` filter's `mse_avg`.
    private func weightedMSE(_ a: Frame, _ b: Frame) -> Double {
        let sizes = [(a.width, a.height), (a.width / 2, a.height / 2), (a.width / 2, a.height / 2)]
        var errors: [Double] = []
        for (plane, (width, height)) in sizes.enumerated() {
            let pa = a.pointer.pointee, pb = b.pointer.pointee
            let (da, db) = (
                [pa.data.0, pa.data.1, pa.data.2][plane]!, [pb.data.0, pb.data.1, pb.data.2][plane]!
            )
            let (la, lb) = (
                Int([pa.linesize.0, pa.linesize.1, pa.linesize.2][plane]),
                Int([pb.linesize.0, pb.linesize.1, pb.linesize.2][plane])
            )
            var sum = 0
            for y in 0..<height {
                for x in 0..<width {
                    let d = Int(da[y * la + x]) - Int(db[y * lb + x])
                    sum += d * d
                }
            }
            errors.append(Double(sum) / Double(width * height))
        }
        return (4 * errors[0] + errors[1] + errors[2]) / 6
    }

    func testEveryPairGetsTheWeightedMSEOfItsPlanesAndAnSSIMBelowOne() throws {
        let meter = QualityMeter()
        let pairs = try pairs()
        var results: [FrameQuality] = []
        for (decoded, reference) in pairs { results += try meter.measure(decoded, against: reference) }
        results += try meter.finish()
        XCTAssertEqual(results.map(\.sequence), Array(0..<pairs.count), "one result per pair, in order")
        for (result, (decoded, reference)) in zip(results, pairs) {
            let expected = weightedMSE(decoded, reference)
            XCTAssertGreaterThan(expected, 1, "crf 38 loses detail")
            XCTAssertEqual(result.mse, expected, accuracy: expected * 1e-5)
            XCTAssertEqual(result.peak, 255)
            XCTAssertGreaterThan(result.ssim, 0.5)
            XCTAssertLessThan(result.ssim, 0.999)
        }
    }

    func testAPictureAgainstItselfHasNoErrorAndSSIMOne() throws {
        let meter = QualityMeter()
        var results: [FrameQuality] = []
        for (_, reference) in try pairs(frames: 5) { results += try meter.measure(reference, against: reference) }
        results += try meter.finish()
        XCTAssertEqual(results.count, 5)
        XCTAssertEqual(results.map(\.mse), Array(repeating: 0, count: 5))
        for result in results { XCTAssertEqual(result.ssim, 1, accuracy: 1e-6) }
    }

    func testPicturesOfDifferentSizesAreRefused() throws {
        let small = try pairs(width: 160, height: 120, frames: 1)[0].0
        let large = try pairs(frames: 1)[0].1
        XCTAssertThrowsError(try QualityMeter().measure(small, against: large)) { error in
            XCTAssertTrue("\(error)".contains("160x120"), "\(error)")
        }
    }
}
