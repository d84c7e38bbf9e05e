import Foundation
import ReelManifest
import ReelOutput

/// Writes one rendition's init segment and media segments to the output and keeps their facts.
final class SegmentRecorder {
    let renditionID: String
    let timescale: Int64
    private let fileExtension: String
    private let contentType: ContentType
    private let output: any MultiFileOutput
    private let reporter: ProgressReporter
    private(set) var segments: [SegmentFact] = []
    private(set) var totalBytes = 0

    init(renditionID: String, timescale: Int64, fileExtension: String, contentType: ContentType,
         output: any MultiFileOutput, reporter: ProgressReporter) {
        self.renditionID = renditionID
        self.timescale = timescale
        self.fileExtension = fileExtension
        self.contentType = contentType
        self.output = output
        self.reporter = reporter
    }

    /// Writes `init.mp4`.
    func writeInit(_ bytes: [UInt8]) throws {
        try output.write(Data(bytes), to: "\(renditionID)/init.mp4", contentType: contentType)
        totalBytes += bytes.count
    }

    /// Writes the next segment and records its facts.
    /// - Parameters:
    ///   - bytes: The segment file.
    ///   - startTime: Earliest presentation time, in `timescale` ticks.
    ///   - duration: Presentation duration, in `timescale` ticks.
    func writeSegment(_ bytes: [UInt8], startTime: Int64, duration: Int64) throws {
        let number = segments.count + 1
        let name = String(format: "seg_%05d.%@", number, fileExtension)
        let path = "\(renditionID)/\(name)"
        try output.write(Data(bytes), to: path, contentType: contentType)
        totalBytes += bytes.count
        segments.append(
            SegmentFact(number: number, fileName: name, startTime: startTime, duration: duration, byteSize: bytes.count))
        reporter.send(
            .segmentWritten(
                SegmentWritten(
                    rendition: renditionID, index: number, path: path, bytes: bytes.count,
                    duration: Double(duration) / Double(timescale))))
    }
}
