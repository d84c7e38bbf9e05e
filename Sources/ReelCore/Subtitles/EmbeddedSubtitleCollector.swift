import ReelMedia

/// Collects the events of one text subtitle stream of the source while the reader goes through
/// it. Subtitle packets are tiny and decoded on the reader's thread: no queue, no thread of
/// their own, and a packet that fails to decode is counted, never fatal.
final class EmbeddedSubtitleCollector {
    let entry: SubtitlePlan.Entry
    let decoder: SubtitleDecoder
    private(set) var events: [SubtitleEvent] = []
    private(set) var failures = 0

    /// - Parameters:
    ///   - entry: The planned track.
    ///   - decoder: A decoder for its stream.
    init(entry: SubtitlePlan.Entry, decoder: SubtitleDecoder) {
        self.entry = entry
        self.decoder = decoder
    }

    var streamIndex: Int { decoder.stream.index }

    /// Decodes one packet of the stream.
    func consume(_ packet: Packet) {
        do {
            events += try decoder.decode(packet)
        } catch {
            failures += 1
        }
    }
}
