import Foundation
import Logging
import Metrics
import ReelCore
import ReelOutput

/// What a run leaves behind besides the package: its events in the store, manifest URLs, metrics.
extension JobRunner {
    /// Copies the packager's events into the store (progress at most every `progressInterval`).
    func storeEvents(_ events: AsyncStream<ProgressEvent>, job: JobID, control: JobControl) async {
        var lastProgress = Date.distantPast
        for await event in events {
            if case .progress(let update) = event {
                control.progress = update.fraction
                let now = Date()
                guard now.timeIntervalSince(lastProgress) >= Self.progressInterval || update.fraction >= 1 else {
                    continue
                }
                lastProgress = now
            }
            await append(job, name: event.name, data: event.jsonLine())
        }
    }

    func append(_ job: JobID, name: String, data: String) async {
        do {
            try await store.appendEvent(job, name: name, data: data)
            signals.signal(JobSignals.events(of: job))
        } catch {
            logger.warning("job \(job): event '\(name)' not stored: \(error)")
        }
    }

    /// Manifest locations: under the public base URL when configured, else the destination itself.
    func manifestURLs(_ manifests: [String], in destination: OutputDestination) -> [String: String] {
        let base = packageURL(destination)
        var result: [String: String] = [:]
        for manifest in manifests {
            if manifest.hasSuffix(".m3u8") && !manifest.contains("/") { result["hls"] = base + manifest }
            if manifest.hasSuffix(".mpd") { result["dash"] = base + manifest }
        }
        return result
    }

    /// The quality report's files as locations, like the manifests'.
    func qualityReportURLs(_ report: QualityReportSummary, in destination: OutputDestination) -> QualityReportSummary {
        let base = packageURL(destination)
        var located = report
        located.json = base + report.json
        located.svg = base + report.svg
        return located
    }

    /// Where the package's files are, ending in `/`: under `public_url` when configured, else the
    /// destination itself.
    private func packageURL(_ destination: OutputDestination) -> String {
        var base = destination.description
        if let publicBase = settings.publicBaseURL {
            let root = settings.location.root.description
            let relative = base.hasPrefix(root) ? String(base.dropFirst(root.count)) : base
            base =
                (publicBase.hasSuffix("/") ? publicBase : publicBase + "/")
                + (relative.hasPrefix("/") ? String(relative.dropFirst()) : relative)
        }
        if !base.hasSuffix("/") { base += "/" }
        return base
    }

    /// Records an attempt's outcome: the status, a retry, the first attempt's wait in the queue
    /// (created to first started), and a fresh package's duration, bytes and encode speed.
    func record(_ job: Job, wallTime: Double) {
        if job.attempts == 1, let started = job.startedAt {
            Timer(label: "reel_job_queue_wait_seconds").recordSeconds(max(0, started.timeIntervalSince(job.createdAt)))
        }
        guard job.status != .queued else {
            // Queued again after an attempt: a retry is scheduled.
            Counter(label: "reel_job_retries_total").increment()
            return
        }
        let status = job.status.rawValue
        Counter(label: "reel_jobs_finished_total", dimensions: [("status", status)]).increment()
        guard job.status == .succeeded, let result = job.result, result.reusedFrom == nil else { return }
        Timer(label: "reel_job_duration_seconds").recordSeconds(wallTime)
        Counter(label: "reel_bytes_written_total").increment(by: result.bytes)
        if result.wallTime > 0 {
            Recorder(label: "reel_encode_speed", aggregate: true).record(result.duration / result.wallTime)
        }
    }
}
