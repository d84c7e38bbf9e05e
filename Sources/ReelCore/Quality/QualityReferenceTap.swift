import ReelMedia

/// Keeps a reference-counted copy of every picture a rung's encoder is given (the source after
/// the rung's filter: its size, frame rate and pixel format), for `QualityProbeStage` to measure
/// the decoded picture against. Passes each picture on unchanged.
final class QualityReferenceTap: MediaHandler {
    private let references: QualityReferences
    private let next: any MediaHandler<Frame>

    /// - Parameters:
    ///   - references: Where the copies are held, shared with the rung's probe.
    ///   - next: The rung's encoder.
    init(references: QualityReferences, next: any MediaHandler<Frame>) {
        self.references = references
        self.next = next
    }

    func process(_ frame: Frame) throws {
        // The encoder skips pictures without a timestamp; so does the measurement.
        if let pts = frame.pts { references.keep(frame.clone(), at: pts) }
        try next.process(frame)
    }

    func flush() throws {
        try next.flush()
    }
}
