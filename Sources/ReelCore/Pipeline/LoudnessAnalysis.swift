import ReelMedia

/// The passes that measure the source's programme loudness before anything is encoded, for the
/// audio renditions with a loudness target.
///
/// Each reads the source once more from its start, through the same reader as the run (a file,
/// or HTTP and S3 ranges, never buffered whole), hands the demuxer only the audio stream it
/// measures (the others are discarded unread where the container allows, and never decoded),
/// decodes it and feeds a `LoudnessMeter`, through a filter chain when it measures what a
/// correction makes of the audio. On the run's thread, before the chain's threads start; a
/// stopped run stops it.
enum LoudnessAnalysis {
    /// Measures the given audio streams in one pass.
    /// - Parameters:
    ///   - streams: The source's audio streams to measure, by index, each with the filter chain
    ///     its audio goes through first (empty: as it is).
    ///   - control: The run's stop state.
    ///   - open: Opens the source again.
    /// - Returns: Each stream's loudness; nil for a stream below the absolute gate (silence).
    static func measure(
        streams: [Int: String], control: PipelineControl, open: () throws -> Demuxer
    ) throws -> [Int: LoudnessMeasurement?] {
        guard !streams.isEmpty else { return [:] }
        let demuxer = try open()
        demuxer.discardAll(except: Set(streams.keys))
        var decoders: [Int: Decoder] = [:]
        var graphs: [Int: FilterGraph] = [:]
        var meters: [Int: LoudnessMeter] = [:]
        for (index, filters) in streams {
            let decoder = try Decoder(demuxer: demuxer, streamIndex: index, threads: 1)
            decoders[index] = decoder
            let graph = FilterGraph(description: filters, kind: .audio, timeBase: decoder.timeBase)
            graphs[index] = graph
            meters[index] = LoudnessMeter(timeBase: decoder.timeBase)
        }
        func feed(_ frames: [Frame], _ index: Int) throws {
            guard let graph = graphs[index], let meter = meters[index] else { return }
            for frame in frames { try graph.push(frame) }
            if frames.isEmpty { try graph.push(nil) }
            while let filtered = try graph.pull() { try meter.add(filtered) }
        }
        while let packet = try demuxer.read() {
            if control.isStopped { throw control.failure ?? ReelError.cancelled }
            guard let decoder = decoders[packet.streamIndex] else { continue }
            // A packet that does not decode is dropped here as the run drops it.
            let frames = (try? decoder.decode(packet)) ?? []
            if !frames.isEmpty { try feed(frames, packet.streamIndex) }
        }
        var results: [Int: LoudnessMeasurement?] = [:]
        for (index, decoder) in decoders {
            let frames = (try? decoder.decode(nil)) ?? []
            if !frames.isEmpty { try feed(frames, index) }
            try feed([], index)
            results[index] = try meters[index]?.finish()
        }
        return results
    }
}
