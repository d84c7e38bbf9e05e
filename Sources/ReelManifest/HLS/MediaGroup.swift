/// A group of alternative renditions (`EXT-X-MEDIA` with one `GROUP-ID`).
internal struct MediaGroup {
    /// One rendition inside a group, with its name already made unique.
    internal struct Member {
        /// The rendition behind the member; nil for closed captions, which live in the video.
        internal var rendition: RenditionFacts?
        internal var name: String
        internal var language: String?
        internal var isDefault: Bool
        internal var channels: Int?
        internal var stats: BitrateStats
        internal var isForced = false
        internal var characteristics: String?
        /// `CC1` … for closed captions.
        internal var instreamID: String?
    }

    /// `AUDIO`, `SUBTITLES` or `CLOSED-CAPTIONS`.
    internal var type: String
    internal var id: String
    internal var members: [Member]

    /// Creates a group: names made unique within it, and DEFAULT=YES on the first rendition that asks for
    /// it, or on the first rendition when `requiresDefault` and none asks.
    /// - Parameters:
    ///   - type: `AUDIO`, `SUBTITLES` or `CLOSED-CAPTIONS`.
    ///   - id: The GROUP-ID.
    ///   - candidates: Members in order; their `isDefault` is a wish, their names may repeat.
    ///   - requiresDefault: Whether one member must be the default.
    internal init(type: String, id: String, candidates: [Member], requiresDefault: Bool) {
        self.type = type
        self.id = id
        var members = candidates
        var usedNames = Set<String>()
        for index in members.indices {
            let base = members[index].name
            var name = base
            var counter = 2
            while usedNames.contains(name) {
                name = "\(base) (\(counter))"
                counter += 1
            }
            usedNames.insert(name)
            members[index].name = name
        }
        let defaultIndex = members.firstIndex { $0.isDefault } ?? (requiresDefault ? members.indices.first : nil)
        for index in members.indices {
            members[index].isDefault = index == defaultIndex
        }
        self.members = members
    }

    /// The highest peak bit rate among the members.
    internal var peak: Int { members.map(\.stats.peak).max() ?? 0 }

    /// The highest average bit rate among the members.
    internal var average: Int { members.map(\.stats.average).max() ?? 0 }

    /// The members' distinct codec strings in order of appearance.
    internal var codecs: [String] {
        var seen: [String] = []
        for codecs in members.compactMap(\.rendition?.codecs) where !seen.contains(codecs) {
            seen.append(codecs)
        }
        return seen
    }

    /// One `#EXT-X-MEDIA` line per member.
    /// - Returns: The master playlist lines.
    internal func mediaLines() -> [String] {
        members.map { member in
            var attributes = ["TYPE=\(type)", "GROUP-ID=\(id.hlsQuoted)", "NAME=\(member.name.hlsQuoted)"]
            if let language = member.language {
                attributes.append("LANGUAGE=\(language.hlsQuoted)")
            }
            attributes.append("DEFAULT=\(member.isDefault ? "YES" : "NO")")
            attributes.append("AUTOSELECT=YES")
            if member.isForced {
                attributes.append("FORCED=YES")
            }
            if let instreamID = member.instreamID {
                attributes.append("INSTREAM-ID=\(instreamID.hlsQuoted)")
            }
            if let characteristics = member.characteristics {
                attributes.append("CHARACTERISTICS=\(characteristics.hlsQuoted)")
            }
            if let channels = member.channels {
                attributes.append("CHANNELS=\(String(channels).hlsQuoted)")
            }
            if let rendition = member.rendition {
                attributes.append("URI=\(MediaPlaylist(rendition: rendition).path.hlsQuoted)")
            }
            return "#EXT-X-MEDIA:" + attributes.joined(separator: ",")
        }
    }
}
