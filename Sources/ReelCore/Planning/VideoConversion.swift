import ReelManifest
import ReelMedia

/// How the source's pictures become what the rungs encode: the filters applied once to every
/// frame (deinterlacing, rotation, tone mapping) and the colour of the output.
struct VideoConversion: Sendable, Equatable {
    /// Filters applied once, before the frames fan out to the rungs; nil when none is needed.
    let sharedFilter: String?
    /// The pixel format every rung encodes.
    let pixelFormat: String
    /// The output's dynamic range, as the manifests declare it.
    let range: VideoRange
    /// Colour tags written into the bitstream: primaries, transfer, matrix (FFmpeg names).
    let primaries: String
    let transfer: String
    let matrix: String
    /// What the conversion does, for the `started` event and logs (e.g. `deinterlace, rotate 90°`).
    let steps: [String]
    /// Whether the rungs must convert the colour matrix or range (sources that are not already
    /// limited-range in the output's matrix); otherwise scaling leaves colour alone and frames
    /// already at the rung's size pass through untouched.
    let convertsColour: Bool

    /// Decides the conversion.
    /// - Parameters:
    ///   - stream: The source's video stream.
    ///   - settings: The ladder's video settings (codec and pixel format).
    init(stream: StreamInfo, settings: VideoEncoderSettings) {
        var filters: [String] = []
        var steps: [String] = []
        if let order = stream.fieldOrder, ["tt", "bb", "tb", "bt"].contains(order) {
            filters.append("bwdif=mode=send_frame:parity=auto:deint=interlaced")
            steps.append("deinterlace (\(order))")
        }
        switch stream.rotation {
        case 90: filters.append("transpose=clock")
        case 180: filters.append("hflip,vflip")
        case 270: filters.append("transpose=cclock")
        default: break
        }
        if stream.rotation != 0 { steps.append("rotate \(stream.rotation)°") }

        let transfer = stream.colorTransfer ?? ""
        let sourceRange = VideoRange(transfer: transfer)
        if sourceRange != .sdr && settings.codec == .hevc {
            // HEVC keeps HDR: 10-bit, BT.2020, the source's transfer.
            pixelFormat = "yuv420p10le"
            range = sourceRange
            primaries = "bt2020"
            self.transfer = transfer
            matrix = "bt2020nc"
            steps.append("keep HDR (\(sourceRange.rawValue))")
        } else {
            if sourceRange != .sdr {
                // Tone-map HDR to SDR BT.709 (Hable curve in linear light), as 8-bit ladders need.
                let primariesIn = stream.colorPrimaries.flatMap { $0 == "unknown" ? nil : $0 } ?? "bt2020"
                let matrixIn = stream.colorSpace.flatMap { $0 == "unknown" ? nil : $0 } ?? "bt2020nc"
                let rangeIn = stream.colorRange == "pc" ? "full" : "limited"
                filters.append(
                    "zscale=tin=\(transfer):pin=\(primariesIn):min=\(matrixIn):rin=\(rangeIn):t=linear:npl=100,"
                        + "format=gbrpf32le,zscale=p=bt709,tonemap=tonemap=hable:desat=0,"
                        + "zscale=t=bt709:m=bt709:r=limited,format=yuv420p")
                steps.append("tone-map \(sourceRange.rawValue) to SDR BT.709")
            }
            pixelFormat = settings.pixelFormat
            range = .sdr
            primaries = "bt709"
            self.transfer = "bt709"
            matrix = "bt709"
        }
        sharedFilter = filters.isEmpty ? nil : filters.joined(separator: ",")
        self.steps = steps
        let sourceMatrix = stream.colorSpace ?? "unknown"
        let matrixMatches =
            sourceMatrix == matrix || (matrix == "bt709" && ["unknown", "unspecified"].contains(sourceMatrix))
        let tonemapped = sourceRange != .sdr && range == .sdr
        convertsColour =
            !tonemapped && (!matrixMatches || stream.colorRange == "pc" || (stream.pixelFormat ?? "").hasPrefix("yuvj"))
    }

    /// The filter chain of one rung: frame rate, size, range and matrix, pixel format.
    /// - Parameters:
    ///   - width: Output width.
    ///   - height: Output height.
    ///   - frameRate: Output frame rate.
    func rungFilter(width: Int, height: Int, frameRate: Rational) -> String {
        let matrixName = matrix == "bt2020nc" ? "bt2020" : "bt709"
        let colour = convertsColour ? ":out_color_matrix=\(matrixName):out_range=tv" : ""
        return "fps=fps=\(frameRate):start_time=0:round=near,"
            + "scale=\(width):\(height):flags=bicubic\(colour),format=\(pixelFormat),setsar=1"
    }
}

extension VideoRange {
    /// The dynamic range a transfer characteristic (FFmpeg name) signals: PQ, HLG, else SDR.
    init(transfer: String?) {
        switch transfer {
        case "smpte2084": self = .pq
        case "arib-std-b67": self = .hlg
        default: self = .sdr
        }
    }
}
