import ReelManifest

/// Writes a subtitle track as WebVTT in fragmented MP4 (ISO/IEC 14496-30, sample entry `wvtt`)
/// for DASH: an init segment and one `[moof mdat]` segment per reference segment, on the video's
/// presentation timeline and timescale (a text track needs no edit list: its media time is its
/// presentation time), so DASH players place cues exactly as the video.
///
/// Each segment's samples tile its time span: a sample per interval between cue starts and ends,
/// holding a `vttc` box per cue showing then (identifier, settings, payload), or an empty `vtte`
/// box when nothing shows.
struct WVTTWriter: Sendable {
    let timeline: SubtitleTimeline

    /// - Parameter timeline: The segment instants.
    init(timeline: SubtitleTimeline) {
        self.timeline = timeline
    }

    /// The init segment (`ftyp` + `moov` with one text track and `mvex`).
    /// - Parameter track: The track (its language and style sheets go into the header).
    /// - Returns: The bytes of `init.mp4`.
    func initSegment(for track: SubtitleTrack) -> [UInt8] {
        typealias B = MP4Box
        let ftyp = B.box("ftyp", Array("iso6".utf8), B.u32(0), Array("iso6".utf8), Array("dash".utf8))
        let mvhd = B.fullBox(
            "mvhd", B.u32(0), B.u32(0), B.u32(1000), B.u32(0), B.u32(0x10000), B.u16(0x100), B.zeros(10),
            B.unityMatrix, B.zeros(24), B.u32(2))
        let tkhd = B.fullBox(
            "tkhd", flags: 3, B.u32(0), B.u32(0), B.u32(1), B.u32(0), B.u32(0), B.zeros(8), B.u16(0), B.u16(0),
            B.u16(0), B.u16(0), B.unityMatrix, B.u32(0), B.u32(0))
        let language = Array(LanguageTag.iso639_2(track.language).utf8).map { UInt16($0) - 0x60 }
        let packed = language.count == 3 ? language[0] << 10 | language[1] << 5 | language[2] : 0x55C4
        let mdhd = B.fullBox(
            "mdhd", B.u32(0), B.u32(0), B.u32(UInt32(timeline.timescale)), B.u32(0), B.u16(packed), B.u16(0))
        let hdlr = B.fullBox("hdlr", B.u32(0), Array("text".utf8), B.zeros(12), Array("Subtitles".utf8) + [0])
        var header = "WEBVTT"
        for style in track.styles { header += "\n\nSTYLE\n" + style }
        let sampleEntry = B.box("wvtt", B.zeros(6), B.u16(1), B.box("vttC", Array(header.utf8)))
        let stbl = B.box(
            "stbl", B.fullBox("stsd", B.u32(1), sampleEntry), B.fullBox("stts", B.u32(0)),
            B.fullBox("stsc", B.u32(0)), B.fullBox("stsz", B.u32(0), B.u32(0)), B.fullBox("stco", B.u32(0)))
        let dinf = B.box("dinf", B.fullBox("dref", B.u32(1), B.fullBox("url ", flags: 1)))
        let minf = B.box("minf", B.fullBox("nmhd"), dinf, stbl)
        let trak = B.box("trak", tkhd, B.box("mdia", mdhd, hdlr, minf))
        let mvex = B.box("mvex", B.fullBox("trex", B.u32(1), B.u32(1), B.u32(0), B.u32(0), B.u32(0)))
        return ftyp + B.box("moov", mvhd, trak, mvex)
    }

    /// One media segment.
    /// - Parameters:
    ///   - index: The reference segment's index (0-based); the segment number is `index + 1`.
    ///   - track: The track.
    /// - Returns: The bytes of `seg_NNNNN.m4s`.
    func segment(_ index: Int, for track: SubtitleTrack) -> [UInt8] {
        let span = timeline.segments[index]
        let start = span.startTime
        let end = span.startTime + span.duration
        let cues = timeline.cues(track.cues, in: index).map { cue in
            (cue, max(start, timeline.ticks(milliseconds: cue.start)), min(end, timeline.ticks(milliseconds: cue.end)))
        }
        var instants = Set([start, end])
        for (_, from, to) in cues {
            instants.insert(from)
            instants.insert(to)
        }
        let sorted = instants.sorted()
        var samples: [(duration: Int64, data: [UInt8])] = []
        for (from, to) in zip(sorted, sorted.dropFirst()) where to > from {
            let showing = cues.filter { $0.1 < to && $0.2 > from }.map(\.0)
            let data = showing.isEmpty ? MP4Box.box("vtte") : showing.flatMap(Self.cueBox)
            samples.append((to - from, data))
        }
        return Self.fragment(number: index + 1, baseTime: start, samples: samples)
    }

    /// A `vttc` box: `iden`, `sttg` and `payl` as present.
    static func cueBox(_ cue: SubtitleCue) -> [UInt8] {
        var children: [UInt8] = []
        if let identifier = cue.identifier, !identifier.isEmpty {
            children += MP4Box.box("iden", Array(identifier.utf8))
        }
        if !cue.settings.isEmpty { children += MP4Box.box("sttg", Array(cue.settings.text.utf8)) }
        children += MP4Box.box("payl", Array(cue.text.utf8))
        return MP4Box.box("vttc", children)
    }

    /// `moof` (`mfhd`, `traf` with `tfhd` default-base-is-moof, `tfdt`, `trun`) and `mdat`.
    static func fragment(number: Int, baseTime: Int64, samples: [(duration: Int64, data: [UInt8])]) -> [UInt8] {
        typealias B = MP4Box
        func moof(dataOffset: Int) -> [UInt8] {
            let entries = samples.flatMap { B.u32(UInt32($0.duration)) + B.u32(UInt32($0.data.count)) }
            let trun = B.fullBox("trun", flags: 0x301, B.u32(UInt32(samples.count)), B.u32(UInt32(dataOffset)), entries)
            let traf = B.box(
                "traf", B.fullBox("tfhd", flags: 0x02_0000, B.u32(1)),
                B.fullBox("tfdt", version: 1, B.u64(UInt64(max(0, baseTime)))), trun)
            return B.box("moof", B.fullBox("mfhd", B.u32(UInt32(number))), traf)
        }
        let size = moof(dataOffset: 0).count
        return moof(dataOffset: size + 8) + B.box("mdat", samples.flatMap(\.data))
    }
}
