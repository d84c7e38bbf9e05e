/// One step of the packaging chain, in the spirit of Shaka Packager's `MediaHandler`.
///
/// A step receives items from the step before (`process(_:)`), does its one job, and hands what
/// it makes to the step after. `flush()` says the stream has ended: the step empties what it
/// still holds into the next step, then flushes that one, so the end travels down the chain.
///
/// One video rung and one audio rendition, as `PackagingChain` connects them:
/// ```
/// SourceReader ─▶ FrameFanOut ─▶ ThreadHandoff ─▶ FilterStage ─▶ VideoEncoderStage ─▶ Chunker ─▶ SegmentWriter
///              └▶ FrameFanOut ─▶ ThreadHandoff ─▶ FilterStage ─▶ AudioEncoderStage ─▶ Chunker ─▶ SegmentWriter
/// ```
/// `SegmentWriter` tells each `SegmentListener` of every segment it writes; the manifests are
/// made from what the listeners heard. A new step (encryption, a quality probe) is a type that
/// conforms to this protocol, put between two others; no other step changes.
///
/// A step runs on one thread: the thread of the step before it, or, after a `ThreadHandoff`,
/// a thread of its own.
protocol MediaHandler<Input>: AnyObject {
    associatedtype Input
    /// Takes one item.
    func process(_ input: Input) throws
    /// The stream ended: passes on what is held, then flushes the next step.
    func flush() throws
}
