/// One extracted picture and what it answers.
struct ExtractedFrame: Sendable {
    /// Positions in the caller's list of timestamps this picture answers (duplicates share one).
    var requestIndices: [Int]
    /// The requested time in seconds from the start of the source.
    var requestedTime: Double
    /// The picked frame's presentation time in nanoseconds from the start of the source.
    var ptsNanoseconds: Int64
    /// The encoded image (PNG or JPEG).
    var image: [UInt8]
    /// Width and height of the image.
    var width: Int
    var height: Int
}
