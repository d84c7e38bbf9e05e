import Foundation
import Logging
import ReelManifest
import ReelMedia
import ReelOutput
public import ReelQuality

/// `reel quality SOURCE PACKAGE`: measures the video renditions of an existing package, Reel's
/// or another packager's, against their source, and writes `quality.json` and `quality.svg`.
///
/// ```swift
/// let analyzer = PackageQualityAnalyzer(source: "talk.mp4", package: "out/")
/// let outcome = try await analyzer.run()           // out/quality.json, out/quality.svg
/// outcome.report.renditions.map(\.psnr.mean)
/// ```
///
/// The package's manifest (`PackageReader`) names each rendition's segments; each rendition is
/// read as one stream (its init segment and media segments end to end). The source is decoded
/// once, upright (display rotation applied, interlaced sources deinterlaced with `bwdif`, as
/// Reel packages them), and all renditions are decoded alongside it. Each decoded picture is
/// paired with the source picture on screen at its presentation time — the last one at or
/// before it, as ffmpeg's `psnr` filter pairs its inputs — scaled to the rendition's size and
/// pixel format with bicubic `scale` (ffmpeg's default), and measured by `QualityMeter`.
/// Presentation time zero is each stream's first picture: Reel's renditions start at the
/// source's first picture, and so do ffmpeg's (its MPEG-TS segments start at 1.4 s, which this
/// takes away). Memory stays flat: one source picture, scaled once per rendition, and a
/// segment's figures at a time.
public struct PackageQualityAnalyzer: Sendable {
    /// The source, by reference (path, `file://`, `http(s)://`, `s3://`, `data:`).
    public let source: String
    /// The package directory or its manifest (local).
    public let package: String
    /// How the source is read.
    public var options: MediaSourceOptions

    /// How far the package's duration may be from the source's: a second, or 5 % of a longer source.
    static func durationTolerance(_ seconds: Double) -> Double { max(1, 0.05 * seconds) }

    /// What a run measured and wrote.
    public struct Outcome: Sendable {
        /// The report.
        public var report: QualityReport
        /// The files written, as paths.
        public var summary: QualityReportSummary
    }

    /// - Parameters:
    ///   - source: The source, by reference.
    ///   - package: The package directory or manifest.
    ///   - options: How the source is read.
    public init(source: String, package: String, options: MediaSourceOptions = MediaSourceOptions()) {
        self.source = source
        self.package = package
        self.options = options
    }

    /// Measures the package and writes the report, on a thread of its own.
    /// - Parameter directory: Where `quality.json` and `quality.svg` go; by default the manifest's
    ///   directory.
    /// - Returns: The report and the files' paths.
    /// - Throws: `ReelError`: `permanent` for a package that is not one, `invalidInput` for a
    ///   source that does not match it, `unsupportedFormat` for what cannot be measured.
    public func run(writingTo directory: String? = nil) async throws(ReelError) -> Outcome {
        let analyzer = self
        return try await onThread("reel.quality") {
            Result { () throws(ReelError) in try analyzer.runBlocking(writingTo: directory) }
        }.get()
    }

    /// `run(writingTo:)` on the calling thread.
    func runBlocking(writingTo directory: String?) throws(ReelError) -> Outcome {
        let listed = try PackageReader.read(package)
        let report = try measure(listed)
        let folder = directory.map { URL(fileURLWithPath: $0) } ?? listed.manifest.deletingLastPathComponent()
        do {
            let output = try DirectoryOutput(directory: folder)
            do {
                var summary = try QualityReportWriter.write(report, to: output)
                try output.finish()
                summary.json = folder.appendingPathComponent(summary.json).path
                summary.svg = folder.appendingPathComponent(summary.svg).path
                return Outcome(report: report, summary: summary)
            } catch {
                output.abort()
                throw error
            }
        } catch {
            throw ReelError.classify(error, source: folder.path)
        }
    }

    /// Measures every video rendition of a package read back from its manifest.
    func measure(_ listed: PackageReader.Package) throws(ReelError) -> QualityReport {
        guard !listed.renditions.isEmpty else {
            throw .permanent("\(listed.manifest.path): the \(listed.format) manifest lists no video rendition")
        }
        FFmpegLog.installIfNeeded()
        let (demuxer, _) = try MediaSource(uri: source).openDemuxer(options: options)
        guard let index = demuxer.bestStream(.video) else {
            throw .invalidInput(source: source, stream: nil, reason: "no video stream to measure the package against")
        }
        let stream = demuxer.streams[index]
        let packageSeconds = listed.renditions.map(\.duration).max() ?? 0
        if let seconds = demuxer.duration ?? stream.duration,
            abs(seconds - packageSeconds) > Self.durationTolerance(seconds)
        {
            throw .invalidInput(
                source: source, stream: nil,
                reason: String(
                    format: "lasts %.3f s but the package %.3f s (%@): not the source of this package", seconds,
                    packageSeconds, listed.manifest.lastPathComponent))
        }
        do {
            let readers = try listed.renditions.map { try RenditionReader($0, options: options) }
            let decoder = try Decoder(demuxer: demuxer, streamIndex: index)
            let upright = Self.uprightFilter(stream).map {
                FilterGraph(description: $0, kind: .video, timeBase: decoder.timeBase, frameRate: stream.frameRate)
            }
            var current: (frame: Frame, time: Double, number: Int)?
            var zero: Int64?
            var number = 0
            // Each source picture is measured against once the next one says how long it shows.
            func show(_ pictures: [Frame], timeBase: Rational) throws {
                for picture in pictures {
                    guard let pts = picture.pts ?? picture.bestEffortTimestamp else { continue }
                    let first = zero ?? pts
                    zero = first
                    let time = Double(pts - first) * timeBase.value
                    if let previous = current {
                        for reader in readers { try reader.measure(until: time, against: previous) }
                    }
                    current = (picture, time, number)
                    number += 1
                }
            }
            func take(_ frames: [Frame]?) throws {
                guard let upright else { return try show(frames ?? [], timeBase: decoder.timeBase) }
                var pictures: [Frame] = []
                for frame in frames.map({ $0 as [Frame?] }) ?? [nil] {
                    try upright.push(frame)
                    while let out = try upright.pull() { pictures.append(out) }
                }
                try show(pictures, timeBase: upright.outputTimeBase)
            }
            while let packet = try demuxer.read() {
                guard packet.streamIndex == index else { continue }
                do {
                    try take(try decoder.decode(packet))
                } catch let error as MediaError where error.kind == .invalidData {
                    continue
                }
            }
            try take(try decoder.decode(nil))
            if upright != nil { try take(nil) }
            guard let last = current else {
                throw ReelError.invalidInput(source: source, stream: index, reason: "no picture could be decoded")
            }
            for reader in readers { try reader.measure(until: .infinity, against: last) }
            let renditions = try readers.map { try $0.finish() }
            let manifest = listed.manifest.lastPathComponent
            return QualityReport(
                source: source, manifest: manifest, measured: QualityReport.measuredFromPackage,
                renditions: renditions.compactMap { $0 })
        } catch {
            throw ReelError.classify(error, source: source)
        }
    }

    /// The filters that make the source's pictures what a rendition shows: deinterlaced and
    /// upright (as `VideoConversion` makes them, without its colour conversion); nil when none.
    static func uprightFilter(_ stream: StreamInfo) -> String? {
        var filters: [String] = []
        if let order = stream.fieldOrder, ["tt", "bb", "tb", "bt"].contains(order) {
            filters.append("bwdif=mode=send_frame:parity=auto:deint=interlaced")
        }
        switch stream.rotation {
        case 90: filters.append("transpose=clock")
        case 180: filters.append("hflip,vflip")
        case 270: filters.append("transpose=cclock")
        default: break
        }
        return filters.isEmpty ? nil : filters.joined(separator: ",")
    }
}

extension PackageQualityAnalyzer {
    /// One rendition being read and measured in step with the source.
    final class RenditionReader {
        let rendition: PackageReader.Rendition
        private let demuxer: Demuxer
        private let decoder: Decoder
        private let index: Int
        private var decoded: [Frame] = []
        private var drained = false
        private var zero: Int64?
        private let meter = QualityMeter(threads: ProcessInfo.processInfo.activeProcessorCount)
        private var measurement = RenditionMeasurement()
        private var times: [Int: Double] = [:]
        private var sequence = 0
        /// The source picture scaled for this rendition, by the source picture's number.
        private var scaled: (number: Int, frame: Frame)?
        private var scaler: FilterGraph?
        private var size: (width: Int, height: Int)?
        /// Segments not yet closed, in order.
        private var segmentsLeft: ArraySlice<PackageReader.Segment>
        private var segmentNumber = 0
        /// Times within it of the next source picture count as at it.
        private static let tolerance = 0.002

        init(_ rendition: PackageReader.Rendition, options: MediaSourceOptions) throws {
            self.rendition = rendition
            let pieces = (rendition.initSegment.map { [$0] } ?? []) + rendition.segments.map(\.piece)
            let bytes = try SegmentFilesByteSource(pieces: pieces)
            do {
                demuxer = try Demuxer(reading: bytes, name: rendition.id, readTimeout: options.readTimeout)
            } catch let error as MediaError {
                throw ReelError.invalidInput(
                    source: rendition.segments.first?.piece.path ?? rendition.id, stream: nil,
                    reason: "rendition \(rendition.id) cannot be read: \(error.message)")
            }
            guard let index = demuxer.bestStream(.video) else {
                throw ReelError.invalidInput(
                    source: rendition.segments.first?.piece.path ?? rendition.id, stream: nil,
                    reason: "rendition \(rendition.id) has no video stream")
            }
            self.index = index
            decoder = try Decoder(demuxer: demuxer, streamIndex: index)
            segmentsLeft = rendition.segments[...]
        }

        /// The next decoded picture and its time, still held; nil at the end.
        private func peek() throws -> (frame: Frame, time: Double)? {
            while decoded.isEmpty && !drained {
                if let packet = try demuxer.read() {
                    guard packet.streamIndex == index else { continue }
                    do {
                        decoded += try decoder.decode(packet)
                    } catch let error as MediaError where error.kind == .invalidData {
                        continue
                    }
                } else {
                    decoded += try decoder.decode(nil)
                    drained = true
                }
                decoded.removeAll { ($0.pts ?? $0.bestEffortTimestamp) == nil }
            }
            guard let frame = decoded.first, let pts = frame.pts ?? frame.bestEffortTimestamp else { return nil }
            let first = zero ?? pts
            zero = first
            return (frame, Double(pts - first) * decoder.timeBase.value)
        }

        /// Measures every picture before `end` (seconds) against the source picture on screen.
        func measure(until end: Double, against source: (frame: Frame, time: Double, number: Int)) throws {
            while let (frame, time) = try peek(), time < end - Self.tolerance {
                decoded.removeFirst()
                let reference = try scale(source, to: frame)
                closeSegments(before: time)
                times[sequence] = time
                sequence += 1
                record(try meter.measure(frame, against: reference))
            }
        }

        /// The source picture at this rendition's size and pixel format (bicubic).
        private func scale(_ source: (frame: Frame, time: Double, number: Int), to picture: Frame) throws -> Frame {
            if let scaled, scaled.number == source.number { return scaled.frame }
            if scaler == nil {
                size = (picture.width, picture.height)
                scaler = FilterGraph(
                    description: "scale=\(picture.width):\(picture.height):flags=bicubic,"
                        + "format=\(picture.pixelFormatName ?? "yuv420p")",
                    kind: .video, timeBase: Rational(1, 1000))
            }
            let input = source.frame.clone()
            input.pts = Int64(source.number)
            try scaler?.push(input)
            guard let output = try scaler?.pull() else {
                throw ReelError.invalidInput(
                    source: rendition.id, stream: nil,
                    reason: "the source picture could not be scaled to \(picture.width)x\(picture.height)")
            }
            while try scaler?.pull() != nil {}
            scaled = (source.number, output)
            return output
        }

        private func record(_ results: [FrameQuality]) {
            for result in results {
                guard let time = times.removeValue(forKey: result.sequence) else { continue }
                measurement.add(time: time, mse: result.mse, ssim: result.ssim, peak: result.peak)
            }
        }

        /// Tells the measurement of every segment that ends at or before `time`.
        private func closeSegments(before time: Double) {
            while let segment = segmentsLeft.first, segment.start + segment.duration <= time + Self.tolerance {
                announce(segment)
            }
        }

        private func announce(_ segment: PackageReader.Segment) {
            segmentsLeft.removeFirst()
            segmentNumber += 1
            measurement.addSegment(
                number: segmentNumber, start: segment.start, duration: segment.duration,
                bytes: segment.bytes ?? segment.piece.fileSize)
        }

        /// The rendition's entry, once every picture is measured.
        func finish() throws -> RenditionQuality? {
            record(try meter.finish())
            while let segment = segmentsLeft.first { announce(segment) }
            return measurement.rendition(
                id: rendition.id, width: size?.width ?? rendition.width ?? 0,
                height: size?.height ?? rendition.height ?? 0, codecs: rendition.codecs,
                frameRate: rendition.frameRate ?? decoderRate, bandwidth: rendition.bandwidth,
                averageBandwidth: rendition.averageBandwidth)
        }

        private var decoderRate: Double? {
            let rate = decoder.stream.frameRate
            return rate.isValid && rate.value > 0 ? rate.value : nil
        }
    }
}

extension SegmentFilesByteSource.Piece {
    /// The piece's length: its range's, else the file's size from its offset.
    var fileSize: Int {
        if let length { return Int(length) }
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.int64Value ?? 0
        return Int(max(0, size - offset))
    }
}
