/// One extracted picture and what it answers.
public struct ExtractedFrame: Sendable {
    /// Positions in the caller's list of timestamps this picture answers (duplicates share one).
    public var requestIndices: [Int]
    /// The requested time in seconds from the start of the source.
    public var requestedTime: Double
    /// The picked frame's presentation time in nanoseconds from the start of the source.
    public var ptsNanoseconds: Int64
    /// The encoded image (PNG or JPEG).
    public var image: [UInt8]
    /// Width and height of the image.
    public var width: Int
    public var height: Int
}
