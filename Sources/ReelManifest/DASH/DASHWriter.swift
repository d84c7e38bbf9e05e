/// Writes a package's static DASH MPD (ISO/IEC 23009-1, DASH-IF IOP) from measured segment facts.
///
/// Only fMP4 renditions appear. All video goes into one AdaptationSet; audio gets one AdaptationSet per
/// (language, codecs, channels); each subtitle track (WebVTT in fMP4, `wvtt`) one text AdaptationSet
/// with its language and role; each image track (trick-play thumbnails) one DASH-IF image
/// AdaptationSet (IOP 4.3 §6.2.6), after the others.
///
/// Timing: segment times are presentation times (0 = the first picture; the init segments' edit lists
/// put the media there), so the Period starts where the first picture is shown and
/// `mediaPresentationDuration` is where the media ends (to the microsecond, rounded down). A rendition
/// whose media time differs from its presentation time says so with `presentationTimeOffset`.
///
/// Addressing: a `SegmentList` with the exact `SegmentTimeline` (one `S` per segment, see
/// `SegmentTimeline`) and one `SegmentURL` per segment (ISO BMFF main profile). Not a `SegmentTemplate`
/// with a `SegmentTimeline`: Shaka Player 4.5 loses the URL of a segment it is about to fetch when its
/// adaptation switches Representations at that moment (shaka-player#5760, fixed in 4.6), and then
/// stalls at the start of playback. Image sets are the exception: their sheets are addressed by a
/// `SegmentTemplate` with `$Number$` and one full sheet's `@duration`, as IOP 4.3 shows it, because
/// dash.js 5.1 makes no thumbnail track of a `SegmentList` image Representation (Shaka Player reads
/// both); a shorter last sheet is only cut off by the Period's end. `@minBufferTime` and
/// `@maxSegmentDuration` stay those of the media segments: players fetch thumbnails on demand.
public struct DASHWriter: Sendable {
    /// The ISO BMFF main profile: fMP4 segments addressed by a `SegmentList`.
    static let profile = "urn:mpeg:dash:profile:isoff-main:2011"
    /// The MPEG audio channel configuration scheme, whose value Reel writes as the channel count.
    static let mpegChannelScheme = "urn:mpeg:dash:23003:3:audio_channel_configuration:2011"

    /// Creates a writer.
    public init() {}

    /// The MPD of a package.
    /// - Parameter package: The measured facts of every rendition.
    /// - Returns: `manifest.mpd`.
    public func manifest(for package: PackageFacts) -> ManifestFile {
        let renditions = package.renditions.filter { $0.container == .fmp4 }
        let longest = renditions.map(\.longestSegmentMilliseconds).max() ?? 0
        let nominal = Int64((max(0, package.segmentDuration) * 1000).rounded(.up))
        // To the microsecond, never past the media: a frame ending after mediaPresentationDuration is cut off
        // by players, and dash.js waits forever for media up to a duration that lies beyond it.
        let duration = Int64((max(0, package.duration) * 1_000_000 + 1e-4).rounded(.down))
        let protected = renditions.contains { $0.protection?.isSampleEncrypted == true }
        let namespaces: [(name: String, value: String)] =
            protected ? [("xmlns:cenc", "urn:mpeg:cenc:2013"), ("xmlns:dashif", "https://dashif.org/CPS")] : []
        let mpd = XMLNode(
            "MPD",
            [("xmlns", "urn:mpeg:dash:schema:mpd:2011")] + namespaces + [
                ("profiles", Self.profile),
                ("type", "static"),
                ("mediaPresentationDuration", FixedPoint.isoDuration(microseconds: duration)),
                ("minBufferTime", FixedPoint.isoDuration(milliseconds: max(longest, nominal))),
                ("maxSegmentDuration", FixedPoint.isoDuration(milliseconds: longest)),
            ],
            children: periods(renditions, package: package))
        let text = (["<?xml version=\"1.0\" encoding=\"UTF-8\"?>"] + mpd.lines()).joined(separator: "\n") + "\n"
        return ManifestFile(path: PackageLayout.mpd, text: text)
    }

    // MARK: Periods

    /// One Period, or with cue points one from zero to the first cue and one from each cue on
    /// (DASH-IF IOP 4.3 §4.3.3, multi-Period content): every Period has the same AdaptationSets
    /// and Representations, each with the segments that start inside it, numbered on
    /// (`startNumber`), its `presentationTimeOffset` the Period's start on the media timeline,
    /// and from the second on the period-continuity descriptor naming the Period before, so
    /// players keep their decoders and buffers across the boundary. A Period that starts at a cue
    /// carries the break's SCTE-35 signal (`spliceEvent`). Image sets are listed in the first
    /// Period only.
    private func periods(_ renditions: [RenditionFacts], package: PackageFacts) -> [XMLNode] {
        let cues = package.cuePoints.filter { $0.time > 0 && $0.time < package.duration }
        guard !cues.isEmpty else {
            return [
                XMLNode(
                    "Period", [("id", "0"), ("start", "PT0S")],
                    children: adaptationSets(renditions, images: package.listedImages))
            ]
        }
        // Where each rendition's segments of each Period begin: at the segment nearest each cue.
        let bounds = renditions.map { rendition -> [Int] in
            let starts = rendition.segmentStartSeconds
            var indices = [0]
            for cue in cues {
                indices.append(max(indices[indices.count - 1], cue.segmentIndex(starts: starts) ?? starts.count))
            }
            return indices + [starts.count]
        }
        let starts = [0.0] + cues.map(\.time)
        return starts.enumerated().map { period, start in
            let sliced = zip(renditions, bounds).map { rendition, bound in
                var slice = rendition
                slice.segments = Array(rendition.segments[bound[period]..<bound[period + 1]])
                slice.presentationTimeOffset += Int64((start * Double(rendition.timescale)).rounded())
                return slice
            }
            let microseconds = Int64((start * 1_000_000).rounded())
            let events = period == 0 ? [] : [Self.spliceEvent(cues[period - 1])]
            return XMLNode(
                "Period", [("id", String(period)), ("start", FixedPoint.isoDuration(microseconds: microseconds))],
                children: events
                    + adaptationSets(
                        sliced, images: period == 0 ? package.listedImages : [],
                        continuing: period == 0 ? nil : String(period - 1)))
        }
    }

    /// The break a Period starts with, as ad-insertion services read it in DASH (SCTE 214-1): an
    /// `EventStream` of scheme `urn:scte:scte35:2014:xml+bin` with one `Event` at the Period's
    /// start carrying, in base64, the splice insert HLS's `SCTE35-OUT` carries in hex. The Event's `duration="0"` says the break is an instant where ads are
    /// inserted: services that fill a break without a duration (AWS MediaTailor) would otherwise
    /// replace the programme up to the end of the Period.
    private static func spliceEvent(_ cue: CuePoint) -> XMLNode {
        let signal = XMLNode(
            "Signal", [("xmlns", "http://www.scte.org/schemas/35/2016")],
            children: [XMLNode("Binary", text: Base64.encode(cue.spliceInsert.section()))])
        return XMLNode(
            "EventStream", [("schemeIdUri", "urn:scte:scte35:2014:xml+bin"), ("timescale", "90000")],
            children: [
                XMLNode(
                    "Event", [("presentationTime", "0"), ("duration", "0"), ("id", String(cue.number))],
                    children: [signal])
            ])
    }

    // MARK: Adaptation sets

    /// - Parameter continuing: The id of the Period these sets continue, if any.
    private func adaptationSets(
        _ renditions: [RenditionFacts], images: [ImageTrackFacts], continuing: String? = nil
    ) -> [XMLNode] {
        var sets: [XMLNode] = []
        for videos in videoPartition(renditions.filter { $0.kind == .video }) {
            sets.append(videoSet(videos, id: sets.count, continuing: continuing))
        }
        let audioSets = audioPartition(renditions.filter { $0.kind == .audio })
        let mainIndex = audioSets.firstIndex { set in set.contains { $0.audio?.isDefault == true } } ?? 0
        for (index, audios) in audioSets.enumerated() {
            sets.append(audioSet(audios, id: sets.count, isMain: index == mainIndex, continuing: continuing))
        }
        for text in renditions where text.kind == .subtitles {
            sets.append(textSet(text, id: sets.count, continuing: continuing))
        }
        for image in images {
            sets.append(imageSet(image, id: sets.count))
        }
        return sets
    }

    /// A DASH-IF image AdaptationSet: JPEG sheets of tiles (`image/jpeg`, codecs `jpeg`), the grid in
    /// the `http://dashif.org/thumbnail_tile` descriptor, width and height of a whole sheet, and the
    /// sheets by `SegmentTemplate` (`{id}/sprite_$Number$.jpg`, one full sheet's duration, from the
    /// first sheet's number to the last's).
    private func imageSet(_ image: ImageTrackFacts, id: Int) -> XMLNode {
        let attributes: [(name: String, value: String)] = [
            ("id", String(id)), ("contentType", "image"), ("mimeType", "image/jpeg"),
        ]
        var template: [(name: String, value: String)] = [
            ("media", PackageLayout.path(image.id, PackageLayout.sheetTemplate)),
            ("timescale", String(image.timescale)),
            ("duration", String(image.sheetDuration)),
        ]
        if let first = image.sheets.first, let last = image.sheets.last {
            template += [("startNumber", String(first.number)), ("endNumber", String(last.number))]
        }
        let representation = XMLNode(
            "Representation",
            [
                ("id", image.id), ("bandwidth", String(image.peakBitrate)), ("codecs", "jpeg"),
                ("width", String(image.sheetWidth)), ("height", String(image.sheetHeight)),
            ],
            children: [
                XMLNode(
                    "EssentialProperty", [("schemeIdUri", "http://dashif.org/thumbnail_tile"), ("value", image.layout)]),
                XMLNode("SegmentTemplate", template),
            ])
        return XMLNode("AdaptationSet", attributes, children: [representation])
    }

    /// The period-continuity descriptor (DASH-IF IOP 4.3 §4.3.3.3.2) of a set continuing the
    /// Period `previous`, if any.
    private static func continuity(_ previous: String?) -> [XMLNode] {
        guard let previous else { return [] }
        return [
            XMLNode(
                "SupplementalProperty", [("schemeIdUri", "urn:mpeg:dash:period-continuity:2015"), ("value", previous)])
        ]
    }

    /// A text AdaptationSet: WebVTT in fMP4 (`application/mp4`, codecs `wvtt`), with the track's
    /// language and its role (`subtitle`, `caption` for SDH, `forced-subtitle`).
    private func textSet(_ text: RenditionFacts, id: Int, continuing: String?) -> XMLNode {
        let attributes = commonSetAttributes(
            id: id, contentType: "text", mimeType: "application/mp4", language: text.subtitles?.language)
        let role = XMLNode(
            "Role", [("schemeIdUri", "urn:mpeg:dash:role:2011"), ("value", text.subtitles?.dashRole ?? "subtitle")])
        let representation = XMLNode(
            "Representation", representationAttributes(text), children: [segmentAddressing(text)])
        return XMLNode("AdaptationSet", attributes, children: Self.continuity(continuing) + [role, representation])
    }

    private func videoSet(_ videos: [RenditionFacts], id: Int, continuing: String?) -> XMLNode {
        var attributes = commonSetAttributes(
            id: id, contentType: "video", mimeType: "video/mp4", language: nil,
            startWithSAP: videos.allSatisfy(\.segmentsAreIndependent) ? 1 : 3)
        let facts = videos.compactMap(\.video)
        if let largest = facts.max(by: { $0.width * $0.height < $1.width * $1.height }),
            let fastest = facts.map(\.frameRate).max(by: { $0.value < $1.value })
        {
            attributes += [
                ("maxWidth", String(facts.map(\.width).max() ?? 0)),
                ("maxHeight", String(facts.map(\.height).max() ?? 0)),
                ("maxFrameRate", Self.frameRateText(fastest)),
                ("par", Self.displayAspectRatio(largest)),
            ]
        }
        var children: [XMLNode] = []
        let captions = videos.map { $0.video?.closedCaptions }
        if let first = captions.first, let service = first, captions.allSatisfy({ $0 == service }) {
            // SCTE 214-1: CEA-608 channels carried in the video, e.g. `CC1=eng`.
            let language = Self.iso639_2(service.language)
            children.append(
                XMLNode(
                    "Accessibility",
                    [("schemeIdUri", "urn:scte:dash:cc:cea-608:2015"), ("value", "\(service.instreamID)=\(language)")]))
        }
        return XMLNode(
            "AdaptationSet", attributes,
            children: Self.setProtection(videos) + Self.continuity(continuing) + children
                + videos.map { videoRepresentation($0, in: videos) })
    }

    private func audioSet(_ audios: [RenditionFacts], id: Int, isMain: Bool, continuing: String?) -> XMLNode {
        let attributes = commonSetAttributes(
            id: id, contentType: "audio", mimeType: "audio/mp4", language: audios.first?.audio?.language)
        var children = Self.setProtection(audios) + Self.continuity(continuing)
        if isMain {
            children.append(XMLNode("Role", [("schemeIdUri", "urn:mpeg:dash:role:2011"), ("value", "main")]))
        }
        children += audios.map { audioRepresentation($0, in: audios) }
        return XMLNode("AdaptationSet", attributes, children: children)
    }

    /// - Parameter startWithSAP: 1 when every segment starts with a closed GOP's keyframe, 3 when
    ///   some start with an open GOP's (whose leading pictures a player starting there skips).
    private func commonSetAttributes(
        id: Int, contentType: String, mimeType: String, language: String?, startWithSAP: Int = 1
    ) -> [(name: String, value: String)] {
        var attributes: [(name: String, value: String)] = [
            ("id", String(id)), ("contentType", contentType), ("mimeType", mimeType),
        ]
        if let language {
            attributes.append(("lang", language))
        }
        attributes += [("segmentAlignment", "true"), ("startWithSAP", String(startWithSAP))]
        return attributes
    }

    /// Video renditions split by codec (H.264, HEVC, …), in order of first appearance: a player
    /// switches within an AdaptationSet, so each holds only what one decoder plays (package-only
    /// inputs may mix codecs).
    private func videoPartition(_ videos: [RenditionFacts]) -> [[RenditionFacts]] {
        Self.partition(videos) { rendition in
            switch rendition.codecs.prefix(4) {
            case "avc1", "avc3": ["avc"]
            case "hvc1", "hev1": ["hevc"]
            case "dvh1", "dvhe": ["dolby-vision"]
            default: [String(rendition.codecs.prefix(4))]
            }
        }
    }

    /// Audio renditions split by (language, codecs, channels), in order of first appearance.
    private func audioPartition(_ audios: [RenditionFacts]) -> [[RenditionFacts]] {
        Self.partition(audios) { rendition in
            [rendition.audio?.language ?? "", rendition.codecs, String(rendition.audio?.channels ?? 0)]
        }
    }

    /// Renditions grouped by `key`, groups in order of first appearance, renditions in input order.
    private static func partition(
        _ renditions: [RenditionFacts], by key: (RenditionFacts) -> [String]
    ) -> [[RenditionFacts]] {
        var keys: [[String]] = []
        var sets: [[RenditionFacts]] = []
        for rendition in renditions {
            let setKey = key(rendition)
            if let index = keys.firstIndex(of: setKey) {
                sets[index].append(rendition)
            } else {
                keys.append(setKey)
                sets.append([rendition])
            }
        }
        return sets
    }

    // MARK: Content protection

    /// Whether every Representation of a set is protected alike, so the set states it once.
    private static func sharesProtection(_ set: [RenditionFacts]) -> Bool {
        set.allSatisfy { $0.protection == set.first?.protection }
    }

    /// The set's `ContentProtection` elements when its Representations share them.
    private static func setProtection(_ set: [RenditionFacts]) -> [XMLNode] {
        sharesProtection(set) ? contentProtection(set.first?.protection) : []
    }

    /// `ContentProtection` for CENC-protected segments (DASH-IF IOP 7.7): the scheme with
    /// `cenc:default_KID`, then one element per DRM system with its `cenc:pssh` and license URL.
    static func contentProtection(_ protection: ProtectionFacts?) -> [XMLNode] {
        guard let protection, protection.isSampleEncrypted else { return [] }
        var nodes = [
            XMLNode(
                "ContentProtection",
                [
                    ("schemeIdUri", "urn:mpeg:dash:mp4protection:2011"), ("value", protection.method.rawValue),
                    ("cenc:default_KID", protection.keyIDText),
                ])
        ]
        // Systems with nothing DASH can say (FairPlay, HLS identity keys) are HLS-only. With DASH-IF
        // ClearKey signalled, the W3C Common element is left out: dash.js 5 takes it first and hands
        // its pssh to the CDM as key ids, which fails (its box is in the init segment anyway).
        let hasDASHIFClearKey = protection.systems.contains { $0.systemID == DRMSignal.dashIFClearKey }
        for system in protection.systems
        where system.pssh != nil || system.licenseURL != nil || system.dashValue != nil {
            if hasDASHIFClearKey && system.systemID == DRMSignal.commonPSSH { continue }
            var attributes = [("schemeIdUri", "urn:uuid:\(system.systemID)")]
            if let value = system.dashValue { attributes.append(("value", value)) }
            var children: [XMLNode] = []
            if let pssh = system.pssh { children.append(XMLNode("cenc:pssh", text: Base64.encode(pssh))) }
            if let url = system.licenseURL {
                children.append(XMLNode("dashif:Laurl", [("licenseType", "EME-1.0")], text: url))
            }
            nodes.append(XMLNode("ContentProtection", attributes, children: children))
        }
        return nodes
    }

    // MARK: Representations

    private func videoRepresentation(_ video: RenditionFacts, in set: [RenditionFacts]) -> XMLNode {
        var attributes = representationAttributes(video)
        if let facts = video.video {
            attributes += [
                ("width", String(facts.width)),
                ("height", String(facts.height)),
                ("frameRate", Self.frameRateText(facts.frameRate)),
                ("sar", facts.sampleAspectRatio),
            ]
        }
        let protection = Self.sharesProtection(set) ? [] : Self.contentProtection(video.protection)
        return XMLNode("Representation", attributes, children: protection + [segmentAddressing(video)])
    }

    private func audioRepresentation(_ audio: RenditionFacts, in set: [RenditionFacts]) -> XMLNode {
        var attributes = representationAttributes(audio)
        var children: [XMLNode] = []
        if let facts = audio.audio {
            attributes.append(("audioSamplingRate", String(facts.sampleRate)))
            // Dolby's own scheme for AC-3 and E-AC-3 (DASH-IF IOP), naming the speakers.
            let dolby = ["ac-3", "ec-3"].contains(audio.codecs) ? facts.channelMask.flatMap(DolbyChannels.value) : nil
            children.append(
                XMLNode(
                    "AudioChannelConfiguration",
                    [
                        ("schemeIdUri", dolby == nil ? Self.mpegChannelScheme : DolbyChannels.scheme),
                        ("value", dolby ?? String(facts.channels)),
                    ]))
        }
        // The schema's order: AudioChannelConfiguration, ContentProtection, then the segments.
        if !Self.sharesProtection(set) { children += Self.contentProtection(audio.protection) }
        children.append(segmentAddressing(audio))
        return XMLNode("Representation", attributes, children: children)
    }

    private func representationAttributes(_ rendition: RenditionFacts) -> [(name: String, value: String)] {
        [
            ("id", rendition.id),
            ("bandwidth", String(BitrateStats(rendition: rendition).maxSegment)),
            ("codecs", rendition.codecs),
        ]
    }

    // MARK: Segment addressing

    /// A `SegmentList`: the init segment, the `SegmentTimeline` and one `SegmentURL` per segment.
    private func segmentAddressing(_ rendition: RenditionFacts) -> XMLNode {
        let directory = rendition.id + "/"
        var attributes: [(name: String, value: String)] = [("timescale", String(rendition.timescale))]
        if rendition.presentationTimeOffset != 0 {
            attributes.append(("presentationTimeOffset", String(rendition.presentationTimeOffset)))
        }
        if let first = rendition.segments.first, first.number != 1 {
            // A later Period's segments number on from the Period before.
            attributes.append(("startNumber", String(first.number)))
        }
        var children: [XMLNode] = []
        if let initFileName = rendition.initFileName {
            children.append(XMLNode("Initialization", [("sourceURL", directory + initFileName)]))
        }
        children.append(SegmentTimeline(segments: rendition.segments).node)
        children += rendition.segments.map { XMLNode("SegmentURL", [("media", directory + $0.fileName)]) }
        return XMLNode("SegmentList", attributes, children: children)
    }

    // MARK: Formatting

    /// ISO 639-2 for SCTE 214 caption descriptors (`en` → `eng`), `und` when unknown.
    private static func iso639_2(_ language: String?) -> String {
        guard let primary = language?.split(separator: "-").first.map({ $0.lowercased() }) else { return "und" }
        if primary.count == 3 { return primary }
        return iso639_1to2[primary] ?? "und"
    }

    /// ISO 639-1 → 639-2/T for the common caption languages.
    private static let iso639_1to2 = [
        "ar": "ara", "de": "deu", "en": "eng", "es": "spa", "fr": "fra", "hi": "hin", "it": "ita", "ja": "jpn",
        "ko": "kor", "nl": "nld", "pl": "pol", "pt": "por", "ru": "rus", "sv": "swe", "tr": "tur", "uk": "ukr",
        "vi": "vie", "zh": "zho",
    ]

    /// `30000/1001`, or `30` when the reduced denominator is 1.
    private static func frameRateText(_ rate: Rational) -> String {
        let divisor = max(1, gcd(rate.numerator, rate.denominator))
        let numerator = rate.numerator / divisor
        let denominator = rate.denominator / divisor
        return denominator == 1 ? String(numerator) : "\(numerator)/\(denominator)"
    }

    /// The reduced display aspect ratio, e.g. `16:9`, honouring the sample aspect ratio.
    private static func displayAspectRatio(_ video: VideoFacts) -> String {
        let sar = video.sampleAspectRatio.split(separator: ":").compactMap { Int($0) }
        let (sarWidth, sarHeight) = sar.count == 2 && sar[0] > 0 && sar[1] > 0 ? (sar[0], sar[1]) : (1, 1)
        let width = video.width * sarWidth
        let height = video.height * sarHeight
        let divisor = max(1, gcd(width, height))
        return "\(width / divisor):\(height / divisor)"
    }

    private static func gcd(_ first: Int, _ second: Int) -> Int {
        var (a, b) = (abs(first), abs(second))
        while b != 0 {
            (a, b) = (b, a % b)
        }
        return a
    }
}
