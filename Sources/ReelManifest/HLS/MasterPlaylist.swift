/// The HLS master (multivariant) playlist of a package.
internal struct MasterPlaylist {
    internal let package: PackageFacts

    /// The group id of the subtitle renditions.
    internal static let subtitleGroupID = "subs"
    /// The group id of the closed captions inside the video.
    internal static let captionGroupID = "cc"

    /// The master playlist text: renditions, then variants by ascending BANDWIDTH, then I-frame variants,
    /// then image (thumbnail) streams.
    /// - Returns: The complete `master.m3u8`.
    internal func text() -> String {
        let videos = package.renditions.filter { $0.kind == .video }
        let audioGroups = videos.isEmpty ? [] : AudioGrouping.groups(for: package.renditions)
        let subtitles = subtitleGroup()
        let captions = captionGroup(videos)
        var lines = ["#EXTM3U", "#EXT-X-VERSION:7", "#EXT-X-INDEPENDENT-SEGMENTS"]
        lines += sessionKeys.map { "#EXT-X-SESSION-KEY:" + $0 }
        lines += audioGroups.flatMap { $0.mediaLines() }
        lines += subtitles?.mediaLines() ?? []
        lines += captions?.mediaLines() ?? []
        let variants =
            videos.isEmpty
            ? audioOnlyVariants(subtitles: subtitles)
            : videoVariants(videos, audioGroups: audioGroups, subtitles: subtitles, hasCaptions: captions != nil)
        for variant in sorted(variants) {
            lines.append("#EXT-X-STREAM-INF:" + variant.attributes.joined(separator: ","))
            lines.append(variant.uri)
        }
        for variant in sorted(iFrameVariants(videos)) {
            lines.append("#EXT-X-I-FRAME-STREAM-INF:" + variant.attributes.joined(separator: ","))
        }
        lines += package.listedImages.map { ImagePlaylist(track: $0).streamLine }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Each distinct `SAMPLE-AES` key of the media playlists, so players can fetch licenses early.
    private var sessionKeys: [String] {
        var seen = Set<String>()
        return package.renditions.compactMap(\.protection).filter(\.isSampleEncrypted)
            .flatMap(\.hlsKeyAttributes).filter { seen.insert($0).inserted }
    }

    private struct Variant {
        var bandwidth: Int
        var attributes: [String]
        var uri: String
    }

    private var showsVideoRange: Bool {
        package.renditions.contains { $0.kind == .video && ($0.video?.range ?? .sdr) != .sdr }
    }

    /// Orders by BANDWIDTH; equal bandwidths keep their order.
    private func sorted(_ variants: [Variant]) -> [Variant] {
        variants.enumerated()
            .sorted { ($0.element.bandwidth, $0.offset) < ($1.element.bandwidth, $1.offset) }
            .map(\.element)
    }

    /// One SUBTITLES group with every segmented-WebVTT subtitle rendition.
    private func subtitleGroup() -> MediaGroup? {
        let subtitles = package.renditions.filter { $0.kind == .subtitles && $0.container == .webvtt }
        let members = subtitles.map { rendition in
            MediaGroup.Member(
                rendition: rendition, name: rendition.subtitles?.name ?? rendition.id,
                language: rendition.subtitles?.language, isDefault: rendition.subtitles?.isDefault ?? false,
                channels: nil, stats: BitrateStats(rendition: rendition),
                isForced: rendition.subtitles?.isForced ?? false,
                characteristics: rendition.subtitles?.isSDH == true ? SubtitleFacts.sdhCharacteristics : nil)
        }
        guard !members.isEmpty else { return nil }
        return MediaGroup(type: "SUBTITLES", id: Self.subtitleGroupID, candidates: members, requiresDefault: false)
    }

    /// One CLOSED-CAPTIONS group with the caption channels found in the video renditions.
    private func captionGroup(_ videos: [RenditionFacts]) -> MediaGroup? {
        var services: [ClosedCaptionFacts] = []
        for captions in videos.compactMap(\.video?.closedCaptions) where !services.contains(captions) {
            services.append(captions)
        }
        let members = services.map { service in
            MediaGroup.Member(
                rendition: nil, name: service.name, language: service.language, isDefault: false, channels: nil,
                stats: BitrateStats(peak: 0, average: 0, maxSegment: 0), instreamID: service.instreamID)
        }
        guard !members.isEmpty else { return nil }
        return MediaGroup(type: "CLOSED-CAPTIONS", id: Self.captionGroupID, candidates: members, requiresDefault: false)
    }

    /// The `SUBTITLES` and `CLOSED-CAPTIONS` attributes of a variant. RFC 8216 allows
    /// `CLOSED-CAPTIONS=NONE` only when no variant has captions, so with captions in some
    /// renditions the others leave the attribute out.
    private func textAttributes(subtitles: MediaGroup?, captions: ClosedCaptionFacts?, anyCaptions: Bool) -> [String] {
        var attributes: [String] = []
        if subtitles != nil {
            attributes.append("SUBTITLES=\(Self.subtitleGroupID.hlsQuoted)")
        }
        if captions != nil {
            attributes.append("CLOSED-CAPTIONS=\(Self.captionGroupID.hlsQuoted)")
        } else if !anyCaptions {
            attributes.append("CLOSED-CAPTIONS=NONE")
        }
        return attributes
    }

    /// One variant per video rendition and audio group (or per video rendition without audio).
    /// BANDWIDTH and AVERAGE-BANDWIDTH add the largest subtitle rendition's rates: a player may
    /// load it alongside.
    private func videoVariants(
        _ videos: [RenditionFacts], audioGroups: [MediaGroup], subtitles: MediaGroup?, hasCaptions: Bool
    ) -> [Variant] {
        videos.flatMap { video -> [Variant] in
            let stats = BitrateStats(rendition: video)
            let groups: [MediaGroup?] = audioGroups.isEmpty ? [nil] : audioGroups
            return groups.map { group in
                let bandwidth = stats.peak + (group?.peak ?? 0) + (subtitles?.peak ?? 0)
                let codecs = [video.codecs] + (group?.codecs ?? [])
                var attributes = [
                    "BANDWIDTH=\(bandwidth)",
                    "AVERAGE-BANDWIDTH=\(stats.average + (group?.average ?? 0) + (subtitles?.average ?? 0))",
                    "CODECS=\(codecs.joined(separator: ",").hlsQuoted)",
                ]
                attributes += videoAttributes(video)
                if let group {
                    attributes.append("AUDIO=\(group.id.hlsQuoted)")
                }
                attributes += textAttributes(
                    subtitles: subtitles, captions: video.video?.closedCaptions, anyCaptions: hasCaptions)
                return Variant(bandwidth: bandwidth, attributes: attributes, uri: MediaPlaylist(rendition: video).path)
            }
        }
    }

    /// Audio-only packages: every audio rendition is a variant of its own, without an AUDIO group.
    private func audioOnlyVariants(subtitles: MediaGroup?) -> [Variant] {
        package.renditions.filter { $0.kind == .audio }.map { audio in
            let stats = BitrateStats(rendition: audio)
            let bandwidth = stats.peak + (subtitles?.peak ?? 0)
            var attributes = [
                "BANDWIDTH=\(bandwidth)",
                "AVERAGE-BANDWIDTH=\(stats.average + (subtitles?.average ?? 0))",
                "CODECS=\(audio.codecs.hlsQuoted)",
            ]
            if subtitles != nil {
                attributes.append("SUBTITLES=\(Self.subtitleGroupID.hlsQuoted)")
            }
            return Variant(bandwidth: bandwidth, attributes: attributes, uri: MediaPlaylist(rendition: audio).path)
        }
    }

    private func iFrameVariants(_ videos: [RenditionFacts]) -> [Variant] {
        videos.map { MediaPlaylist(rendition: $0) }.filter(\.hasIFrames).map { playlist in
            let bandwidth = playlist.iFrameBandwidth
            var attributes = ["BANDWIDTH=\(bandwidth)", "CODECS=\(playlist.rendition.codecs.hlsQuoted)"]
            if let resolution = playlist.rendition.video.map({ "\($0.width)x\($0.height)" }) {
                attributes.append("RESOLUTION=\(resolution)")
            }
            if showsVideoRange {
                attributes.append("VIDEO-RANGE=\((playlist.rendition.video?.range ?? .sdr).rawValue)")
            }
            attributes.append("URI=\(playlist.iFramePath.hlsQuoted)")
            return Variant(bandwidth: bandwidth, attributes: attributes, uri: playlist.iFramePath)
        }
    }

    /// RESOLUTION, FRAME-RATE (3 decimals) and, when any video is not SDR, VIDEO-RANGE.
    private func videoAttributes(_ video: RenditionFacts) -> [String] {
        var attributes: [String] = []
        if let facts = video.video {
            attributes.append("RESOLUTION=\(facts.width)x\(facts.height)")
            let rate = FixedPoint.rounded(
                Int64(facts.frameRate.numerator), over: Int64(facts.frameRate.denominator), decimals: 3)
            attributes.append("FRAME-RATE=\(FixedPoint.text(rate, decimals: 3))")
        }
        if showsVideoRange {
            attributes.append("VIDEO-RANGE=\((video.video?.range ?? .sdr).rawValue)")
        }
        return attributes
    }
}
