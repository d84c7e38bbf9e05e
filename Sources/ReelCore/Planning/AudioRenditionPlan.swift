import ReelMedia

/// One audio rendition to build: a ladder rendition applied to one source audio stream.
struct AudioRenditionPlan {
    let rendition: AudioRendition
    let stream: StreamInfo
    let id: String
    let language: String?
    let name: String
    let isDefault: Bool

    /// Applies the ladder's audio renditions to every audio stream: surround renditions only for
    /// streams with that many channels; ids and names that tell the streams apart.
    static func plan(_ renditions: [AudioRendition], streams: [StreamInfo]) -> [AudioRenditionPlan] {
        let defaultIndex = streams.first(where: \.isDefault)?.index ?? streams.first?.index
        var plans: [AudioRenditionPlan] = []
        var ids = UniqueIDs()
        let languages = streams.map { LanguageTag.primary($0.language) }
        for (position, stream) in streams.enumerated() {
            let language = languages[position]
            var name = LanguageTag.languageName(language)
            if streams.count > 1 && languages.filter({ $0 == language }).count > 1 {
                name += " \(position + 1)"
            }
            for rendition in renditions where rendition.channels <= max(stream.channels, 2) {
                var id = "a\(rendition.name)"
                if streams.count > 1 { id += "-\(language ?? "\(position + 1)")" }
                let unique = ids.claim(id)
                let surround =
                    rendition.channels > 2 ? " (\(rendition.channels == 6 ? "5.1" : "\(rendition.channels) ch"))" : ""
                plans.append(
                    AudioRenditionPlan(
                        rendition: rendition, stream: stream, id: unique, language: language, name: name + surround,
                        isDefault: stream.index == defaultIndex))
            }
        }
        return plans
    }
}
