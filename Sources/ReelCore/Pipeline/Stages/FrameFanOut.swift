import ReelMedia

/// Hands every frame to several next steps (the rungs of one source stream); each but the last
/// gets a reference-counted copy, so no picture is copied.
final class FrameFanOut: MediaHandler {
    private var outputs: [any MediaHandler<Frame>] = []

    /// Whether any step was attached.
    var isEmpty: Bool { outputs.isEmpty }

    /// Adds a next step.
    func attach(_ next: any MediaHandler<Frame>) { outputs.append(next) }

    func process(_ frame: Frame) throws {
        for (index, output) in outputs.enumerated() {
            try output.process(index == outputs.count - 1 ? frame : frame.clone())
        }
    }

    func flush() throws {
        for output in outputs { try output.flush() }
    }
}
