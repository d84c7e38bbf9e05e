import ReelManifest
import ReelMedia

/// What a finished chain must have made before anything is published.
extension Packager {
    /// Refuses a source that decoded to nothing a player could present: no video frame (or no
    /// keyframe to start from), no audio frame in an audio-only package, or only frames with
    /// errors (random bytes that libavformat guessed to be a raw stream).
    ///
    /// - Parameters:
    ///   - reader: The reader after it read the whole source.
    ///   - plan: The plan (which streams are packaged).
    ///   - packagesVideo: Whether video renditions are made.
    ///   - source: The source's name in the message.
    /// - Throws: `ReelError.invalidInput` naming the stream.
    static func requireDecodedMedia(
        _ reader: SourceReader, plan: RenditionPlan, packagesVideo: Bool, source: String
    ) throws(ReelError) {
        if let video = plan.videoDecoder, reader.videoFrames == 0 {
            let reason =
                reader.skippedLeadingFrames > 0
                ? "no keyframe: \(reader.skippedLeadingFrames) frame(s) decoded, none of them a picture to start from"
                : "no video frame could be decoded"
            throw .invalidInput(source: source, stream: video.stream.index, reason: reason)
        }
        if let audio = plan.audioDecoders.first, reader.audioFrames == 0, !packagesVideo {
            throw .invalidInput(source: source, stream: audio.stream.index, reason: "no audio frame could be decoded")
        }
        if packagesVideo, let video = plan.videoDecoder, reader.cleanVideoFrames == 0 {
            throw .invalidInput(
                source: source, stream: video.stream.index,
                reason: "no video frame decodes cleanly (\(reader.videoFrames) decoded with errors): "
                    + "not presentable media")
        }
        if !packagesVideo, let audio = plan.audioDecoders.first, reader.cleanAudioFrames == 0 {
            throw .invalidInput(
                source: source, stream: audio.stream.index,
                reason: "no audio frame decodes cleanly (\(reader.audioFrames) decoded with errors): "
                    + "not presentable media")
        }
    }

    /// Refuses a package that would last no time at all.
    ///
    /// - Parameters:
    ///   - duration: The package's duration in seconds.
    ///   - source: The source's name in the message.
    /// - Throws: `ReelError.invalidInput` when the duration is not positive.
    static func requirePositiveDuration(_ duration: Double, source: String) throws(ReelError) {
        guard duration > 0 else {
            throw .invalidInput(source: source, stream: nil, reason: "the media decodes to a duration of 0 s")
        }
    }
    /// The closed-caption service the renditions carry, and a warning for rungs that lose the
    /// source's captions.
    static func closedCaptions(
        sourceFrames: Int, video: [VideoEncoderStage], plan: RenditionPlan
    ) -> (facts: ClosedCaptionFacts?, warning: String?) {
        guard sourceFrames > 0 else { return (nil, nil) }
        let language = plan.audio.first(where: \.isDefault)?.language
        let facts = ClosedCaptionFacts(
            instreamID: "CC1", language: language, name: LanguageTag.displayName(language) ?? "Captions")
        let lost = video.filter { !$0.carriesCaptions }.map(\.id)
        guard !lost.isEmpty else { return (facts, nil) }
        let reason =
            plan.videoSettings.codec == .h264
            ? "their frame rate differs from the source's" : "libx265 cannot carry them"
        return (facts, "\(plan.source): CEA-608/708 captions not kept in \(lost.joined(separator: ", ")): \(reason)")
    }
}
