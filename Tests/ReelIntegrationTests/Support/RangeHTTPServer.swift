import Foundation
import XCTest

/// A small HTTP server (python3) that serves one directory with `Range` support, answers 403 for
/// names starting with `forbidden`, redirects `/redirect/NAME` to `/NAME`, and logs the bytes it
/// sent per request to a file so tests can check nothing is downloaded twice. Stopped by PID.
final class RangeHTTPServer: @unchecked Sendable {
    let baseURL: String
    private let process = Process()
    private let logPath: String

    private static let script = #"""
        import http.server, os, re, sys
        root, port_file, log = sys.argv[1], sys.argv[2], sys.argv[3]
        class H(http.server.BaseHTTPRequestHandler):
            def log_message(self, *a): pass
            def do_GET(self):
                path = self.path.split('?')[0].lstrip('/')
                if path.startswith('redirect/'):
                    self.send_response(302); self.send_header('Location', '/' + path[9:]); self.end_headers(); return
                if path.startswith('forbidden'):
                    self.send_response(403); self.send_header('Content-Length', '0'); self.end_headers(); return
                full = os.path.join(root, path)
                if not os.path.isfile(full):
                    self.send_response(404); self.send_header('Content-Length', '0'); self.end_headers(); return
                size = os.path.getsize(full)
                m = re.match(r'bytes=(\d+)-(\d*)', self.headers.get('Range', ''))
                start, end = 0, size - 1
                if m:
                    start = int(m.group(1)); end = min(int(m.group(2)) if m.group(2) else size - 1, size - 1)
                    if start >= size:
                        self.send_response(416); self.send_header('Content-Range', 'bytes */%d' % size)
                        self.send_header('Content-Length', '0'); self.end_headers(); return
                    self.send_response(206); self.send_header('Content-Range', 'bytes %d-%d/%d' % (start, end, size))
                else:
                    self.send_response(200)
                self.send_header('Content-Length', str(end - start + 1)); self.end_headers()
                with open(full, 'rb') as f:
                    f.seek(start); self.wfile.write(f.read(end - start + 1))
                with open(log, 'a') as f: f.write('%d\n' % (end - start + 1))
        s = http.server.ThreadingHTTPServer(('127.0.0.1', 0), H)
        with open(port_file + '.tmp', 'w') as f: f.write(str(s.server_address[1]))
        os.rename(port_file + '.tmp', port_file)
        s.serve_forever()
        """#

    /// Starts the server on a free port.
    /// - Parameters:
    ///   - root: The directory to serve.
    ///   - test: Stops the server when this test ends.
    /// - Throws: `XCTSkip` without python3.
    init(root: URL, test: XCTestCase) throws {
        guard
            let python = ["/usr/bin/python3", "/usr/local/bin/python3"].first(
                where: FileManager.default.isExecutableFile)
        else { throw XCTSkip("no python3 for the test HTTP server") }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("reel-http-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let scriptPath = dir.appendingPathComponent("server.py").path
        try Self.script.write(toFile: scriptPath, atomically: true, encoding: .utf8)
        let portFile = dir.appendingPathComponent("port").path
        logPath = dir.appendingPathComponent("log").path
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [scriptPath, root.path, portFile, logPath]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(10)
        var port: String?
        while port == nil && Date() < deadline {
            port = try? String(contentsOfFile: portFile, encoding: .utf8)
            if port == nil { Thread.sleep(forTimeInterval: 0.05) }
        }
        baseURL = "http://127.0.0.1:\(port ?? "0")"
        test.addTeardownBlock { [process] in
            if process.isRunning { kill(process.processIdentifier, SIGTERM) }
            process.waitUntilExit()
            try? FileManager.default.removeItem(at: dir)
        }
        guard port != nil else { throw XCTSkip("the test HTTP server did not start") }
    }

    /// Bytes sent so far (all requests).
    var bytesSent: Int {
        let text = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { Int($0) }.reduce(0, +)
    }

    /// Requests that sent a body so far.
    var requests: Int {
        ((try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "").split(separator: "\n").count
    }
}
