import Foundation
import Hummingbird
import ReelJobs
import ReelOutput

/// The preview of a succeeded job's package, for players that cannot send the API token (a
/// video element):
/// - `GET /v1/jobs/{id}/preview` (token, `read`) signs a path for the job: `/preview/{id}/{signature}/`;
/// - `GET /preview/{id}/{signature}/{path}` and `…/{path}/{file}` (no token) serve the files the
///   job's result lists — relative URLs in playlists stay under the signed path, so a player
///   reaches every file of the package and nothing else — until the signature expires. A byte
///   range is `206`; `master.m3u8?rendition=ID` is the master playlist of that video rendition.
struct PreviewRoutes<Context: RequestContext>: Sendable {
    let store: any JobStore
    let signer: PreviewSigner
    let reader: PreviewFileReader
    /// How long a signed path works.
    var lifetime: Duration = .seconds(2 * 3600)

    func register(jobs: RouterGroup<Context>, on router: Router<Context>) {
        jobs.get(":id/preview", use: link)
        // One capture name per depth (the router's tree): `path` is a root file, or a file's folder.
        router.get("preview/:job/:signature/:path", use: file)
        router.get("preview/:job/:signature/:path/:file", use: file)
    }

    @Sendable func link(_ request: Request, context: Context) async throws -> Response {
        let id = JobID(try context.parameters.require("id"))
        let job: Job?
        do {
            job = try await store.job(id, owner: JobRoutes<Context>.visibleOwner(context))
        } catch {
            throw ServiceError.storeUnavailable(error)
        }
        guard let job else { throw ServiceError.notFound("no job \(id)") }
        guard job.status == .succeeded else {
            throw Self.unavailable("job \(id) is \(job.status.rawValue): only a succeeded job has a package to preview")
        }
        guard let package = job.publishedPackage else {
            throw Self.unavailable(
                "the result of job \(id) lists no files (packaged by an older Reel); package it again")
        }
        _ = try Self.destination(package.destination)
        let expiry = Date().addingTimeInterval(Double(lifetime.components.seconds))
        let base = "/preview/\(id)/\(signer.signature(for: id, expiry: expiry))/"
        let link = PreviewLink(job: id, expiresAt: expiry, base: base, files: package.files.keys)
        return JSONResponse.make(.ok, link, headers: [.cacheControl: "no-store"])
    }

    @Sendable func file(_ request: Request, context: Context) async throws -> Response {
        let id = JobID(try context.parameters.require("job"))
        let path = try context.parameters.require("path")
        let relative = context.parameters.get("file").map { "\(path)/\($0)" } ?? path
        let signature = try context.parameters.require("signature")
        do {
            try signer.check(signature, for: id)
        } catch .expired {
            throw ServiceError(
                .forbidden, kind: "preview_expired",
                "this preview link has expired; ask for a new one (open the job again)")
        } catch {
            throw ServiceError(.forbidden, kind: "preview_invalid", "this is not a valid preview link")
        }
        let job: Job?
        do {
            job = try await store.job(id)
        } catch {
            throw ServiceError.storeUnavailable(error)
        }
        guard let package = job?.publishedPackage, let recorded = package.files[relative] else {
            throw ServiceError.notFound("no file \(relative.prefix(128).debugDescription) in the package of job \(id)")
        }
        let destination = try Self.destination(package.destination)
        var headers = Self.headers(for: relative)
        if relative == "master.m3u8", let rendition = request.uri.queryParameters.get("rendition") {
            guard MasterPlaylistFilter.isRenditionID(String(rendition)) else {
                throw ServiceError.badRequest("rendition: '\(rendition.prefix(64))' is not a rendition id")
            }
            let master = try await reader.text(of: relative, in: destination, size: recorded)
            guard let narrowed = MasterPlaylistFilter.keeping(String(rendition), in: master) else {
                throw ServiceError.notFound("no video rendition \(rendition) in the package of job \(id)")
            }
            return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: narrowed)))
        }
        let size = try reader.size(of: relative, in: destination, recorded: recorded)
        headers[.acceptRanges] = "bytes"
        switch ByteRange.parse(request.headers[.range], size: size) {
        case .whole:
            headers[.contentLength] = "\(size)"
            let body = try await reader.body(of: relative, in: destination, range: nil, size: size, context: context)
            return Response(status: .ok, headers: headers, body: body)
        case .part(let range):
            headers[.contentRange] = range.contentRange(of: size)
            headers[.contentLength] = "\(range.count)"
            let body = try await reader.body(of: relative, in: destination, range: range, size: size, context: context)
            return Response(status: .partialContent, headers: headers, body: body)
        case .unsatisfiable:
            var error = ServiceError(
                .rangeNotSatisfiable, kind: "range_not_satisfiable",
                "the range is past the end of the file (\(size) bytes)")
            error.headers[.contentRange] = "bytes */\(size)"
            throw error
        }
    }

    /// The headers of a package file: its type; cacheable by this browser only (the signed path
    /// is unique); readable by players on other origins (the signed path is the credential); no
    /// sniffing, no referrer, and no script should an SVG be opened as a page.
    static func headers(for relative: String) -> HTTPFields {
        [
            .contentType: contentType(of: relative), .cacheControl: "private, max-age=600",
            .xContentTypeOptions: "nosniff",
            .referrerPolicy: "no-referrer",
            .contentSecurityPolicy: "default-src 'none'; style-src 'unsafe-inline'; sandbox",
            .accessControlAllowOrigin: "*",
        ]
    }

    /// The content type of a package file, by its extension.
    static func contentType(of relative: String) -> String {
        switch relative.split(separator: ".").last?.lowercased() ?? "" {
        case "m3u8": "application/vnd.apple.mpegurl"
        case "mpd": "application/dash+xml"
        case "mp4", "m4s", "m4v": "video/mp4"
        case "m4a": "audio/mp4"
        case "ts": "video/mp2t"
        case "vtt": "text/vtt; charset=utf-8"
        case "jpg", "jpeg": "image/jpeg"
        case "png": "image/png"
        case "svg": "image/svg+xml"
        case "json": "application/json"
        default: "application/octet-stream"
        }
    }

    /// The package's destination, when it can be previewed.
    private static func destination(_ text: String) throws(ServiceError) -> OutputDestination {
        guard let destination = try? OutputDestination(parsing: text) else {
            throw unavailable("the package's destination '\(text)' is not readable")
        }
        if let refusal = PreviewFileReader.refusal(for: destination) { throw unavailable(refusal) }
        return destination
    }

    private static func unavailable(_ message: String) -> ServiceError {
        ServiceError(.conflict, kind: "preview_unavailable", message)
    }
}
