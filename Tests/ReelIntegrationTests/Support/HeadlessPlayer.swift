import Foundation
import XCTest

/// Plays a package in headless Chromium with a web player from the conformance harness's player builds
/// (`../shared/conform/players`, or `CONFORM_PLAYERS_DIR`), the way a viewer's browser would: a loopback
/// HTTP server (python3) serves the package, the player and a small page; the page plays the manifest
/// with the player's own adaptation at 8× speed and posts what happened back to the server.
///
/// A run that does not reach `ended` within its time limit (a stall) comes back with `ended == false`.
struct HeadlessPlayer {
    /// A web player build in the players folder.
    enum Library: String {
        case shaka = "shaka-player.compiled.js"
    }

    /// What one playback did.
    struct Result: Decodable, CustomStringConvertible {
        var ended: Bool
        /// `ended`, `timeout`, `media-error`, `player-error`, … (from the page), or why the page never answered.
        var reason: String
        var errors: [String]
        var currentTime: Double?
        var duration: Double?
        /// Video frames the browser decoded (`getVideoPlaybackQuality().totalVideoFrames`).
        var frames: Int?
        /// Where the buffered media starts: the presentation's first instant as the browser sees it.
        var bufferedStart: Double?
        /// Rendered sizes, in the order the player switched to them.
        var sizes: [String]
        /// Image (thumbnail) tracks the player found, when the page asked for a thumbnail.
        var imageTracks: Int?
        /// The thumbnail the player chose for the asked time, if any.
        var thumbnail: Thumbnail?

        var description: String {
            let time = [currentTime, duration].map { $0.map { String(format: "%.3f", $0) } ?? "-" }
            return "\(reason) at \(time[0]) of \(time[1]) s, \(frames.map(String.init) ?? "no") frames, "
                + "buffered from \(bufferedStart.map { String(format: "%.3f", $0) } ?? "-"), sizes \(sizes)"
                + (errors.isEmpty ? "" : ", errors: \(errors.joined(separator: "; "))")
        }
    }

    /// Where a thumbnail lies in its sheet, as the player computed it from the manifest.
    struct Thumbnail: Decodable, Equatable {
        var positionX: Double
        var positionY: Double
        var width: Double
        var height: Double
        var startTime: Double
        var duration: Double
        var uri: String
    }

    let chromium: String
    let players: URL
    let python: String

    /// Finds Chromium, the player builds and python3.
    /// - Throws: `XCTSkip` when one of them is missing.
    init() throws {
        let environment = ProcessInfo.processInfo.environment
        let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        players =
            environment["CONFORM_PLAYERS_DIR"].map { URL(fileURLWithPath: $0) }
            ?? packageRoot.appendingPathComponent("../shared/conform/players").standardized
        guard FileManager.default.fileExists(atPath: players.appendingPathComponent(Library.shaka.rawValue).path)
        else { throw XCTSkip("no web player builds in \(players.path) (../shared/conform/players)") }
        let path = (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map(String.init)
        func executable(_ names: [String]) -> String? {
            for name in names {
                for directory in path where FileManager.default.isExecutableFile(atPath: "\(directory)/\(name)") {
                    return "\(directory)/\(name)"
                }
            }
            return nil
        }
        guard let chromium = executable(["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"])
        else { throw XCTSkip("no Chromium on PATH (apt-get install -y chromium)") }
        guard let python = executable(["python3"]) else { throw XCTSkip("no python3 for the test HTTP server") }
        self.chromium = chromium
        self.python = python
    }

    /// Plays a manifest of a package to its end (or until it stalls).
    /// - Parameters:
    ///   - manifest: The manifest's path inside the package, e.g. `manifest.mpd`.
    ///   - package: The package folder.
    ///   - library: The web player.
    ///   - timeout: Seconds the page waits for `ended` before it reports a stall.
    ///   - thumbnailAt: A time whose thumbnail the page asks the player for once the manifest is
    ///     loaded (`Result.thumbnail`), or nil.
    /// - Returns: What happened.
    func play(
        _ manifest: String, in package: URL, with library: Library, timeout: Int = 40, thumbnailAt: Double? = nil
    ) throws -> Result {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("reel-browser-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        let script = work.appendingPathComponent("play.py")
        try Self.script.write(to: script, atomically: true, encoding: .utf8)
        try Self.page(library: library, timeout: timeout, thumbnailAt: thumbnailAt).write(
            to: work.appendingPathComponent("page.html"), atomically: true, encoding: .utf8)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [
            script.path, package.path, players.path, work.appendingPathComponent("page.html").path, chromium,
            manifest, String(timeout + 30),
        ]
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        // Read before waiting, so a full pipe never blocks the driver.
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let log = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw PlayerFailure(message: "the browser driver exited with \(process.terminationStatus): \(log)")
        }
        return try JSONDecoder().decode(Result.self, from: data)
    }

    struct PlayerFailure: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    /// The page: loads the player, plays the manifest given in `?src=` at 8×, posts the result once.
    private static func page(library: Library, timeout: Int, thumbnailAt: Double?) -> String {
        """
        <!doctype html>
        <html><head><meta charset="utf-8"></head><body>
        <video id="v" muted playsinline width="320" height="180"></video>
        <script src="/__player/\(library.rawValue)"></script>
        <script>
        const v = document.getElementById('v');
        const src = new URLSearchParams(location.search).get('src');
        const R = {ended: false, reason: '', errors: [], sizes: []};
        let done = false;
        function finish(reason) {
          if (done) return;
          done = true;
          R.reason = reason;
          R.currentTime = v.currentTime;
          R.duration = isFinite(v.duration) ? v.duration : null;
          try { R.frames = v.getVideoPlaybackQuality().totalVideoFrames; } catch (e) {}
          R.bufferedStart = v.buffered.length ? v.buffered.start(0) : null;
          fetch('/__result', {method: 'POST', body: JSON.stringify(R)});
        }
        window.onerror = function (message) { R.errors.push('script: ' + message); finish('script-error'); };
        v.addEventListener('ended', function () { R.ended = true; finish('ended'); });
        v.addEventListener('error', function () {
          R.errors.push('media element: ' + (v.error && v.error.message)); finish('media-error');
        });
        v.addEventListener('resize', function () { R.sizes.push(v.videoWidth + 'x' + v.videoHeight); });
        v.addEventListener('canplay', function () {
          v.playbackRate = 8;
          v.play().catch(function (e) { R.errors.push('play(): ' + e); finish('play-rejected'); });
        });
        setTimeout(function () { finish('timeout'); }, \(timeout * 1000));
        shaka.polyfill.installAll();
        const player = new shaka.Player();
        player.addEventListener('error', function (e) {
          R.errors.push('shaka error ' + e.detail.code); finish('player-error');
        });
        player.attach(v).then(function () { return player.load(src); })\(thumbnailQuery(at: thumbnailAt)).catch(function (e) {
          R.errors.push('shaka load ' + (e && e.code)); finish('player-error');
        });
        </script></body></html>
        """
    }

    /// A step after loading that asks Shaka Player for its image tracks and the thumbnail of `time`
    /// (`Result.imageTracks`, `Result.thumbnail`); nothing when `time` is nil.
    private static func thumbnailQuery(at time: Double?) -> String {
        guard let time else { return "" }
        return """
            .then(function () {
              const tracks = player.getImageTracks();
              R.imageTracks = tracks.length;
              if (!tracks.length) return;
              return player.getThumbnails(tracks[0].id, \(time)).then(function (t) {
                if (t) R.thumbnail = {positionX: t.positionX, positionY: t.positionY, width: t.width,
                  height: t.height, startTime: t.startTime, duration: t.duration, uri: t.uris[0]};
              });
            })
            """
    }

    /// The driver: serves the package (GET), the player and the page, starts Chromium in a session of its
    /// own, waits for the page's POST or the deadline, stops that session and prints the result as JSON.
    private static let script = #"""
        import http.server, json, os, queue, shutil, signal, subprocess, sys, tempfile, threading, time, urllib.parse
        root, players, page, chrome, manifest, deadline = sys.argv[1:7]
        results = queue.Queue()
        types = {'.mpd': 'application/dash+xml', '.m3u8': 'application/vnd.apple.mpegurl', '.m4s': 'video/mp4',
                 '.mp4': 'video/mp4', '.ts': 'video/mp2t', '.vtt': 'text/vtt', '.js': 'application/javascript',
                 '.html': 'text/html; charset=utf-8', '.jpg': 'image/jpeg'}
        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args): pass
            def do_GET(self):
                path = urllib.parse.unquote(self.path.split('?')[0])
                if path == '/__page.html': full = page
                elif path.startswith('/__player/'): full = os.path.join(players, os.path.basename(path))
                else: full = os.path.normpath(os.path.join(root, path.lstrip('/')))
                if not full.startswith((root, players, page)) or not os.path.isfile(full):
                    self.send_response(404); self.send_header('Content-Length', '0'); self.end_headers(); return
                with open(full, 'rb') as f: body = f.read()
                self.send_response(200)
                self.send_header('Content-Type', types.get(os.path.splitext(full)[1], 'application/octet-stream'))
                self.send_header('Content-Length', str(len(body))); self.end_headers(); self.wfile.write(body)
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get('Content-Length', '0')))
                self.send_response(204); self.end_headers()
                if self.path == '/__result': results.put(body)
        server = http.server.ThreadingHTTPServer(('127.0.0.1', 0), Handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = 'http://127.0.0.1:%d' % server.server_address[1]
        url = base + '/__page.html?' + urllib.parse.urlencode({'src': base + '/' + manifest})
        profile = tempfile.mkdtemp(prefix='reel-chromium-')
        args = [chrome, '--headless=new', '--disable-gpu', '--mute-audio', '--no-first-run',
                '--autoplay-policy=no-user-gesture-required', '--no-default-browser-check',
                '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update',
                '--disable-sync', '--user-data-dir=' + profile, url]
        if os.geteuid() == 0: args.insert(1, '--no-sandbox')
        browser = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        result = None
        end = time.monotonic() + float(deadline)
        try:
            while result is None and time.monotonic() < end and browser.poll() is None:
                try: result = json.loads(results.get(timeout=0.5))
                except queue.Empty: pass
        finally:
            for sig in (signal.SIGTERM, signal.SIGKILL):
                try: os.killpg(browser.pid, sig)
                except ProcessLookupError: break
                try: browser.wait(10); break
                except subprocess.TimeoutExpired: pass
            server.shutdown()
            shutil.rmtree(profile, ignore_errors=True)
        if result is None:
            result = {'ended': False, 'errors': [], 'sizes': [],
                      'reason': 'no answer from the page (browser exited %s)' % browser.returncode}
        print(json.dumps(result))
        """#
}
