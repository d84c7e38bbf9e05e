/// Why the clear bytes of a NAL unit could not be found: its slice header, the parameter sets it needs, the
/// configuration record or the sample's NAL length fields. The description names what is wrong and reads after
/// "cannot parse slice header: ".
public struct SliceHeaderError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of problem it is.
    public enum Kind: Sendable, Equatable {
        /// The `avcC` or `hvcC` record is malformed.
        case invalidConfiguration
        /// The bytes ended inside a NAL unit header, a slice header, a parameter set or a NAL length field.
        case truncated
        /// A slice names a picture parameter set (or a PPS names a sequence parameter set) that neither the
        /// configuration record nor an earlier sample carried.
        case unknownParameterSet
        /// A syntax element has a value the standard does not allow.
        case invalidValue
        /// The stream uses a feature this parser does not handle (named in the message).
        case unsupported
    }

    /// What kind of problem it is.
    public let kind: Kind
    /// What is wrong, e.g. `H.264 slice (NAL type 1) names PPS 3, which no parameter set defined`.
    public let message: String

    init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}
