/// Sorts audio renditions into HLS audio groups.
///
/// Renditions share a group when they have the same codecs and channel count (`audio-aac-2ch`). A group
/// that would hold one language at several bit rates is split by bit rate (`audio-aac-2ch-128k`), since
/// players choose within a group by language and name, never by bandwidth.
internal enum AudioGrouping {
    /// The audio groups of a package, in order of first appearance.
    /// - Parameter renditions: All renditions of the package; only `.audio` ones are used.
    /// - Returns: One group per (codecs, channels), or per bit rate within it where needed.
    internal static func groups(for renditions: [RenditionFacts]) -> [MediaGroup] {
        let audio = renditions.filter { $0.kind == .audio }
        var groups: [MediaGroup] = []
        var usedIDs = Set<String>()
        for base in partition(audio, by: { BaseKey(codecs: $0.codecs, channels: channels(of: $0)) }) {
            let tiers = needsBitrateSplit(base) ? partition(base, by: bitrateLabel) : [base]
            for tier in tiers {
                var id = baseLabel(of: tier[0])
                if tiers.count > 1 {
                    id += "-" + bitrateLabel(of: tier[0])
                }
                var uniqueID = id
                var counter = 2
                while usedIDs.contains(uniqueID) {
                    uniqueID = "\(id)-\(counter)"
                    counter += 1
                }
                usedIDs.insert(uniqueID)
                groups.append(
                    MediaGroup(type: "AUDIO", id: uniqueID, candidates: tier.map(member), requiresDefault: true))
            }
        }
        return groups
    }

    /// A readable codec name for group ids: `aac`, `heaac`, `ac3`, `ec3`, `opus`, …
    /// - Parameter codecs: An RFC 6381 codec string.
    /// - Returns: A short lowercase name made of letters, digits and `-`.
    internal static func codecLabel(_ codecs: String) -> String {
        switch codecs.lowercased() {
        case "mp4a.40.2": return "aac"
        case "mp4a.40.5": return "heaac"
        case "mp4a.40.29": return "heaacv2"
        case "mp4a.69", "mp4a.6b", "mp4a.40.34": return "mp3"
        case "ac-3": return "ac3"
        case "ec-3": return "ec3"
        case "ac-4": return "ac4"
        default:
            return String(codecs.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "-" })
        }
    }

    private struct BaseKey: Hashable {
        var codecs: String
        var channels: Int?
    }

    private static func channels(of rendition: RenditionFacts) -> Int? {
        guard let channels = rendition.audio?.channels, channels > 0 else { return nil }
        return channels
    }

    private static func baseLabel(of rendition: RenditionFacts) -> String {
        let label = "audio-" + codecLabel(rendition.codecs)
        guard let channels = channels(of: rendition) else { return label }
        return label + "-\(channels)ch"
    }

    /// `128k`: the nominal bit rate if known, else the measured average, in kbit/s.
    private static func bitrateLabel(of rendition: RenditionFacts) -> String {
        let bitrate = rendition.audio?.nominalBitrate ?? BitrateStats(rendition: rendition).average
        return "\((bitrate + 500) / 1000)k"
    }

    /// Whether some language occurs at more than one bit rate.
    private static func needsBitrateSplit(_ renditions: [RenditionFacts]) -> Bool {
        partition(renditions, by: { $0.audio?.language }).contains { sameLanguage in
            Set(sameLanguage.map(bitrateLabel)).count > 1
        }
    }

    private static func member(_ rendition: RenditionFacts) -> MediaGroup.Member {
        MediaGroup.Member(
            rendition: rendition, name: rendition.audio?.name ?? rendition.id, language: rendition.audio?.language,
            isDefault: rendition.audio?.isDefault ?? false, channels: channels(of: rendition),
            stats: BitrateStats(rendition: rendition))
    }

    /// Splits `items` by `key`, keeping the order of first appearance of each key and of items within one.
    private static func partition<Key: Hashable>(
        _ items: [RenditionFacts], by key: (RenditionFacts) -> Key
    ) -> [[RenditionFacts]] {
        var order: [Key] = []
        var buckets: [Key: [RenditionFacts]] = [:]
        for item in items {
            let itemKey = key(item)
            if buckets[itemKey] == nil {
                order.append(itemKey)
            }
            buckets[itemKey, default: []].append(item)
        }
        return order.map { buckets[$0] ?? [] }
    }
}
