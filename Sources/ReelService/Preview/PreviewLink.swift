import Foundation
import ReelJobs

/// The answer of `GET /v1/jobs/{id}/preview`: where the package's files can be read without a
/// token until `expires_at`, and the paths of the files a player or page wants first (each only
/// when the package has it).
struct PreviewLink: Encodable {
    /// The job.
    let job: JobID
    /// When the signed paths stop working.
    let expiresAt: Date
    /// The package's root, `/preview/{job}/{signature}/`: every file of the package is below it.
    let base: String
    /// The HLS master playlist (`?rendition=ID` narrows it to one video rendition).
    let hls: String?
    /// The DASH manifest.
    let dash: String?
    /// `poster.jpg`.
    let poster: String?
    /// The WebVTT thumbnail track.
    let thumbnails: String?
    /// The rate–quality chart (`quality.svg`).
    let quality: String?

    /// The link to a package.
    /// - Parameters:
    ///   - job: The job.
    ///   - expiresAt: When the signature expires.
    ///   - base: The signed root path, ending in `/`.
    ///   - files: The package's files (relative paths).
    init(job: JobID, expiresAt: Date, base: String, files: some Collection<String>) {
        self.job = job
        self.expiresAt = expiresAt
        self.base = base
        let present = Set(files)
        func path(_ file: String) -> String? { present.contains(file) ? base + file : nil }
        hls = path("master.m3u8")
        dash = path("manifest.mpd")
        poster = path("poster.jpg")
        thumbnails = path("thumbnails/thumbnails.vtt")
        quality = path("quality.svg")
    }

    enum CodingKeys: String, CodingKey {
        case job, base, hls, dash, poster, thumbnails, quality
        case expiresAt = "expires_at"
    }
}
