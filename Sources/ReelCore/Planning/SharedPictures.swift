import ReelManifest

/// Which rungs encode the same pictures: rungs of one size and frame rate (the same picture at
/// several bitrates, as Apple's ladders have) are scaled once, and every such rung after the first
/// encodes the first one's filtered frames as they are.
///
/// Only identical pictures are shared. Scaling a smaller rung from the one above it
/// (1080p → 720p → 480p) would cost about half as much, but it is not the same picture: on the
/// bench clip a bicubic cascade moved the 480p rung 0.4 dB and the 360p rung 1.2 dB of PSNR
/// away from the source scaled directly, and no scaler tried (lanczos, spline, area, other
/// bicubic weights, exact 2:1 steps) stayed within 0.1 dB (see the README's Benchmark).
enum SharedPictures {
    /// For each rung, the index of the earlier rung whose filtered frames it encodes, or nil
    /// when it scales the source's frames itself.
    /// - Parameters:
    ///   - rungs: The planned rungs, in ladder order.
    ///   - copied: The index of the rung copied from the source's packets (it has no frames), if any.
    static func sources(of rungs: [PlannedRung], copied: Int? = nil) -> [Int?] {
        rungs.indices.map { index in
            rungs.indices.prefix(index).first { earlier in
                earlier != copied && samePicture(rungs[index], rungs[earlier])
            }
        }
    }

    /// Whether two rungs have the same size and frame rate (`30000/1001` and `60000/2002` are one rate).
    private static func samePicture(_ rung: PlannedRung, _ other: PlannedRung) -> Bool {
        rung.width == other.width && rung.height == other.height && rung.frameRate.hasSameValue(as: other.frameRate)
    }
}
