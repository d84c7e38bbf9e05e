import ReelMedia

extension MediaSource {
    /// Reads a small file whole (a subtitle sidecar, a CPIX document), by reference like a source.
    /// - Parameters:
    ///   - options: How remote references are read.
    ///   - limit: The most bytes accepted.
    ///   - what: What the file is, for the message when it is too large (`a subtitle file`).
    /// - Returns: The bytes.
    /// - Throws: `ReelError` classified from the transport, or `.invalidInput` when over `limit`.
    func readAll(options: MediaSourceOptions, limit: Int, what: String) throws(ReelError) -> [UInt8] {
        let bytes = try open(options: options)
        if let size = bytes.size, size > Int64(limit) {
            throw .invalidInput(source: description, stream: nil, reason: "\(size) bytes is too large for \(what)")
        }
        var data: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        do {
            while data.count <= limit {
                let count = try chunk.withUnsafeMutableBytes { try bytes.read(into: $0, at: Int64(data.count)) }
                if count == 0 { break }
                data += chunk[0..<count]
            }
        } catch {
            throw ReelError.classify(error, source: description)
        }
        guard data.count <= limit else {
            throw .invalidInput(source: description, stream: nil, reason: "too large for \(what)")
        }
        return data
    }
}
