import Foundation
public import ReelMedia
public import ReelOutput

/// One `reel frames` job: extract, write `frame_0000.png`… in the order asked and `index.json`
/// through a `MultiFileOutput`, then publish it.
public struct FrameExport: Sendable {
    var source: MediaSource
    /// Times in seconds, in the order the files are named.
    var times: [Double]?
    /// One frame every this many seconds from 0 to the end (after `times`).
    var every: Double?
    var format: ImageFormat
    var width: Int?
    var options: MediaSourceOptions
    var output: any MultiFileOutput

    /// - Parameters:
    ///   - source: The source.
    ///   - times: Times in seconds, or nil.
    ///   - every: An interval in seconds, or nil.
    ///   - format: PNG or JPEG.
    ///   - width: Output width, or nil.
    ///   - options: Network and S3 settings.
    ///   - output: Where the images go; finished on success, aborted on failure.
    public init(
        source: MediaSource, times: [Double]?, every: Double?, format: ImageFormat, width: Int?,
        options: MediaSourceOptions = MediaSourceOptions(), output: any MultiFileOutput
    ) {
        self.source = source
        self.times = times
        self.every = every
        self.format = format
        self.width = width
        self.options = options
        self.output = output
    }

    /// Runs on the calling thread (blocking; keep it off the concurrency pool).
    /// - Returns: The index that was written, or the failure.
    public func execute() -> Result<FrameIndex, ReelError> {
        do throws(ReelError) {
            let count = try extract()
            return .success(count)
        } catch {
            output.abort()
            return .failure(error)
        }
    }

    private func extract() throws(ReelError) -> FrameIndex {
        let extractor = try FrameExtractor(source: source, options: options)
        var requested = times ?? []
        if let every {
            var t = 0.0
            var i = 0
            while t < extractor.duration {
                requested.append(t)
                i += 1
                t = Double(i) * every
            }
        }
        let ext = format.fileExtension
        let contentType: ContentType = format == .png ? .png : .jpeg
        var entries = [FrameIndex.Entry?](repeating: nil, count: requested.count)
        let index: FrameIndex
        do {
            try extractor.extract(at: requested, format: format, width: width) { frame in
                for i in frame.requestIndices {
                    let name = String(format: "frame_%04d.%@", i, ext)
                    try output.write(Data(frame.image), to: name, contentType: contentType)
                    entries[i] = FrameIndex.Entry(
                        file: name, requestedTime: requested[i], ptsNanoseconds: frame.ptsNanoseconds,
                        time: Double(frame.ptsNanoseconds) / 1e9, width: frame.width, height: frame.height,
                        reference: FrameReference(uri: source.uri, ptsNanoseconds: frame.ptsNanoseconds))
                }
            }
            index = FrameIndex(source: source.uri, format: format.rawValue, frames: entries.map { $0! })
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            try output.write(try encoder.encode(index), to: "index.json", contentType: .json)
            try output.finish()
        } catch let error as ReelError {
            throw error
        } catch {
            throw ReelError.classify(error, source: source.description)
        }
        return index
    }
}
