import ReelMedia

extension Packager {
    /// Refuses a source that decodes to nothing a player could present: random bytes that
    /// libavformat guessed to be a raw stream decode, if at all, only to frames with errors.
    ///
    /// - Parameters:
    ///   - reader: The reader after it read the whole source.
    ///   - plan: The plan (which streams are packaged).
    ///   - packagesVideo: Whether video renditions are made.
    ///   - source: The source's name in the message.
    /// - Throws: `ReelError.invalidInput` when no packaged frame decoded cleanly.
    static func requirePresentableMedia(
        _ reader: SourceReader, plan: JobPlan, packagesVideo: Bool, source: String
    ) throws(ReelError) {
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
}
