import Foundation
import ReelManifest
import ReelMedia
import ReelOutput

extension Packager {
    /// A package-only run: every video and audio stream of the inputs copied as it is (no
    /// decode, no encode), cut at the keyframes the video renditions share.
    ///
    /// ```
    /// CopyReader ─▶ KeyframeAligner ─▶ ThreadHandoff ─▶ SegmentMuxing ─▶ SegmentWriter (one per rendition)
    ///                                                   ─▶ FileWriteQueue ─▶ listeners
    /// ```
    /// One thread reads each input once, in step (hashing on a thread of its own); the aligner holds
    /// about one segment per rendition and hands each segment to the muxing thread; a third thread
    /// writes the files, so reading never waits for muxing or for the disk.
    func packageAsIs(started: Date, options: MediaSourceOptions) throws -> PackageSummary {
        var demuxers: [Demuxer] = []
        var hashers: [(ContentHasher, String)] = []
        for input in request.inputs {
            let (demuxer, hasher) = try MediaSource(uri: input.source).openDemuxer(options: options) {
                [control] in control.isStopped
            }
            demuxers.append(demuxer)
            hashers.append((hasher, input.source))
        }
        let plan = try CopyPlan(inputs: Array(zip(request.inputs, demuxers)))
        let protection = try protection(options: options)
        let duration = demuxers.compactMap(\.duration).max() ?? 0
        try request.validateCuePoints(duration: duration)
        let reporter = ProgressReporter(duration: duration, renditions: plan.renditionIDs) { [continuation] in
            continuation.yield($0)
        }
        let subtitlePlan = try SubtitlePlan(
            inputs: request.subtitles, source: request.source, demuxer: nil, options: options)
        for warning in plan.warnings + subtitlePlan.warnings { reporter.warn(warning) }
        if request.ladder.audio.contains(where: { $0.loudness != nil }) {
            reporter.warn(
                "loudness: package-only inputs are copied as they are; the ladder's loudness targets do not apply")
        }

        let facts = PackageFactsCollector()
        let listener = SegmentListeners([facts, reporter])
        // Files are copied into the output and flushed on a thread of their own while reading goes on.
        let files = FileWriteQueue(output: output, control: control, source: request.source)
        defer { files.stop() }
        let writers = try plan.renditions.map { rendition in
            try SegmentWriter(
                rendition: Self.facts(of: rendition), codec: rendition.codec, containers: request.containers,
                timescale: Self.timescale(of: rendition.stream),
                language: rendition.language.map { LanguageTag.iso639_2($0) } ?? rendition.stream.language,
                contentType: rendition.kind == .video ? .mp4Video : .mp4Audio, output: output, queue: files,
                listener: listener, protection: protection)
        }
        // One segment per rendition at most waits for the muxing thread.
        let labels = plan.renditions.map { "\($0.id) (\($0.source) #\($0.stream.index))" }
        let muxing = ThreadHandoff(
            capacity: plan.renditions.count,
            next: SegmentMuxing(writers: writers, labels: labels) { offset in
                for writer in writers { try writer.start(offset: offset) }
            })
        control.onStop { muxing.queue.cancel() }
        let zeros = demuxers.map(Self.presentationZero)
        let aligner = KeyframeAligner(
            tracks: zip(plan.renditions, labels).map { rendition, label in
                KeyframeAligner.Track(
                    label: label, id: rendition.id, input: rendition.input, isVideo: rendition.kind == .video,
                    timeBase: rendition.codec.timeBase, zero: zeros[rendition.input],
                    frameRate: Self.frameRate(of: rendition.stream))
            }, segmentDuration: Double(request.segmentMilliseconds) / 1000, cues: request.cuePoints, next: muxing,
            reporter: reporter)
        var routes = Array(repeating: [Int: Int](), count: demuxers.count)
        for (index, rendition) in plan.renditions.enumerated() {
            routes[rendition.input][rendition.stream.index] = index
        }
        reporter.send(
            .started(
                StartedEvent(
                    source: request.source, container: demuxers.map(\.formatName).joined(separator: " + "),
                    duration: duration,
                    streams: plan.renditions.map {
                        "\($0.source) #\($0.stream.index) \($0.stream.kind.rawValue) \($0.stream.codecName)"
                    },
                    renditions: plan.renditions.map { "\($0.id) \($0.codec.codecString) copied" }
                        + subtitlePlan.descriptions)))
        try Self.read(muxingOn: muxing, control: control, source: request.source) {
            try CopyReader(demuxers: demuxers, routes: routes).run(control: control, into: aligner)
        }
        if let failure = control.failure { throw failure }
        try files.finish()
        var digests: [String] = []
        for (hasher, source) in hashers { digests.append(try hasher.finish(source: source)) }

        return try complete(
            facts, subtitles: SubtitlePackager(plan: subtitlePlan, demuxer: demuxers[0]), zero: 0, listener: listener,
            reporter: reporter, sourceDuration: duration, started: started,
            contentID: MediaSource.contentID(of: digests), copied: Set(plan.renditionIDs))
    }

    /// Runs `read` on this thread while `muxing` is drained on a thread of its own, and returns
    /// once both are done; a failure on either side stops the other.
    private static func read(
        muxingOn muxing: ThreadHandoff<AlignedWork>, control: PipelineControl, source: String,
        _ read: () throws -> Void
    ) throws {
        let done = DispatchSemaphore(value: 0)
        startThread("reel.muxer", stackSize: 4 << 20) {
            defer { done.signal() }
            do { try muxing.run(control: control) } catch { control.fail(ReelError.classify(error, source: source)) }
        }
        defer { done.wait() }
        do {
            try read()
        } catch {
            control.fail(ReelError.classify(error, source: source))
            throw error
        }
    }

    /// Presentation time zero of an input, in seconds of its timeline: where its first picture
    /// is (its first audio in an audio-only input).
    static func presentationZero(_ demuxer: Demuxer) -> Double {
        let video = demuxer.streams.filter { $0.kind == .video && !$0.isAttachedPicture }.compactMap(\.startTime)
        let audio = demuxer.streams.filter { $0.kind == .audio }.compactMap(\.startTime)
        return (video.isEmpty ? audio : video).min() ?? 0
    }

    /// A copied video's frame rate, as the stream states it.
    static func frameRate(of stream: StreamInfo) -> Rational {
        if stream.frameRate.isValid { return stream.frameRate.reduced }
        if stream.baseFrameRate.isValid { return stream.baseFrameRate.reduced }
        return Rational(30)
    }

    /// The fMP4 timescale of a copied stream: its own, so no timestamp is rounded.
    static func timescale(of stream: StreamInfo) -> Int {
        if stream.kind == .audio && stream.sampleRate > 0 { return stream.sampleRate }
        if stream.timeBase.numerator == 1 && stream.timeBase.denominator >= 1000 { return stream.timeBase.denominator }
        return 90_000
    }

    /// What the manifests say of a copied rendition.
    static func facts(of rendition: CopyPlan.Rendition) -> RenditionFacts {
        let stream = rendition.stream
        var facts = RenditionFacts(
            id: rendition.id, kind: rendition.kind, codecs: rendition.codec.codecString, container: .fmp4,
            timescale: 1, initFileName: nil, segments: [])
        if rendition.kind == .video {
            facts.video = VideoFacts(
                width: stream.width, height: stream.height, frameRate: frameRate(of: stream),
                // A copied picture keeps its pixel shape; DASH states it so players size it right.
                sampleAspectRatio: stream.sampleAspectRatio.isValid
                    ? "\(stream.sampleAspectRatio.reduced.numerator):\(stream.sampleAspectRatio.reduced.denominator)"
                    : "1:1",
                range: VideoRange(transfer: stream.colorTransfer))
        } else {
            // Channels as the stream's layout gives them (for AC-3 and E-AC-3 its configuration box,
            // made from the frames' acmod, lfeon and dependent substreams).
            facts.audio = AudioFacts(
                sampleRate: stream.sampleRate, channels: stream.channels, language: rendition.language,
                name: rendition.name, isDefault: rendition.isDefault, nominalBitrate: stream.bitRate,
                channelMask: rendition.codec.channelMask)
        }
        return facts
    }
}
