/// `index.json` of `reel frames`: which file shows which requested time.
public struct FrameIndex: Sendable, Codable, Equatable {
    /// One written image.
    public struct Entry: Sendable, Codable, Equatable {
        /// File name within the output, e.g. `frame_0000.png`.
        var file: String
        /// The time asked for, in seconds.
        var requestedTime: Double
        /// The picked frame's presentation time in nanoseconds.
        var ptsNanoseconds: Int64
        /// The picked frame's presentation time in seconds.
        var time: Double
        var width: Int
        var height: Int
        /// A reference to the frame: `{"uri": …, "pts_ns": …}`.
        var reference: FrameReference

        /// - Parameters:
        ///   - file: File name in the output.
        ///   - requestedTime: Seconds asked for.
        ///   - ptsNanoseconds: The frame's presentation time in nanoseconds.
        ///   - time: The same in seconds.
        ///   - width: Image width.
        ///   - height: Image height.
        ///   - reference: The frame reference.
        init(
            file: String, requestedTime: Double, ptsNanoseconds: Int64, time: Double, width: Int, height: Int,
            reference: FrameReference
        ) {
            self.file = file
            self.requestedTime = requestedTime
            self.ptsNanoseconds = ptsNanoseconds
            self.time = time
            self.width = width
            self.height = height
            self.reference = reference
        }

        enum CodingKeys: String, CodingKey {
            case file, time, width, height, reference
            case requestedTime = "requested_time"
            case ptsNanoseconds = "pts_ns"
        }
    }

    var source: String
    var format: String
    public var frames: [Entry]

    /// - Parameters:
    ///   - source: The source URI.
    ///   - format: `png` or `jpeg`.
    ///   - frames: One entry per requested time, in the order given.
    init(source: String, format: String, frames: [Entry]) {
        self.source = source
        self.format = format
        self.frames = frames
    }
}
