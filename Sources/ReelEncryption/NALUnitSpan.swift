/// Where one NAL unit lies in a sample and how much of it must stay clear.
public struct NALUnitSpan: Sendable, Equatable {
    /// The offset of the unit's length field from the start of the sample.
    public var offset: Int
    /// The unit's size in the sample: its length field and the unit.
    public var length: Int
    /// The leading bytes that must stay clear: the length field, the NAL header and, for a slice, the slice
    /// header. All of `length` for units that are not slices.
    public var clearBytes: Int

    /// The bytes after the clear ones, which may be encrypted.
    public var protectedBytes: Int { length - clearBytes }

    public init(offset: Int, length: Int, clearBytes: Int) {
        self.offset = offset
        self.length = length
        self.clearBytes = clearBytes
    }
}
