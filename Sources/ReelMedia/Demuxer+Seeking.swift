import CFFmpeg

extension Demuxer {
    /// Seeks so that the next packets of a stream start at the keyframe at or before a timestamp.
    /// - Parameters:
    ///   - timestamp: The target, in the stream's time base.
    ///   - stream: The stream index.
    /// - Throws: `MediaError` when the container cannot seek.
    public func seek(toKeyframeBefore timestamp: Int64, stream: Int) throws {
        interruptArm()
        try check(
            av_seek_frame(context, Int32(stream), timestamp, AVSEEK_FLAG_BACKWARD),
            "seek \(source) stream #\(stream)")
    }

    /// Goes back to the first packet: a byte seek to 0 where the container allows it (MPEG-TS,
    /// where a timestamp seek to the very start can land on the second keyframe), otherwise a
    /// timestamp seek to the start.
    /// - Parameters:
    ///   - start: The stream's start in its time base.
    ///   - stream: The stream index.
    /// - Throws: `MediaError` when the container cannot seek.
    public func rewind(toStart start: Int64, stream: Int) throws {
        interruptArm()
        if context.pointee.iformat.pointee.flags & AVFMT_NO_BYTE_SEEK == 0,
            av_seek_frame(context, -1, 0, AVSEEK_FLAG_BYTE) >= 0
        {
            return
        }
        try seek(toKeyframeBefore: start, stream: stream)
    }

    /// The timestamp of the last keyframe at or before a timestamp, from the container's index.
    /// - Parameters:
    ///   - timestamp: In the stream's time base.
    ///   - stream: The stream index.
    /// - Returns: The keyframe's timestamp (stream time base), or nil when the container has no
    ///   index (MPEG-TS, raw streams) or nothing precedes the timestamp.
    public func indexedKeyframe(atOrBefore timestamp: Int64, stream: Int) -> Int64? {
        let avStream = context.pointee.streams[stream]!
        guard avformat_index_get_entries_count(avStream) > 0,
            let entry = avformat_index_get_entry_from_timestamp(avStream, timestamp, AVSEEK_FLAG_BACKWARD)
        else { return nil }
        return entry.pointee.timestamp
    }

    /// The timestamps (stream time base) of every keyframe the container's index lists.
    /// - Parameter stream: The stream index.
    /// - Returns: Sorted timestamps; empty when the container has no index.
    public func indexedKeyframes(stream: Int) -> [Int64] {
        let avStream = context.pointee.streams[stream]!
        let count = avformat_index_get_entries_count(avStream)
        var result: [Int64] = []
        for i in 0..<count {
            guard let entry = avformat_index_get_entry(avStream, i) else { continue }
            if entry.pointee.flags & AVINDEX_KEYFRAME != 0 { result.append(entry.pointee.timestamp) }
        }
        return result.sorted()
    }

    /// Total size of the source in bytes, when known.
    public var byteSize: Int64? {
        guard let pb = context.pointee.pb else { return nil }
        let size = avio_size(pb)
        return size > 0 ? size : nil
    }
}
