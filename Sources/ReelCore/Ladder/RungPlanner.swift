import ReelManifest

/// Geometry and rate of the source's video, as the planner needs them.
public struct SourceGeometry: Sendable, Equatable {
    public var width: Int
    public var height: Int
    public var sampleAspectRatio: (num: Int, den: Int)
    public var rotation: Int
    public var frameRate: FrameRate

    public init(width: Int, height: Int, sampleAspectRatio: (num: Int, den: Int) = (1, 1), rotation: Int = 0, frameRate: FrameRate) {
        self.width = width
        self.height = height
        self.sampleAspectRatio = sampleAspectRatio
        self.rotation = rotation
        self.frameRate = frameRate
    }

    public static func == (a: SourceGeometry, b: SourceGeometry) -> Bool {
        a.width == b.width && a.height == b.height && a.sampleAspectRatio == b.sampleAspectRatio
            && a.rotation == b.rotation && a.frameRate == b.frameRate
    }
}

/// A rung as it will be encoded for one source.
public struct PlannedRung: Sendable, Equatable {
    public var rung: VideoRung
    public var width: Int
    public var height: Int
    public var frameRate: FrameRate
}

/// Temporary planner (replaced by the full one).
public enum RungPlanner {
    public static func plan(_ ladder: Ladder, for source: SourceGeometry) -> [PlannedRung] {
        ladder.rungs.compactMap { rung in
            let h = rung.height ?? source.height
            guard h <= source.height else { return nil }
            let w = Int((Double(source.width) * Double(h) / Double(source.height) / 2).rounded()) * 2
            return PlannedRung(rung: rung, width: w, height: h, frameRate: source.frameRate)
        }
    }
}
