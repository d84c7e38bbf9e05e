import Foundation
import ReelManifest
import XCTest

@testable import ReelMedia

/// Short clips made in-process for the media layer's tests: libavfilter's `testsrc2` encoded
/// with libx264, and `SampleClip` files in a scratch directory.
enum TestPattern {
    /// A scratch directory removed when the test ends.
    static func scratchDirectory(_ test: XCTestCase) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("reel-media-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        test.addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url
    }

    /// Encodes `seconds` of `testsrc2` with libx264 (every packet, the encoder drained).
    /// - Parameters:
    ///   - width: Picture width.
    ///   - height: Picture height.
    ///   - rate: Frames per second (the encoder's time base is its inverse).
    ///   - seconds: Length.
    ///   - preset: libx264's preset; `ultrafast` has no B-frames, `veryfast` has.
    ///   - gop: Keyframe interval in frames.
    /// - Returns: The open encoder (for its extradata and settings) and its packets in decode order.
    static func h264(
        width: Int = 320, height: Int = 240, rate: Int = 25, seconds: Int = 1, preset: String = "ultrafast",
        gop: Int = 25
    ) throws -> (encoder: Encoder, packets: [Packet]) {
        FFmpegLog.installIfNeeded()
        let graph = try SourceGraph(
            description: "testsrc2=size=\(width)x\(height):rate=\(rate):duration=\(seconds),format=yuv420p",
            audio: false)
        var settings = EncoderSettings(encoderName: "libx264", timeBase: graph.timeBase)
        settings.width = width
        settings.height = height
        settings.frameRate = Rational(rate, 1)
        settings.gopSize = gop
        settings.threads = 1
        settings.options = ["preset": preset, "crf": "28"]
        let encoder = try Encoder(settings)
        var packets: [Packet] = []
        while let frame = try graph.next() {
            frame.requestKeyframe(false)  // generated frames are all marked I, which encoders obey
            packets += try encoder.encode(frame)
        }
        packets += try encoder.encode(nil)
        return (encoder, packets)
    }

    /// Encodes `seconds` of a 440 Hz `sine` in a channel layout.
    /// - Parameters:
    ///   - encoderName: `ac3`, `eac3`, `aac`.
    ///   - layout: An FFmpeg channel layout name (`5.1`, `stereo`).
    ///   - channels: Its channel count.
    ///   - seconds: Length.
    /// - Returns: The open encoder and its packets.
    static func audio(
        _ encoderName: String, layout: String = "5.1", channels: Int = 6, seconds: Int = 1
    ) throws -> (encoder: Encoder, packets: [Packet]) {
        FFmpegLog.installIfNeeded()
        var settings = EncoderSettings(encoderName: encoderName, timeBase: Rational(1, 48000))
        settings.sampleRate = 48000
        settings.channels = channels
        settings.bitRate = 192_000
        let encoder = try Encoder(settings)
        let graph = try SourceGraph(
            description: "sine=f=440:sample_rate=48000:duration=\(seconds),"
                + "aformat=sample_fmts=fltp:channel_layouts=\(layout)",
            audio: true, audioFrameSize: encoder.frameSize)
        var packets: [Packet] = []
        while let frame = try graph.next() { packets += try encoder.encode(frame) }
        packets += try encoder.encode(nil)
        return (encoder, packets)
    }
}
