import Foundation
import ReelManifest

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Reads a package's video renditions back from its manifest: an HLS master (or media) playlist
/// or a DASH MPD in a local directory, Reel's or another packager's (`ffmpeg -f hls
/// -master_pl_name`, `ffmpeg -f dash`), with each rendition's declared facts and its segments
/// as file pieces (whole files or byte ranges) and presentation times.
///
/// ```swift
/// let package = try PackageReader.read("out/")             // finds master.m3u8 or manifest.mpd
/// package.renditions[0].segments[0].piece.path              // "out/v720p/seg_00001.m4s"
/// ```
/// HLS: `EXT-X-STREAM-INF` variants (audio-only ones skipped, one entry per media playlist),
/// `EXT-X-MAP`, `EXTINF`, `EXT-X-BYTERANGE`; encrypted playlists are refused. DASH: the first
/// Period's video AdaptationSets; `SegmentTemplate` (`$Number$`, `$Time$`, `$RepresentationID$`,
/// `$Bandwidth$`, with `SegmentTimeline` or `@duration`), `SegmentList` and `SegmentBase` (one
/// file; segments from its `sidx`); `BaseURL` at every level. Segment times count from the
/// rendition's first segment.
struct PackageReader {
    /// A package as its manifest lists it.
    struct Package {
        /// The manifest read.
        var manifest: URL
        /// `HLS` or `DASH`.
        var format: String
        var renditions: [Rendition]
    }

    /// One video rendition.
    struct Rendition {
        /// Its name: the media playlist's directory (`v720p`) or name, the Representation's id.
        var id: String
        var width: Int?
        var height: Int?
        var codecs: String?
        var frameRate: Double?
        /// Declared peak bit rate (`BANDWIDTH`, `@bandwidth`).
        var bandwidth: Int?
        /// Declared average bit rate (`AVERAGE-BANDWIDTH`).
        var averageBandwidth: Int?
        /// The initialization segment, when there is one (fMP4).
        var initSegment: SegmentFilesByteSource.Piece?
        var segments: [Segment]

        /// Seconds from the first segment's start to the last one's end.
        var duration: Double { segments.last.map { $0.start + $0.duration } ?? 0 }
    }

    /// One media segment.
    struct Segment {
        var piece: SegmentFilesByteSource.Piece
        /// Seconds from the rendition's first segment.
        var start: Double
        var duration: Double
        /// Its size, when known without reading the file.
        var bytes: Int?
    }

    /// Reads the package at `path`: a directory (its `master.m3u8`, else `manifest.mpd`, else the
    /// only master playlist or MPD in it) or a manifest file.
    /// - Throws: `ReelError.permanent` naming the path when it is not a package or a manifest.
    static func read(_ path: String) throws(ReelError) -> Package {
        let url = try manifest(at: path)
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw .permanent("\(url.path): cannot read the manifest")
        }
        let text = String(decoding: data, as: UTF8.self)
        let head = text.drop { $0.isWhitespace || $0 == "\u{FEFF}" }
        if head.hasPrefix("#EXTM3U") { return try HLS(url: url).package(text) }
        if text.contains("<MPD") { return try DASH(url: url).package(data) }
        throw .permanent("\(path): not an HLS master playlist or a DASH MPD")
    }

    /// The manifest a path names.
    private static func manifest(at path: String) throws(ReelError) -> URL {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw .permanent("\(path): no such package directory or manifest")
        }
        let url = URL(fileURLWithPath: path)
        guard isDirectory.boolValue else { return url }
        for name in ["master.m3u8", "manifest.mpd"] {
            let candidate = url.appendingPathComponent(name)
            if FileManager.default.fileExists(atPath: candidate.path) { return candidate }
        }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        let masters = names.sorted().filter { name in
            let file = url.appendingPathComponent(name)
            if name.hasSuffix(".mpd") { return true }
            guard name.hasSuffix(".m3u8"), let text = try? String(contentsOf: file, encoding: .utf8) else {
                return false
            }
            return text.contains("#EXT-X-STREAM-INF")
        }
        guard masters.count == 1, let only = masters.first else {
            throw .permanent(
                masters.isEmpty
                    ? "\(path): no HLS master playlist or DASH MPD in the directory"
                    : "\(path): several manifests (\(masters.joined(separator: ", "))): name one")
        }
        return url.appendingPathComponent(only)
    }

    /// A local file a manifest refers to: `reference` resolved against `base` (the manifest, or a
    /// `BaseURL` ending in `/`), percent-encoded or not.
    fileprivate static func file(_ reference: String, relativeTo base: URL, manifest: URL) throws(ReelError) -> URL {
        if let scheme = URL(string: reference)?.scheme?.lowercased(), scheme.count > 1, scheme != "file" {
            throw .unsupportedFormat(
                source: manifest.path, reason: "\(reference): reel quality reads local packages only")
        }
        let encoded =
            URL(string: reference) != nil
            ? reference : reference.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? reference
        guard let url = URL(string: encoded, relativeTo: base)?.standardizedFileURL, url.isFileURL else {
            throw .permanent("\(manifest.path): cannot resolve \(reference)")
        }
        return url
    }
}

// MARK: - HLS

extension PackageReader {
    fileprivate struct HLS {
        let url: URL

        func package(_ text: String) throws(ReelError) -> Package {
            let lines = Self.lines(text)
            guard lines.contains(where: { $0.hasPrefix("#EXT-X-STREAM-INF") }) else {
                // A media playlist alone: one rendition, nothing declared.
                guard lines.contains(where: { $0.hasPrefix("#EXTINF") }) else {
                    throw .permanent("\(url.path): an HLS playlist with neither variants nor segments")
                }
                var rendition = try media(url, lines: lines)
                rendition.id = url.deletingPathExtension().lastPathComponent
                return Package(manifest: url, format: "HLS", renditions: [rendition])
            }
            var renditions: [Rendition] = []
            var seen = Set<String>()
            var attributes: [String: String]?
            for line in lines {
                if line.hasPrefix("#EXT-X-STREAM-INF:") {
                    attributes = Self.attributes(String(line.dropFirst("#EXT-X-STREAM-INF:".count)))
                    continue
                }
                guard let variant = attributes, !line.hasPrefix("#") else { continue }
                attributes = nil
                let playlist = try PackageReader.file(line, relativeTo: url, manifest: url)
                guard seen.insert(playlist.path).inserted, Self.isVideo(variant) else { continue }
                let mediaText: String
                do {
                    mediaText = try String(contentsOf: playlist, encoding: .utf8)
                } catch {
                    throw .invalidInput(source: playlist.path, stream: nil, reason: "cannot read the media playlist")
                }
                var rendition = try media(playlist, lines: Self.lines(mediaText))
                rendition.id = Self.name(of: playlist, under: url)
                let size = variant["RESOLUTION"]?.split(separator: "x").compactMap { Int($0) }
                rendition.width = size?.count == 2 ? size?[0] : nil
                rendition.height = size?.count == 2 ? size?[1] : nil
                rendition.codecs = variant["CODECS"]
                rendition.frameRate = variant["FRAME-RATE"].flatMap(Double.init)
                rendition.bandwidth = variant["BANDWIDTH"].flatMap { Int($0) }
                rendition.averageBandwidth = variant["AVERAGE-BANDWIDTH"].flatMap { Int($0) }
                renditions.append(rendition)
            }
            return Package(manifest: url, format: "HLS", renditions: renditions)
        }

        /// Whether a variant carries video: a resolution, or a video codec among its codecs.
        private static func isVideo(_ variant: [String: String]) -> Bool {
            if variant["RESOLUTION"] != nil { return true }
            guard let codecs = variant["CODECS"] else { return true }
            let video = ["avc", "hvc", "hev", "av01", "vp09", "vp9", "dvh", "dva", "mp4v"]
            return codecs.split(separator: ",").contains { codec in
                video.contains { codec.trimmingCharacters(in: .whitespaces).lowercased().hasPrefix($0) }
            }
        }

        /// A rendition's name: its playlist's directory when that is not the master's, else the
        /// playlist's name without extension.
        private static func name(of playlist: URL, under master: URL) -> String {
            let directory = playlist.deletingLastPathComponent().standardizedFileURL
            if directory.path != master.deletingLastPathComponent().standardizedFileURL.path {
                return directory.lastPathComponent
            }
            return playlist.deletingPathExtension().lastPathComponent
        }

        /// The segments of a media playlist.
        private func media(_ playlist: URL, lines: [String]) throws(ReelError) -> Rendition {
            var rendition = Rendition(id: "", segments: [])
            var duration: Double?
            var range: (length: Int64, offset: Int64?)?
            var nextOffset: [String: Int64] = [:]
            var start = 0.0
            for line in lines {
                if line.hasPrefix("#EXT-X-KEY:") {
                    let method = Self.attributes(String(line.dropFirst("#EXT-X-KEY:".count)))["METHOD"] ?? "NONE"
                    if method != "NONE" {
                        throw .unsupportedFormat(
                            source: playlist.path, reason: "encrypted segments (\(method)) cannot be measured")
                    }
                } else if line.hasPrefix("#EXT-X-MAP:") {
                    let map = Self.attributes(String(line.dropFirst("#EXT-X-MAP:".count)))
                    guard let uri = map["URI"] else { continue }
                    let file = try PackageReader.file(uri, relativeTo: playlist, manifest: playlist)
                    var piece = SegmentFilesByteSource.Piece(path: file.path, offset: 0, length: nil)
                    if let text = map["BYTERANGE"], let parsed = Self.byteRange(text) {
                        piece.offset = parsed.offset ?? 0
                        piece.length = parsed.length
                    }
                    rendition.initSegment = piece
                } else if line.hasPrefix("#EXTINF:") {
                    let value = line.dropFirst("#EXTINF:".count).prefix { $0 != "," }
                    duration = Double(value.trimmingCharacters(in: .whitespaces))
                } else if line.hasPrefix("#EXT-X-BYTERANGE:") {
                    range = Self.byteRange(String(line.dropFirst("#EXT-X-BYTERANGE:".count)))
                } else if !line.hasPrefix("#"), let seconds = duration {
                    let file = try PackageReader.file(line, relativeTo: playlist, manifest: playlist)
                    var piece = SegmentFilesByteSource.Piece(path: file.path, offset: 0, length: nil)
                    if let range {
                        piece.offset = range.offset ?? nextOffset[file.path] ?? 0
                        piece.length = range.length
                        nextOffset[file.path] = piece.offset + range.length
                    }
                    rendition.segments.append(
                        Segment(piece: piece, start: start, duration: seconds, bytes: piece.length.map { Int($0) }))
                    start += seconds
                    duration = nil
                    range = nil
                }
            }
            guard !rendition.segments.isEmpty else {
                throw .invalidInput(source: playlist.path, stream: nil, reason: "the media playlist lists no segments")
            }
            return rendition
        }

        /// Non-empty lines without surrounding white space.
        private static func lines(_ text: String) -> [String] {
            text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty }
        }

        /// `LENGTH[@OFFSET]`.
        private static func byteRange(_ text: String) -> (length: Int64, offset: Int64?)? {
            let parts = text.split(separator: "@")
            guard let length = parts.first.flatMap({ Int64($0) }) else { return nil }
            return (length, parts.count > 1 ? Int64(parts[1]) : nil)
        }

        /// An attribute list: `KEY=VALUE,KEY="quoted, value"`.
        static func attributes(_ text: String) -> [String: String] {
            var result: [String: String] = [:]
            var key = ""
            var value = ""
            var inKey = true
            var quoted = false
            func commit() {
                let name = key.trimmingCharacters(in: .whitespaces)
                if !name.isEmpty { result[name] = value }
                key = ""
                value = ""
                inKey = true
            }
            for character in text {
                if inKey {
                    if character == "=" { inKey = false } else { key.append(character) }
                } else if character == "\"" {
                    quoted.toggle()
                } else if character == "," && !quoted {
                    commit()
                } else {
                    value.append(character)
                }
            }
            commit()
            return result
        }
    }
}

// MARK: - DASH

extension PackageReader {
    fileprivate struct DASH {
        let url: URL

        /// An element of the MPD.
        final class Element {
            let name: String
            let attributes: [String: String]
            var children: [Element] = []
            var text = ""

            init(name: String, attributes: [String: String]) {
                self.name = name
                self.attributes = attributes
            }

            func child(_ name: String) -> Element? { children.first { $0.name == name } }
            func all(_ name: String) -> [Element] { children.filter { $0.name == name } }
        }

        private final class TreeBuilder: NSObject, XMLParserDelegate {
            var root: Element?
            private var stack: [Element] = []

            func parser(
                _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName: String?, attributes: [String: String] = [:]
            ) {
                let element = Element(name: elementName, attributes: attributes)
                if let parent = stack.last { parent.children.append(element) } else { root = element }
                stack.append(element)
            }

            func parser(_ parser: XMLParser, foundCharacters string: String) {
                stack.last?.text += string
            }

            func parser(
                _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?
            ) {
                stack.removeLast()
            }
        }

        func package(_ data: Data) throws(ReelError) -> Package {
            let builder = TreeBuilder()
            let parser = XMLParser(data: data)
            parser.delegate = builder
            parser.shouldProcessNamespaces = true
            guard parser.parse(), let mpd = builder.root, mpd.name == "MPD" else {
                throw .permanent(
                    "\(url.path): not a DASH MPD (\(parser.parserError.map { "\($0)" } ?? "no MPD element"))")
            }
            let periods = mpd.all("Period")
            guard let period = periods.first else { throw .permanent("\(url.path): the MPD has no Period") }
            if periods.count > 1 {
                throw .unsupportedFormat(
                    source: url.path, reason: "an MPD of \(periods.count) Periods; one is measured")
            }
            let periodSeconds =
                period.attributes["duration"].flatMap(Self.seconds)
                ?? mpd.attributes["mediaPresentationDuration"].flatMap(Self.seconds)
            var base = Self.base(url, mpd)
            base = Self.base(base, period)
            var renditions: [Rendition] = []
            for set in period.all("AdaptationSet") {
                let setBase = Self.base(base, set)
                for representation in set.all("Representation") where Self.isVideo(set, representation) {
                    func attribute(_ name: String) -> String? {
                        representation.attributes[name] ?? set.attributes[name]
                    }
                    let id = representation.attributes["id"] ?? "\(renditions.count)"
                    var rendition = Rendition(id: id, segments: [])
                    rendition.width = attribute("width").flatMap { Int($0) }
                    rendition.height = attribute("height").flatMap { Int($0) }
                    rendition.codecs = attribute("codecs")
                    rendition.frameRate = attribute("frameRate").flatMap(Self.rate)
                    rendition.bandwidth = representation.attributes["bandwidth"].flatMap { Int($0) }
                    let levels = [representation, set, period]
                    let representationBase = Self.base(setBase, representation)
                    if let template = levels.lazy.compactMap({ $0.child("SegmentTemplate") }).first {
                        try segments(
                            from: template, representation: representation, base: representationBase,
                            periodSeconds: periodSeconds, into: &rendition)
                    } else if let list = levels.lazy.compactMap({ $0.child("SegmentList") }).first {
                        try segments(
                            from: list, base: representationBase, periodSeconds: periodSeconds, into: &rendition)
                    } else {
                        try singleFile(
                            levels.lazy.compactMap { $0.child("SegmentBase") }.first, base: representationBase,
                            periodSeconds: periodSeconds, into: &rendition)
                    }
                    guard !rendition.segments.isEmpty else {
                        throw .invalidInput(
                            source: url.path, stream: nil, reason: "Representation \(id) has no segments")
                    }
                    renditions.append(rendition)
                }
            }
            return Package(manifest: url, format: "DASH", renditions: renditions)
        }

        private static func isVideo(_ set: Element, _ representation: Element) -> Bool {
            let type = set.attributes["contentType"]
            let mime = representation.attributes["mimeType"] ?? set.attributes["mimeType"] ?? ""
            if let type { return type == "video" }
            if !mime.isEmpty { return mime.hasPrefix("video/") }
            return representation.attributes["width"] != nil || set.attributes["width"] != nil
        }

        /// A base URL with an element's `BaseURL` applied.
        private static func base(_ base: URL, _ element: Element) -> URL {
            guard let text = element.child("BaseURL")?.text.trimmingCharacters(in: .whitespacesAndNewlines),
                !text.isEmpty, let resolved = URL(string: text, relativeTo: base)
            else { return base }
            return resolved.absoluteURL
        }

        private func file(_ reference: String, base: URL) throws(ReelError) -> URL {
            try PackageReader.file(reference, relativeTo: base, manifest: url)
        }

        /// `SegmentTemplate`: names from the template, times from the timeline or `@duration`.
        private func segments(
            from template: Element, representation: Element, base: URL, periodSeconds: Double?,
            into rendition: inout Rendition
        ) throws(ReelError) {
            let timescale = template.attributes["timescale"].flatMap { Double($0) } ?? 1
            let startNumber = template.attributes["startNumber"].flatMap { Int($0) } ?? 1
            let id = representation.attributes["id"] ?? ""
            let bandwidth = representation.attributes["bandwidth"] ?? ""
            func name(_ pattern: String, number: Int, time: Int64) -> String {
                Self.expand(pattern, id: id, bandwidth: bandwidth, number: number, time: time)
            }
            if let initialization = template.attributes["initialization"] {
                rendition.initSegment = SegmentFilesByteSource.Piece(
                    path: try file(name(initialization, number: startNumber, time: 0), base: base).path, offset: 0,
                    length: nil)
            }
            guard let media = template.attributes["media"] else {
                throw .permanent("\(url.path): a SegmentTemplate without @media")
            }
            for (index, (time, ticks)) in try timeline(template, timescale: timescale, periodSeconds: periodSeconds)
                .enumerated()
            {
                let path = try file(name(media, number: startNumber + index, time: time), base: base).path
                rendition.segments.append(
                    Segment(
                        piece: SegmentFilesByteSource.Piece(path: path, offset: 0, length: nil),
                        start: 0, duration: Double(ticks) / timescale, bytes: nil))
            }
            Self.accumulateStarts(&rendition)
        }

        /// `SegmentList`: one `SegmentURL` per segment.
        private func segments(
            from list: Element, base: URL, periodSeconds: Double?, into rendition: inout Rendition
        ) throws(ReelError) {
            let timescale = list.attributes["timescale"].flatMap { Double($0) } ?? 1
            if let initialization = list.child("Initialization") {
                rendition.initSegment = try piece(
                    initialization.attributes["sourceURL"], range: initialization.attributes["range"], base: base)
            }
            let urls = list.all("SegmentURL")
            let times = try timeline(list, timescale: timescale, periodSeconds: periodSeconds, count: urls.count)
            for (segment, (_, ticks)) in zip(urls, times) {
                let piece = try piece(segment.attributes["media"], range: segment.attributes["mediaRange"], base: base)
                rendition.segments.append(
                    Segment(
                        piece: piece, start: 0, duration: Double(ticks) / timescale, bytes: piece.length.map { Int($0) }
                    ))
            }
            Self.accumulateStarts(&rendition)
        }

        /// `SegmentBase` (or nothing): the whole Representation is one file; its `sidx` says where
        /// the segments are.
        private func singleFile(
            _ segmentBase: Element?, base: URL, periodSeconds: Double?, into rendition: inout Rendition
        ) throws(ReelError) {
            let path = base.path
            guard FileManager.default.fileExists(atPath: path) else {
                throw .invalidInput(source: url.path, stream: nil, reason: "\(rendition.id): no file at \(path)")
            }
            let initialization = segmentBase?.child("Initialization")?.attributes["range"].flatMap(Self.range)
            let index = segmentBase?.attributes["indexRange"].flatMap(Self.range)
            if let index, let references = try SegmentIndex.read(path: path, at: index.offset) {
                if let initialization {
                    rendition.initSegment = SegmentFilesByteSource.Piece(
                        path: path, offset: initialization.offset, length: initialization.length)
                } else {
                    rendition.initSegment = SegmentFilesByteSource.Piece(path: path, offset: 0, length: index.offset)
                }
                var offset = references.firstOffset
                for reference in references.segments {
                    rendition.segments.append(
                        Segment(
                            piece: SegmentFilesByteSource.Piece(path: path, offset: offset, length: reference.size),
                            start: 0, duration: reference.seconds, bytes: Int(reference.size)))
                    offset += reference.size
                }
                Self.accumulateStarts(&rendition)
                return
            }
            // No index: the file is one segment.
            rendition.segments = [
                Segment(
                    piece: SegmentFilesByteSource.Piece(path: path, offset: 0, length: nil), start: 0,
                    duration: periodSeconds ?? 0, bytes: nil)
            ]
        }

        private func piece(_ reference: String?, range: String?, base: URL) throws(ReelError)
            -> SegmentFilesByteSource.Piece
        {
            let path = try reference.map { (text) throws(ReelError) in try file(text, base: base).path } ?? base.path
            let bytes = range.flatMap(Self.range)
            return SegmentFilesByteSource.Piece(path: path, offset: bytes?.offset ?? 0, length: bytes?.length)
        }

        /// Each segment's start time and duration in ticks, from `SegmentTimeline` or `@duration`.
        private func timeline(
            _ element: Element, timescale: Double, periodSeconds: Double?, count: Int? = nil
        ) throws(ReelError) -> [(Int64, Int64)] {
            var result: [(Int64, Int64)] = []
            if let timeline = element.child("SegmentTimeline") {
                var time: Int64 = 0
                let entries = timeline.all("S")
                for (index, entry) in entries.enumerated() {
                    if let t = entry.attributes["t"].flatMap({ Int64($0) }) { time = t }
                    guard let d = entry.attributes["d"].flatMap({ Int64($0) }), d > 0 else {
                        throw .permanent("\(url.path): a SegmentTimeline S without @d")
                    }
                    var repeats = entry.attributes["r"].flatMap { Int($0) } ?? 0
                    if repeats < 0 {
                        // Until the next S or the Period's end.
                        let next =
                            index + 1 < entries.count ? entries[index + 1].attributes["t"].flatMap { Int64($0) } : nil
                        let end = next ?? Int64(((periodSeconds ?? 0) * timescale).rounded())
                        repeats = max(0, Int((end - time + d - 1) / d) - 1)
                    }
                    for _ in 0...repeats {
                        result.append((time, d))
                        time += d
                    }
                }
                return result
            }
            guard let duration = element.attributes["duration"].flatMap({ Int64($0) }), duration > 0 else {
                throw .permanent("\(url.path): segments with neither a SegmentTimeline nor @duration")
            }
            let total = count ?? Int((((periodSeconds ?? 0) * timescale) / Double(duration)).rounded(.up))
            let end = periodSeconds.map { Int64(($0 * timescale).rounded()) }
            for index in 0..<total {
                let time = Int64(index) * duration
                let length = end.map { min(duration, $0 - time) } ?? duration
                result.append((time, max(length, 1)))
            }
            return result
        }

        private static func accumulateStarts(_ rendition: inout Rendition) {
            var start = 0.0
            for index in rendition.segments.indices {
                rendition.segments[index].start = start
                start += rendition.segments[index].duration
            }
        }

        /// A template with its identifiers replaced: `$RepresentationID$`, `$Number$`,
        /// `$Number%05d$`, `$Time$`, `$Bandwidth$`, `$$`.
        static func expand(_ pattern: String, id: String, bandwidth: String, number: Int, time: Int64) -> String {
            var result = ""
            var rest = Substring(pattern)
            while let open = rest.firstIndex(of: "$") {
                result += rest[..<open]
                let after = rest[rest.index(after: open)...]
                guard let close = after.firstIndex(of: "$") else {
                    result += rest[open...]
                    return result
                }
                let token = after[..<close]
                rest = after[after.index(after: close)...]
                if token.isEmpty {
                    result += "$"
                    continue
                }
                let name = token.prefix { $0 != "%" }
                let format = token.dropFirst(name.count)
                let value: String
                switch name {
                case "RepresentationID": value = id
                case "Bandwidth": value = bandwidth
                case "Number": value = String(number)
                case "Time": value = String(time)
                default: value = "$\(token)$"
                }
                if format.hasPrefix("%0"), format.hasSuffix("d"), let width = Int(format.dropFirst(2).dropLast()),
                    value.count < width
                {
                    result += String(repeating: "0", count: width - value.count) + value
                } else {
                    result += value
                }
            }
            return result + rest
        }

        /// An `xs:duration` such as `PT1M2.5S` in seconds.
        static func seconds(_ text: String) -> Double? {
            guard text.hasPrefix("P") else { return nil }
            var total = 0.0
            var number = ""
            var inTime = false
            for character in text.dropFirst() {
                switch character {
                case "T": inTime = true
                case "D": total += (Double(number) ?? 0) * 86400; number = ""
                case "H": total += (Double(number) ?? 0) * 3600; number = ""
                case "M" where inTime: total += (Double(number) ?? 0) * 60; number = ""
                case "S": total += Double(number) ?? 0; number = ""
                default: number.append(character)
                }
            }
            return total
        }

        /// A frame rate: `30`, `30000/1001`.
        static func rate(_ text: String) -> Double? {
            let parts = text.split(separator: "/").compactMap { Double($0) }
            if parts.count == 2, parts[1] > 0 { return parts[0] / parts[1] }
            return parts.count == 1 ? parts[0] : nil
        }

        /// `FIRST-LAST` (inclusive) as an offset and a length.
        static func range(_ text: String) -> (offset: Int64, length: Int64)? {
            let parts = text.split(separator: "-").compactMap { Int64($0) }
            guard parts.count == 2, parts[1] >= parts[0] else { return nil }
            return (parts[0], parts[1] - parts[0] + 1)
        }
    }
}
