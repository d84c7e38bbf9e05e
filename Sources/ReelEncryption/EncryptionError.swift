/// Why Reel could not encrypt or protect something: one line naming what is wrong and where, e.g.
/// `init segment: no stsd sample entry` or `fragment 3: trun without sample sizes`.
///
/// Messages name boxes, offsets, sizes and key ids, never key bytes, so they may be logged and shown.
///
/// ```swift
/// do {
///     _ = try InitSegmentProtector.protect(bytes, with: protection)
/// } catch {
///     print(error)  // init segment: sample entry 'vp09' cannot be protected
/// }
/// ```
public struct EncryptionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong, and where.
    public let message: String

    /// Creates an error with its message.
    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
