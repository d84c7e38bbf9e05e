/// A still-image format for extracted frames.
public enum ImageFormat: String, Sendable, Codable, CaseIterable {
    case png
    case jpeg

    /// The file extension, without the dot.
    public var fileExtension: String { self == .png ? "png" : "jpg" }

    /// The MIME type.
    var mimeType: String { self == .png ? "image/png" : "image/jpeg" }
}
