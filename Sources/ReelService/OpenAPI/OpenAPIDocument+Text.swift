// The text of api/openapi.yaml. Do not edit: change api/openapi.yaml and run
// `REEL_UPDATE_OPENAPI=1 swift test --filter OpenAPIDocumentTests`.
// swift-format-ignore-file

extension OpenAPIDocument {
    static let text = #"""
openapi: 3.1.0
info:
  title: Reel
  version: "1"
  summary: Adaptive-streaming packager service (`reel serve`).
  description: |
    Reel packages media into HLS and DASH. Jobs are posted to `/v1/jobs` (or made by the upload
    hooks), stored before they are acknowledged, run by workers, and followed by polling or by
    Server-Sent Events.

    Every JSON body is UTF-8 with snake_case keys; times are ISO 8601 with milliseconds
    (`2026-11-21T09:41:57.123Z`). Every error is `{"error": {"kind", "message"}}`, the message
    naming the field at fault.

    Limits named below (`source_limit`, `body_limit`, …) are the defaults of settings of
    `reel serve`. This document is served by the service itself at `GET /openapi.yaml` (and
    `GET /openapi.json`), without a token.
  license:
    name: Proprietary
servers:
  - url: http://127.0.0.1:8080
    description: A local `reel serve` (default host and port).
tags:
  - name: jobs
    description: Submit, list, show, follow and cancel packaging jobs.
  - name: ladders
    description: The ladder presets of the service.
  - name: hooks
    description: Upload notifications from tusd, S3 (directly or through SNS) and MinIO.
  - name: operations
    description: Health, metrics and this document.
  - name: console
    description: |
      The web console (`/`, `/console/…`) and the signed package previews (`/preview/…`) that
      players without a token (a video element) read.
security:
  - apiToken: []
paths:
  /v1/jobs:
    post:
      tags: [jobs]
      operationId: createJob
      summary: Queue a packaging job.
      description: |
        Checks the request (fields, ladder, timing, source and callback policy, output), stores the
        job and wakes a worker. Needs the `write` scope. The job is owned by the token's tenant.

        With an `Idempotency-Key`, a retried request returns the job the key made first (`200`);
        the same key with a different request is `422`.
      security:
        - apiToken: [write]
      parameters:
        - $ref: "#/components/parameters/IdempotencyKey"
      requestBody:
        required: true
        content:
          application/json:
            schema:
              $ref: "#/components/schemas/PackageJob"
            examples:
              simple:
                value: {source: "s3://uploads/talk.mp4"}
              full:
                value:
                  source: "s3://uploads/talk.mp4"
                  ladder: web
                  formats: [hls, dash]
                  hls_segments: fmp4
                  segment_duration: 4
                  keyframe_interval: 2
                  subtitles:
                    - {source: "s3://uploads/talk.en.vtt", language: en}
                  thumbnails: {interval: 10, width: 160}
                  poster: 3.5
                  output: talks/42
                  callback_url: "https://app.example.com/reel"
                  metadata: {talk: 42}
      responses:
        "200":
          description: The `Idempotency-Key` was used before with this request; its job.
          headers:
            Location:
              $ref: "#/components/headers/JobLocation"
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/Job"
        "202":
          description: The job is stored and queued.
          headers:
            Location:
              $ref: "#/components/headers/JobLocation"
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/Job"
          links:
            GetJob:
              operationId: getJob
              parameters:
                id: $response.body#/id
            FollowJob:
              operationId: followJob
              parameters:
                id: $response.body#/id
            CancelJob:
              operationId: cancelJob
              parameters:
                id: $response.body#/id
        "400":
          $ref: "#/components/responses/BadRequest"
        "401":
          $ref: "#/components/responses/Unauthorized"
        "403":
          description: |
            The token lacks the `write` scope (`forbidden`), or the source, a subtitle source or the
            callback URL is refused by the reference policy (`source_not_allowed`,
            `callback_not_allowed`: not under `allow_sources`, or in a private network).
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/Error"
        "409":
          description: |
            `output_taken`: the `output` is, contains or lies inside the output of a queued, running
            or succeeded job (named in the message).
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/Error"
        "413":
          $ref: "#/components/responses/TooLarge"
        "422":
          description: "`idempotency_mismatch`: the `Idempotency-Key` was used for a different request."
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/Error"
        "429":
          $ref: "#/components/responses/RateLimited"
        "503":
          $ref: "#/components/responses/Unavailable"
    get:
      tags: [jobs]
      operationId: listJobs
      summary: List jobs, newest first.
      description: |
        A page of the jobs the token may see: a token with a tenant sees its tenant's jobs only;
        an `admin` token or one without a tenant sees every job. Needs the `read` scope.
      security:
        - apiToken: [read]
        - accessToken: [read]
      parameters:
        - name: limit
          in: query
          description: Jobs per page (default 20); values below 1 count as 1, above 100 as 100.
          schema:
            type: integer
        - name: status
          in: query
          description: Only jobs with this status.
          schema:
            $ref: "#/components/schemas/JobStatus"
        - name: cursor
          in: query
          description: The `next_cursor` of the previous page.
          schema:
            type: string
            format: uuid
      responses:
        "200":
          description: A page of jobs.
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/JobPage"
        "400":
          $ref: "#/components/responses/BadRequest"
        "401":
          $ref: "#/components/responses/Unauthorized"
        "403":
          $ref: "#/components/responses/Forbidden"
        "429":
          $ref: "#/components/responses/RateLimited"
        "503":
          $ref: "#/components/responses/Unavailable"
  /v1/jobs/{id}:
    parameters:
      - $ref: "#/components/parameters/JobID"
    get:
      tags: [jobs]
      operationId: getJob
      summary: Show a job.
      description: Needs the `read` scope. Another tenant's job is `404`.
      security:
        - apiToken: [read]
        - accessToken: [read]
      responses:
        "200":
          description: The job.
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/Job"
        "401":
          $ref: "#/components/responses/Unauthorized"
        "403":
          $ref: "#/components/responses/Forbidden"
        "404":
          $ref: "#/components/responses/NotFound"
        "429":
          $ref: "#/components/responses/RateLimited"
        "503":
          $ref: "#/components/responses/Unavailable"
    delete:
      tags: [jobs]
      operationId: cancelJob
      summary: Cancel a job.
      description: |
        A queued job is `cancelled` at once; a running one stops within a second (nothing is
        published) and the job keeps `cancel_requested` until its worker records `cancelled`.
        Cancelling a cancelled job again answers the same. The job stays visible. Needs the
        `write` scope.
      security:
        - apiToken: [write]
      responses:
        "202":
          description: The job, cancelled or being cancelled.
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/Job"
        "401":
          $ref: "#/components/responses/Unauthorized"
        "403":
          $ref: "#/components/responses/Forbidden"
        "404":
          $ref: "#/components/responses/NotFound"
        "409":
          description: "`already_finished`: the job already succeeded or failed."
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/Error"
        "429":
          $ref: "#/components/responses/RateLimited"
        "503":
          $ref: "#/components/responses/Unavailable"
  /v1/jobs/{id}/events:
    parameters:
      - $ref: "#/components/parameters/JobID"
    get:
      tags: [jobs]
      operationId: followJob
      summary: Follow a job's events (Server-Sent Events).
      description: |
        The job's stored events, then new ones as they happen; the stream ends after the final
        event (`succeeded`, `failed` or `cancelled`, whose data is the job). Each event has `id:`
        (a sequence number), `event:` (its name) and `data:` (one JSON object, see the
        `Event*` schemas). A comment line (`: keep-alive`) every 15 s keeps proxies from closing
        an idle stream. A client reconnecting with `Last-Event-ID` resumes after that event; one
        resuming after the final event gets an empty stream. Needs the `read` scope; a browser's
        `EventSource` may pass the token as `?access_token=`.

        Event names: `queued`, `attempt` (`EventAttempt`), `analysis` (`EventAnalysis`, per-title
        ladders only), `started` (`EventStarted`), `progress`
        (`EventProgress`), `segment` (`EventSegment`), `manifest` (`EventManifest`), `warning`
        (`EventWarning`), `completed` (`EventCompleted`), `retrying`, `released`, and finally
        `succeeded`, `failed` or `cancelled`. The data of `queued`, `retrying`, `released` and
        the final events is the job (`Job`).
      security:
        - apiToken: [read]
        - accessToken: [read]
      parameters:
        - name: Last-Event-ID
          in: header
          description: Resume after this event's `id:` (a non-number counts as none).
          schema:
            type: string
      responses:
        "200":
          description: The event stream.
          headers:
            Cache-Control:
              schema:
                type: string
                const: no-cache
          content:
            text/event-stream:
              schema:
                $ref: "#/components/schemas/ServerSentEvent"
              example: |
                retry: 2000

                id: 1
                event: queued
                data: {"id":"3f1c5a2e-0b7d-4c1e-9d6a-2f1e0c9b8a7d","status":"queued"}

                id: 2
                event: attempt
                data: {"attempt":1,"event":"attempt","worker":"host-1234-1"}
        "401":
          $ref: "#/components/responses/Unauthorized"
        "403":
          $ref: "#/components/responses/Forbidden"
        "404":
          $ref: "#/components/responses/NotFound"
        "429":
          $ref: "#/components/responses/RateLimited"
        "503":
          $ref: "#/components/responses/Unavailable"
  /v1/jobs/{id}/retry:
    parameters:
      - $ref: "#/components/parameters/JobID"
    post:
      tags: [jobs]
      operationId: retryJob
      summary: Run a failed or cancelled job again, as a new job.
      description: |
        Queues a new job from the request the service stored for this one (so content keys sealed
        in the store are never sent back and forth), owned by the same tenant and checked again
        like a new request (allow-list, ladder, output). Retrying the same job again returns the
        job its first retry made (`200`). Needs the `write` scope. No body.
      security:
        - apiToken: [write]
      responses:
        "200":
          description: The job was retried before; the job that retry made.
          headers:
            Location:
              $ref: "#/components/headers/JobLocation"
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/Job"
        "202":
          description: The new job is stored and queued.
          headers:
            Location:
              $ref: "#/components/headers/JobLocation"
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/Job"
          links:
            GetJob:
              operationId: getJob
              parameters:
                id: $response.body#/id
        "400":
          $ref: "#/components/responses/BadRequest"
        "401":
          $ref: "#/components/responses/Unauthorized"
        "403":
          description: |
            The token lacks the `write` scope (`forbidden`), or the reference policy now refuses the
            stored source or callback (`source_not_allowed`, `callback_not_allowed`).
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/Error"
        "404":
          $ref: "#/components/responses/NotFound"
        "409":
          description: |
            `not_retryable`: the job is queued, running or succeeded; `output_taken`: its `output`
            is held by another job now.
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/Error"
        "429":
          $ref: "#/components/responses/RateLimited"
        "503":
          $ref: "#/components/responses/Unavailable"
  /v1/jobs/{id}/preview:
    parameters:
      - $ref: "#/components/parameters/JobID"
    get:
      tags: [jobs, console]
      operationId: previewJob
      summary: A signed, short-lived path to a succeeded job's package.
      description: |
        Signs `/preview/{id}/{signature}/` for the job: below it, without a token, every file of
        the package (and nothing else) can be read for two hours — the way a video element, which
        cannot send the API token, plays the package. Relative URLs in the playlists stay under
        the signed path. The signature is an HMAC with `preview_secret` (or a random key of the
        process, so links end with it); it names the job and the expiry. Packages in a directory
        or S3 output can be previewed, zip archives cannot. Needs the `read` scope.
      security:
        - apiToken: [read]
        - accessToken: [read]
      responses:
        "200":
          description: The signed paths.
          headers:
            Cache-Control:
              schema:
                type: string
                const: no-store
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/PreviewLink"
        "401":
          $ref: "#/components/responses/Unauthorized"
        "403":
          $ref: "#/components/responses/Forbidden"
        "404":
          $ref: "#/components/responses/NotFound"
        "409":
          description: |
            `preview_unavailable`: the job has not succeeded, its package is a zip archive, or its
            result lists no files (packaged by an older Reel).
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/Error"
        "429":
          $ref: "#/components/responses/RateLimited"
        "503":
          $ref: "#/components/responses/Unavailable"
  /v1/ladders:
    get:
      tags: [ladders]
      operationId: listLadders
      summary: List the ladder presets.
      description: The presets a job's `ladder` may name. Needs the `read` scope.
      security:
        - apiToken: [read]
        - accessToken: [read]
      responses:
        "200":
          description: The presets.
          content:
            application/json:
              schema:
                type: object
                required: [ladders]
                properties:
                  ladders:
                    type: array
                    items:
                      $ref: "#/components/schemas/LadderSummary"
        "401":
          $ref: "#/components/responses/Unauthorized"
        "403":
          $ref: "#/components/responses/Forbidden"
        "429":
          $ref: "#/components/responses/RateLimited"
        "500":
          description: "`ladder_invalid`: a preset file of the service does not load."
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/Error"
  /v1/hooks/tusd:
    post:
      tags: [hooks]
      operationId: tusdHook
      summary: tusd v2 HTTP hook.
      description: |
        `post-finish` makes a job for the upload (`filestore`: `Storage.Path`; `s3store`:
        `s3://Storage.Bucket/Storage.Key`), with upload metadata `ladder` as its ladder (else the
        service's `default_ladder`). `pre-create` refuses an upload whose `ladder` is not a preset,
        in tusd's own response form. Other hook types get `{}`. A repeated `post-finish` for the
        same upload (id and size) and ladder answers the job it made the first time. Hooks are
        not rate limited.
      security:
        - hookToken: []
        - hookBearer: []
      requestBody:
        required: true
        content:
          application/json:
            schema:
              $ref: "#/components/schemas/TusdHookRequest"
      responses:
        "200":
          description: |
            `{}` (nothing to do, or a `pre-create` that may go ahead), a tusd rejection (a
            `pre-create` with an unknown ladder), or `{"job": …}` for a `post-finish` (with
            `Location`).
          headers:
            Location:
              description: The job of a `post-finish`.
              schema:
                type: string
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/TusdHookResponse"
        "400":
          $ref: "#/components/responses/BadRequest"
        "401":
          $ref: "#/components/responses/HookUnauthorized"
        "403":
          $ref: "#/components/responses/SourceRefused"
        "409":
          $ref: "#/components/responses/OutputTaken"
        "413":
          $ref: "#/components/responses/TooLarge"
        "503":
          $ref: "#/components/responses/Unavailable"
  /v1/hooks/s3:
    parameters:
      - $ref: "#/components/parameters/HookLadder"
    post:
      tags: [hooks]
      operationId: s3Hook
      summary: S3 event notification (directly, through SNS, or from MinIO).
      description: |
        An S3 event (`Records[]` with `eventName` `ObjectCreated:*` or `s3:ObjectCreated:*`,
        `s3.bucket.name` and the form-encoded `s3.object.key`) makes one job per created object;
        `s3:TestEvent` and other events are ignored. An SNS envelope (`Type`
        `SubscriptionConfirmation` or `Notification`, sent as `text/plain`) is unwrapped; a
        subscription is confirmed by fetching its `SubscribeURL`, only from AWS SNS hosts or under
        a `sns_subscribe_urls` prefix. A repeated notification for the same object version
        (bucket, key, ETag or version id) and ladder answers the job it made the first time.
      security:
        - hookToken: []
        - hookBearer: []
      requestBody:
        required: true
        content:
          application/json:
            schema:
              $ref: "#/components/schemas/S3HookRequest"
          text/plain:
            schema:
              type: string
              description: An SNS message (JSON text).
      responses:
        "200":
          $ref: "#/components/responses/HookJobs"
        "400":
          $ref: "#/components/responses/BadRequest"
        "401":
          $ref: "#/components/responses/HookUnauthorized"
        "403":
          $ref: "#/components/responses/SourceOrSubscriptionRefused"
        "409":
          $ref: "#/components/responses/OutputTaken"
        "413":
          $ref: "#/components/responses/TooLarge"
        "502":
          $ref: "#/components/responses/SubscriptionFailed"
        "503":
          $ref: "#/components/responses/Unavailable"
    head:
      tags: [hooks]
      operationId: s3HookCheck
      summary: Liveness check of the webhook target (MinIO).
      security: []
      responses:
        "200":
          description: The hook is there.
  /v1/hooks/minio:
    parameters:
      - $ref: "#/components/parameters/HookLadder"
    post:
      tags: [hooks]
      operationId: minioHook
      summary: MinIO webhook (the same records as `/v1/hooks/s3`).
      description: |
        The same as `POST /v1/hooks/s3`: MinIO's event records (event names with or without the
        `s3:` prefix, plus `EventName` and `Key`).
      security:
        - hookToken: []
        - hookBearer: []
      requestBody:
        required: true
        content:
          application/json:
            schema:
              $ref: "#/components/schemas/S3HookRequest"
      responses:
        "200":
          $ref: "#/components/responses/HookJobs"
        "400":
          $ref: "#/components/responses/BadRequest"
        "401":
          $ref: "#/components/responses/HookUnauthorized"
        "403":
          $ref: "#/components/responses/SourceOrSubscriptionRefused"
        "409":
          $ref: "#/components/responses/OutputTaken"
        "413":
          $ref: "#/components/responses/TooLarge"
        "502":
          $ref: "#/components/responses/SubscriptionFailed"
        "503":
          $ref: "#/components/responses/Unavailable"
    head:
      tags: [hooks]
      operationId: minioHookCheck
      summary: Liveness check of the webhook target (MinIO).
      security: []
      responses:
        "200":
          description: The hook is there.
  /healthz:
    get:
      tags: [operations]
      operationId: health
      summary: Health of the node.
      description: "`200` while the job store answers within 2 s, `503` otherwise (fast either way)."
      security: []
      responses:
        "200":
          description: The store answers.
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/Health"
        "503":
          description: The store does not answer.
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/Health"
  /metrics:
    get:
      tags: [operations]
      operationId: metrics
      summary: Prometheus metrics.
      description: |
        `reel_jobs{status}` (the cluster's jobs by status), `reel_jobs_finished_total{status}`,
        `reel_job_duration_seconds`, `reel_job_queue_wait_seconds`, `reel_job_retries_total`,
        `reel_callback_failures_total`, `reel_bytes_written_total`, `reel_encode_speed`,
        `reel_http_requests_total{route,method,status}`, `reel_auth_failures_total{route}`.
      security: []
      responses:
        "200":
          description: Prometheus text exposition format 0.0.4.
          content:
            text/plain:
              schema:
                type: string
        "503":
          $ref: "#/components/responses/Unavailable"
  /openapi.yaml:
    get:
      tags: [operations]
      operationId: openAPIYAML
      summary: This document (YAML).
      security: []
      responses:
        "200":
          description: The OpenAPI document.
          content:
            application/yaml:
              schema:
                type: object
  /openapi.json:
    get:
      tags: [operations]
      operationId: openAPIJSON
      summary: This document (JSON).
      security: []
      responses:
        "200":
          description: The OpenAPI document.
          content:
            application/json:
              schema:
                type: object
  /:
    get:
      tags: [console]
      operationId: console
      summary: The web console.
      description: |
        The console's page: sign in with an API token (kept in the tab's session storage), then
        the jobs (live), a job's progress, timeline and preview, and a form for new jobs. Plain
        HTML, CSS and JavaScript compiled into the binary; served with a strict
        `Content-Security-Policy` (everything from this server only, no inline script or style)
        and an `ETag` (`If-None-Match` answers `304`). Off with `console: false` (`--no-console`).
      security: []
      responses:
        "200":
          description: The page.
          headers:
            Content-Security-Policy:
              $ref: "#/components/headers/ConsolePolicy"
            ETag:
              $ref: "#/components/headers/ETag"
          content:
            text/html:
              schema:
                type: string
        "304":
          description: The page has not changed since the `ETag` the browser holds.
  /console/{file}:
    get:
      tags: [console]
      operationId: consoleFile
      summary: A file of the web console (stylesheet, script module, icon).
      security: []
      parameters:
        - name: file
          in: path
          required: true
          description: The file's name, such as `app.js`.
          schema:
            type: string
            examples: [app.js, console.css, favicon.svg]
          example: app.js
      responses:
        "200":
          description: The file.
          headers:
            Content-Security-Policy:
              $ref: "#/components/headers/ConsolePolicy"
            ETag:
              $ref: "#/components/headers/ETag"
          content:
            text/javascript:
              schema:
                type: string
            text/css:
              schema:
                type: string
            text/html:
              schema:
                type: string
            image/svg+xml:
              schema:
                type: string
        "304":
          description: The file has not changed since the `ETag` the browser holds.
        "404":
          description: "`not_found`: the console has no such file."
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/Error"
  /preview/{job}/{signature}/{path}:
    get:
      tags: [console]
      operationId: previewFile
      summary: A file at the root of a previewed package (`master.m3u8`, `manifest.mpd`, `poster.jpg`).
      description: |
        A file the job's result lists, read from the package's directory or S3 output, while the
        signature from `GET /v1/jobs/{id}/preview` holds. No token. `master.m3u8?rendition=ID` is
        the master playlist with only that video rendition's variants (audio and subtitles kept).
        A single byte range (`Range: bytes=…`) is answered `206`. Responses carry
        `Access-Control-Allow-Origin: *` (the signed path is the credential) and a
        `Content-Security-Policy` that lets no file run script.
      security: []
      parameters:
        - $ref: "#/components/parameters/PreviewJob"
        - $ref: "#/components/parameters/PreviewSignature"
        - name: path
          in: path
          required: true
          description: The file's name.
          schema:
            type: string
        - name: rendition
          in: query
          description: With `master.m3u8`, a video rendition's id (`v720p`).
          schema:
            type: string
        - $ref: "#/components/parameters/Range"
      responses:
        "200":
          $ref: "#/components/responses/PackageFile"
        "206":
          $ref: "#/components/responses/PackageFileRange"
        "400":
          $ref: "#/components/responses/BadRequest"
        "403":
          $ref: "#/components/responses/PreviewRefused"
        "404":
          $ref: "#/components/responses/PackageFileMissing"
        "409":
          $ref: "#/components/responses/PreviewUnavailable"
        "416":
          $ref: "#/components/responses/RangeNotSatisfiable"
        "502":
          $ref: "#/components/responses/StorageUnavailable"
        "503":
          $ref: "#/components/responses/Unavailable"
  /preview/{job}/{signature}/{path}/{file}:
    get:
      tags: [console]
      operationId: previewFolderFile
      summary: A file in a folder of a previewed package (`v720p/seg_00001.m4s`).
      description: |
        As `/preview/{job}/{signature}/{path}`, for a file in one of the package's folders (a
        rendition's playlists and segments, `thumbnails/`).
      security: []
      parameters:
        - $ref: "#/components/parameters/PreviewJob"
        - $ref: "#/components/parameters/PreviewSignature"
        - name: path
          in: path
          required: true
          description: The folder, such as `v720p`.
          schema:
            type: string
        - name: file
          in: path
          required: true
          description: The file's name in the folder.
          schema:
            type: string
        - $ref: "#/components/parameters/Range"
      responses:
        "200":
          $ref: "#/components/responses/PackageFile"
        "206":
          $ref: "#/components/responses/PackageFileRange"
        "403":
          $ref: "#/components/responses/PreviewRefused"
        "404":
          $ref: "#/components/responses/PackageFileMissing"
        "409":
          $ref: "#/components/responses/PreviewUnavailable"
        "416":
          $ref: "#/components/responses/RangeNotSatisfiable"
        "502":
          $ref: "#/components/responses/StorageUnavailable"
        "503":
          $ref: "#/components/responses/Unavailable"
components:
  securitySchemes:
    apiToken:
      type: http
      scheme: bearer
      description: |
        An API token (`--api-token`, `api_tokens`). Its scopes: `read` may GET, `write` may POST and
        DELETE, `admin` may do both and sees every tenant's jobs. A missing or unknown token is
        `401` with `WWW-Authenticate: Bearer realm="reel"`, a missing scope `403`. Each token is
        rate limited (`rate_limit` requests/s after a burst of `rate_burst`; `429` with
        `Retry-After` beyond).
    accessToken:
      type: apiKey
      in: query
      name: access_token
      description: The API token as a query parameter, for GET requests only (a browser's `EventSource`).
    hookToken:
      type: apiKey
      in: query
      name: token
      description: The hook secret (`hook_secret`) as `?token=`. With no hook secret configured the hooks answer `401`.
    hookBearer:
      type: http
      scheme: bearer
      description: "The hook secret as `Authorization: Bearer SECRET`."
  parameters:
    JobID:
      name: id
      in: path
      required: true
      description: The job's id (a lowercase UUID); an id the token may not see, or no job, is `404`.
      schema:
        type: string
    IdempotencyKey:
      name: Idempotency-Key
      in: header
      description: |
        Makes a retried request return the job of the first one (IETF draft
        `draft-ietf-httpapi-idempotency-key-header`); scoped to the token's tenant. 1 to 255
        printable ASCII characters, not blank, one key per request (`400` otherwise).
      schema:
        type: string
        minLength: 1
        maxLength: 255
        pattern: "^[\\x20-\\x7E]*[\\x21-\\x7E][\\x20-\\x7E]*$"
    PreviewJob:
      name: job
      in: path
      required: true
      description: The job whose package it is.
      schema:
        type: string
    PreviewSignature:
      name: signature
      in: path
      required: true
      description: "`EXPIRY.MAC` from `GET /v1/jobs/{id}/preview`."
      schema:
        type: string
    Range:
      name: Range
      in: header
      description: One byte range, `bytes=FIRST-LAST`, `bytes=FIRST-` or `bytes=-SUFFIX` (other forms read the whole file).
      schema:
        type: string
    HookLadder:
      name: ladder
      in: query
      description: The ladder preset of the jobs this notification makes (else `default_ladder`).
      schema:
        type: string
  headers:
    JobLocation:
      description: "`/v1/jobs/{id}` of the job."
      required: true
      schema:
        type: string
    ConsolePolicy:
      description: |
        The console's Content-Security-Policy: `default-src 'self'`, no inline script or style,
        Trusted Types, `frame-ancestors 'none'` (with `X-Content-Type-Options: nosniff`,
        `Referrer-Policy: no-referrer`, `X-Frame-Options: DENY`).
      required: true
      schema:
        type: string
    ETag:
      description: The file's entity tag (send it back as `If-None-Match`).
      required: true
      schema:
        type: string
    RetryAfter:
      description: Seconds to wait before retrying.
      schema:
        type: integer
        minimum: 1
  responses:
    BadRequest:
      description: |
        `invalid_request`: a malformed body (not JSON, not an object, an unknown field, a field of
        the wrong type or out of range, a number in `metadata` that cannot be kept exactly), a
        ladder that is no preset, inconsistent timing, a field over its size limit, or a bad
        header or query parameter. The message names the field.
      content:
        application/json:
          schema:
            $ref: "#/components/schemas/Error"
    Unauthorized:
      description: "`unauthorized`: no token, or an unknown one."
      headers:
        WWW-Authenticate:
          required: true
          schema:
            type: string
            const: Bearer realm="reel"
      content:
        application/json:
          schema:
            $ref: "#/components/schemas/Error"
    HookUnauthorized:
      description: "`unauthorized`: no hook secret, a wrong one, or hooks disabled (no `hook_secret`)."
      content:
        application/json:
          schema:
            $ref: "#/components/schemas/Error"
    Forbidden:
      description: "`forbidden`: the token lacks the scope the method needs (named in the message)."
      content:
        application/json:
          schema:
            $ref: "#/components/schemas/Error"
    NotFound:
      description: "`not_found`: no such job, or one of another tenant."
      content:
        application/json:
          schema:
            $ref: "#/components/schemas/Error"
    TooLarge:
      description: "`too_large`: the body is larger than `body_limit` (1 MiB)."
      content:
        application/json:
          schema:
            $ref: "#/components/schemas/Error"
    RateLimited:
      description: "`rate_limited`: the token is over its rate limit."
      headers:
        Retry-After:
          $ref: "#/components/headers/RetryAfter"
      content:
        application/json:
          schema:
            $ref: "#/components/schemas/Error"
    Unavailable:
      description: |
        `store_unavailable`: the job store is unreachable, locked or too slow (with `Retry-After`);
        or `transient`: a source's or callback's host cannot be resolved now.
      headers:
        Retry-After:
          $ref: "#/components/headers/RetryAfter"
      content:
        application/json:
          schema:
            $ref: "#/components/schemas/Error"
    SourceRefused:
      description: "`source_not_allowed`: the upload's source is not under `allow_sources`."
      content:
        application/json:
          schema:
            $ref: "#/components/schemas/Error"
    SourceOrSubscriptionRefused:
      description: |
        `source_not_allowed`: an object's source is not under `allow_sources`;
        `subscription_refused`: an SNS `SubscribeURL` from neither AWS SNS nor a `sns_subscribe_urls` prefix.
      content:
        application/json:
          schema:
            $ref: "#/components/schemas/Error"
    OutputTaken:
      description: "`output_taken`: the job's output is held by another job."
      content:
        application/json:
          schema:
            $ref: "#/components/schemas/Error"
    SubscriptionFailed:
      description: "`subscription_failed`: fetching the SNS `SubscribeURL` failed."
      content:
        application/json:
          schema:
            $ref: "#/components/schemas/Error"
    PackageFile:
      description: The file.
      headers:
        Accept-Ranges:
          schema:
            type: string
            const: bytes
      content:
        application/vnd.apple.mpegurl:
          schema:
            type: string
        application/dash+xml:
          schema:
            type: string
        video/mp4:
          schema:
            type: string
            format: binary
        audio/mp4:
          schema:
            type: string
            format: binary
        video/mp2t:
          schema:
            type: string
            format: binary
        text/vtt:
          schema:
            type: string
        image/jpeg:
          schema:
            type: string
            format: binary
        image/png:
          schema:
            type: string
            format: binary
        image/svg+xml:
          schema:
            type: string
        application/json:
          schema:
            type: object
        application/octet-stream:
          schema:
            type: string
            format: binary
    PackageFileRange:
      description: The byte range asked for.
      headers:
        Content-Range:
          required: true
          schema:
            type: string
      content:
        application/vnd.apple.mpegurl:
          schema:
            type: string
        application/dash+xml:
          schema:
            type: string
        video/mp4:
          schema:
            type: string
            format: binary
        audio/mp4:
          schema:
            type: string
            format: binary
        video/mp2t:
          schema:
            type: string
            format: binary
        text/vtt:
          schema:
            type: string
        image/jpeg:
          schema:
            type: string
            format: binary
        image/png:
          schema:
            type: string
            format: binary
        image/svg+xml:
          schema:
            type: string
        application/json:
          schema:
            type: object
        application/octet-stream:
          schema:
            type: string
            format: binary
    PreviewRefused:
      description: |
        `preview_invalid`: the signature is not one this service made for this job;
        `preview_expired`: it was, and its time is up (ask `GET /v1/jobs/{id}/preview` again).
      content:
        application/json:
          schema:
            $ref: "#/components/schemas/Error"
    PackageFileMissing:
      description: |
        `not_found`: the package has no such file (only files the job's result lists are served),
        the job no longer exists, the file is gone from the output, or `rendition` names no video
        rendition.
      content:
        application/json:
          schema:
            $ref: "#/components/schemas/Error"
    PreviewUnavailable:
      description: "`preview_unavailable`: the package cannot be read for a preview (a zip archive)."
      content:
        application/json:
          schema:
            $ref: "#/components/schemas/Error"
    RangeNotSatisfiable:
      description: "`range_not_satisfiable`: the range starts past the end of the file."
      headers:
        Content-Range:
          required: true
          description: "`bytes */SIZE`."
          schema:
            type: string
      content:
        application/json:
          schema:
            $ref: "#/components/schemas/Error"
    StorageUnavailable:
      description: "`storage_unavailable`: the S3 output failed to answer."
      content:
        application/json:
          schema:
            $ref: "#/components/schemas/Error"
    HookJobs:
      description: The jobs of the notification (none for an ignored event or a confirmed subscription).
      headers:
        Location:
          description: The first job.
          schema:
            type: string
      content:
        application/json:
          schema:
            type: object
            required: [jobs]
            properties:
              jobs:
                type: array
                items:
                  $ref: "#/components/schemas/Job"
  schemas:
    Error:
      type: object
      required: [error]
      properties:
        error:
          type: object
          required: [kind, message]
          properties:
            kind:
              type: string
              description: |
                Machine-readable: `invalid_request`, `unauthorized`, `forbidden`, `not_found`,
                `too_large`, `rate_limited`, `store_unavailable`, `transient`, `source_not_allowed`,
                `callback_not_allowed`, `output_taken`, `idempotency_mismatch`, `already_finished`,
                `subscription_refused`, `subscription_failed`, `ladder_invalid`, `not_retryable`,
                `preview_unavailable`, `preview_invalid`, `preview_expired`, `range_not_satisfiable`,
                `storage_unavailable`.
            message:
              type: string
              description: What is wrong, naming the field.
      example:
        error: {kind: invalid_request, message: 'the job is not valid: missing field "source"'}
    PackageJob:
      type: object
      description: |
        A packaging request: the body of `POST /v1/jobs`, the `request` of a job, and the file of
        `reel package --job`. Only `source` (or `inputs`) is required; `null` counts as absent.
        Unknown fields are refused. Checks beyond this schema: the ladder must load, `segment_duration` must be
        a whole multiple of `keyframe_interval`, and the source, subtitle sources and callback URL
        must pass the reference policy (`allow_sources`, private networks).
      anyOf:
        - required: [source]
        - required: [inputs]
      additionalProperties: false
      properties:
        source:
          type: string
          minLength: 1
          maxLength: 4096
          examples: ["s3://uploads/talk.mp4"]
          description: |
            The media by reference: a path, `file://`, `http(s)://`, `s3://BUCKET/KEY` or `data:`
            URI, allowed by `allow_sources` (default `s3://`, `https://`, `http://`). At most
            `source_limit` (4096) bytes. With `inputs`, absent or the first input's source.
        inputs:
          type: [array, "null"]
          minItems: 1
          maxItems: 32
          description: |
            Renditions already encoded, packaged as they are with `package_only`: every video and
            audio stream of every input is copied (no decode, no encode). Each source passes the
            reference policy like `source`.
          items:
            type: object
            required: [source]
            additionalProperties: false
            properties:
              source:
                type: string
                minLength: 1
                maxLength: 4096
              language:
                type: [string, "null"]
                description: The language of the input's audio (BCP 47), overriding the file's.
              name:
                type: [string, "null"]
                maxLength: 256
                description: The display name of the input's audio renditions.
        package_only:
          type: [boolean, "null"]
          description: |
            Copy the inputs' streams into the package as they are instead of transcoding to the
            ladder. Segments start at the keyframes every video rendition shares; renditions whose
            keyframes do not line up fail the job (`invalid_input`). Several inputs need it.
        ladder:
          description: A preset by name (default `web`, see `GET /v1/ladders`) or an inline ladder.
          oneOf:
            - type: string
              description: A preset name (letters, digits, `-` and `_`); never a file path.
              pattern: "^[A-Za-z0-9_-]+$"
            - $ref: "#/components/schemas/InlineLadder"
            - type: "null"
        formats:
          type: [array, "null"]
          description: The manifests to write (default both).
          minItems: 1
          items:
            type: string
            enum: [hls, dash]
        hls_segments:
          type: [string, "null"]
          description: The HLS segment container (default `fmp4`, shared with DASH; `ts` for legacy HLS).
          enum: [fmp4, ts, null]
        segment_duration:
          type: [number, "null"]
          exclusiveMinimum: 0
          description: Seconds, 0.5…60 in milliseconds (overrides the ladder's).
        keyframe_interval:
          type: [number, "null"]
          exclusiveMinimum: 0
          description: Seconds, 0.1 s up to `segment_duration`, dividing it (overrides the ladder's).
        subtitles:
          type: [array, "null"]
          maxItems: 32
          description: Subtitle sidecars (WebVTT, SRT, …), at most 32.
          items:
            $ref: "#/components/schemas/SubtitleInput"
        thumbnails:
          oneOf:
            - $ref: "#/components/schemas/ThumbnailOptions"
            - type: "null"
        poster:
          type: [number, "null"]
          minimum: 0
          description: The time (seconds) of the frame written as `poster.jpg`.
        output:
          type: [string, "null"]
          maxLength: 1024
          description: |
            Where the package goes: a relative path inside the service's destination (default: the
            job id; a token's tenant writes under a folder of its own). `NAME.zip` makes a zip archive
            (directory destinations only); `{content_id}` becomes the source's SHA-256. At most
            `output_limit` (1024) bytes. An output at, inside or around another live job's is `409`.
        callback_url:
          type: [string, "null"]
          maxLength: 2048
          description: |
            An `http(s)` URL the service POSTs the finished job to, signed with `Reel-Signature`.
            Not into private networks unless allowed. At most `callback_url_limit` (2048) bytes.
        metadata:
          description: |
            Any JSON, echoed back in the job and its callback. At most `metadata_limit` (16 KiB)
            as JSON; numbers are kept exactly (at most 38 significant digits).
        encryption:
          $ref: '#/components/schemas/Encryption'
        quality_report:
          type: [boolean, "null"]
          description: |
            Measure every encoded video rung against the source while packaging (PSNR and SSIM per
            rendition and segment, FFmpeg's `psnr` and `ssim` filters; no VMAF, Debian's FFmpeg has
            no libvmaf) and add `quality.json` and `quality.svg` to the package; the job's result
            links both. Not with `package_only`. Default false.
        cue_points:
          type: [array, "null"]
          items:
            type: number
            exclusiveMinimum: 0
          description: |
            Ad breaks, seconds from the start, ascending, inside the source's duration (a cue
            outside is an error). Each puts an IDR and a segment boundary in every rendition (the
            segments around it may be shorter), starts a DASH Period (same AdaptationSets,
            `startNumber` continued, `presentationTimeOffset` at the cue) and is marked in every
            HLS media playlist by an `EXT-X-DATERANGE` whose `SCTE35-OUT` holds an SCTE-35
            `splice_insert` (with `EXT-X-PROGRAM-DATE-TIME`). With `package_only`, every video
            rendition needs a keyframe at each cue.
        loudness:
          description: |
            A programme loudness for every audio rendition of the ladder, in place of the ladder's
            own: a standard's name, or the standard with its targets overridden. `ebu-r128`: −23
            LUFS, true peak at most −1 dBTP; `atsc-a85`: −24 LKFS, −2 dBTP; `streaming`: −16 LUFS,
            −1 dBTP. One gain, and a true-peak limiter only where a peak would pass the ceiling.
          oneOf:
            - type: "null"
            - $ref: "#/components/schemas/LoudnessStandard"
            - type: object
              additionalProperties: false
              required: [standard]
              properties:
                standard:
                  $ref: "#/components/schemas/LoudnessStandard"
                integrated:
                  type: number
                  minimum: -70
                  maximum: -5
                true_peak:
                  type: number
                  minimum: -9
                  maximum: 0
    Encryption:
      type: object
      description: |
        Encrypts the package: `cbcs` (CENC, one segment set for HLS `SAMPLE-AES` and DASH), `cenc`
        (AES-CTR, DASH) or `aes-128` (whole HLS segments). Keys are sealed in the job store with the
        server's `key_secret` (jobs with keys are `400` without one) and read back as `"redacted"`
        in every response, event and callback.
      additionalProperties: false
      properties:
        scheme:
          type: string
          enum: [cbcs, cenc, aes-128]
          description: Default `cbcs`.
        keys:
          type: array
          minItems: 1
          items:
            type: object
            additionalProperties: false
            required: [kid, key]
            properties:
              label:
                type: string
                enum: [video, audio, sd, hd, uhd]
                description: The tracks the key is for; none for every track no labelled key claims.
              kid:
                type: string
                description: The key id, 32 hex digits or a UUID.
              key:
                type: string
                description: The key, 32 hex digits.
        cpix:
          type: string
          description: |
            A DASH-IF CPIX document by reference (like `source`), read when the job runs: its plain
            keys, labelled by its usage rules, and each DRM system's `pssh` and HLS key URI. Instead
            of `keys`; nothing secret is stored.
        drm:
          type: array
          items:
            type: string
            enum: [clearkey, widevine, playready, fairplay, identity]
          description: The DRM systems the manifests signal (default `clearkey`).
        license_url:
          type: string
          description: The license server of the DASH ClearKey element.
        fairplay_uri:
          type: string
          description: The FairPlay `skd://` key URI (default `skd://` and the key id in hex).
        hls_key_uri:
          type: string
          description: "`aes-128` and `identity`: the key URI the playlists point at."
        hls_key_file:
          type: string
          description: "`aes-128` and `identity`: also write the key into the package under this name."
        pssh_in_init:
          type: boolean
          description: |
            Put every system's `pssh` box into the init segments too. By default only ClearKey's
            common box is there; the others are in the MPD (`cenc:pssh`) and the HLS key URIs.
    InlineLadder:
      type: object
      description: |
        A ladder in the preset schema (see `ladders/*.yaml`), validated like a preset file; unknown
        keys are refused. `name` defaults to `inline`. Bitrates are `5000k`, `5.35M` or `128000`.
      additionalProperties: false
      properties:
        name:
          description: "[A-Za-z0-9._-]+"
        summary:
          description: One line.
        segment_duration:
          description: Seconds (≤ 60), default 6; a whole multiple of `keyframe_interval`.
        keyframe_interval:
          description: Seconds (≤ 60), default 2.
        video:
          description: |
            `codec` (`h264` | `hevc`), `preset`, and optionally `profile`, `level`, `pixel_format`
            (`yuv420p` | `yuv420p10le`), `rate_control` (`bitrate` | `crf`), `crf` (0…51),
            `threads`, `tune`, `params`. Required when there are rungs.
        per_title:
          description: |
            Optional: the rungs become candidate sizes and each source gets its own ladder from
            trial encodes. `target` (or `max`: the top rung's quality), `min_bitrate`,
            `max_bitrate`, `min_step` (least quality between neighbouring rungs) are required;
            `metric` (`psnr` | `ssim`), `min` (the lowest rung's floor), `max_rungs`, `max_ratio`
            (largest bitrate ratio between neighbouring rungs, default 2.5),
            `rate_control` (`capped_crf` | `bitrate`), `trials` (`samples`, `duration`, `preset`,
            `crf`: 2–8 values) are optional. With it, rungs give sizes only and `video` has no
            `rate_control` or `crf`. The choice and its reasons are in `quality_report.per_title`.
        rungs:
          description: |
            Video rungs: `name`, `width` and/or `height` (even, 2…8192), `bitrate`, and optionally
            `maxrate` with `bufsize`, `max_fps`, `profile`, `level`, `passthrough` (`never` |
            `auto`: copy the source's video into this rung when it fits; one rung at most). With
            `per_title`: `name`, the size, and optionally `max_fps`, `profile`, `level`.
        audio:
          description: "Audio renditions: `name`, `bitrate`, and optionally `codec` (`aac` | `ac3` | `eac3`), `channels`, `sample_rate`, `loudness` (`{standard: ebu-r128 | atsc-a85 | streaming, integrated: LUFS, true_peak: dBTP}`: the programme brought to −23 LUFS / −24 LKFS / −16 LUFS, true peak at most −1 / −2 / −1 dBTP unless given, by one gain and a true-peak limiter only when needed)."
    SubtitleInput:
      type: object
      required: [source]
      additionalProperties: false
      properties:
        source:
          type: string
          description: The sidecar by reference, under the same policy and size limit as `source`.
        language:
          type: [string, "null"]
          description: A language code such as `en`, `eng` or `pt-BR` (normalised).
        name:
          type: [string, "null"]
          maxLength: 256
          description: The track's name shown by players (at most 256 bytes).
        forced:
          type: [boolean, "null"]
        default:
          type: [boolean, "null"]
        sdh:
          type: [boolean, "null"]
    ThumbnailOptions:
      type: object
      description: Trick-play thumbnails, JPEG sprite sheets listed in both manifests (an HLS image playlist, a DASH image set) and a WebVTT track. Sizes are made even.
      required: [interval]
      additionalProperties: false
      properties:
        interval:
          type: number
          minimum: 0.1
          maximum: 3600
          description: Seconds between thumbnails.
        width:
          type: [integer, "null"]
          minimum: 16
          maximum: 1920
        height:
          type: [integer, "null"]
          minimum: 16
          maximum: 1920
    JobStatus:
      type: string
      enum: [queued, running, succeeded, failed, cancelled]
      description: "`queued` → `running` → `succeeded` | `failed` | `cancelled`; a retry puts a running job back to `queued`."
    PreviewLink:
      type: object
      description: Signed paths to a package's files, each present only when the package has that file.
      required: [job, expires_at, base]
      properties:
        job:
          type: string
          format: uuid
        expires_at:
          type: string
          format: date-time
          description: When the signature stops working (two hours after it was made).
        base:
          type: string
          description: "`/preview/{job}/{signature}/`: every file of the package is below it."
        hls:
          type: string
          description: The HLS master playlist (`?rendition=ID` narrows it to one video rendition).
        dash:
          type: string
          description: The DASH manifest.
        poster:
          type: string
          description: "`poster.jpg`."
        thumbnails:
          type: string
          description: The WebVTT thumbnail track (`thumbnails/thumbnails.vtt`).
        quality:
          type: string
          description: The rate–quality chart (`quality.svg`).
    Job:
      type: object
      required:
        [id, request, status, progress, attempts, max_attempts, cancel_requested, created_at, updated_at, run_after]
      properties:
        id:
          type: string
          format: uuid
        request:
          $ref: "#/components/schemas/JobRequest"
        status:
          $ref: "#/components/schemas/JobStatus"
        progress:
          type: number
          minimum: 0
          maximum: 1
        attempts:
          type: integer
          minimum: 0
          description: Attempts started so far.
        max_attempts:
          type: integer
          minimum: 1
          description: Attempts allowed before a transient failure is final.
        worker:
          type: string
          description: The worker that holds or last held the job.
        error:
          $ref: "#/components/schemas/JobFailure"
        result:
          $ref: "#/components/schemas/JobResult"
        cancel_requested:
          type: boolean
        idempotency_key:
          type: string
          description: The store's key of the job (hooks, `Idempotency-Key`).
        owner:
          type: string
          description: The tenant that created the job.
        created_at:
          type: string
          format: date-time
        updated_at:
          type: string
          format: date-time
        started_at:
          type: string
          format: date-time
        finished_at:
          type: string
          format: date-time
        run_after:
          type: string
          format: date-time
          description: The earliest time a queued job may be claimed (later while a retry backs off).
        lease_expires_at:
          type: string
          format: date-time
    JobRequest:
      type: object
      description: The request as the service stored it (references in canonical form, defaults filled in).
      required: [source, ladder, formats]
      properties:
        source:
          type: string
        inputs:
          type: array
          items:
            type: object
            required: [source]
            properties:
              source:
                type: string
              language:
                type: string
              name:
                type: string
        package_only:
          type: boolean
        ladder:
          oneOf:
            - type: string
            - type: object
        formats:
          type: array
          items:
            type: string
            enum: [hls, dash]
        hls_segments:
          type: string
          enum: [fmp4, ts]
        segment_duration:
          type: number
        keyframe_interval:
          type: number
        subtitles:
          type: array
          items:
            type: object
            required: [source]
            properties:
              source:
                type: string
              language:
                type: string
              name:
                type: string
              forced:
                type: boolean
              default:
                type: boolean
              sdh:
                type: boolean
        thumbnails:
          type: object
          required: [interval]
          properties:
            interval:
              type: number
            width:
              type: integer
            height:
              type: integer
        poster:
          type: number
        output:
          type: string
        callback_url:
          type: string
        metadata: {}
        encryption:
          type: object
          description: The encryption request, every key `"redacted"`.
        quality_report:
          type: boolean
        cue_points:
          type: array
          items:
            type: number
        loudness:
          type: object
          properties:
            standard:
              $ref: "#/components/schemas/LoudnessStandard"
            integrated:
              type: number
            true_peak:
              type: number
    JobFailure:
      type: object
      required: [kind, message]
      properties:
        kind:
          type: string
          description: "`unsupported`, `invalid_input`, `permanent`, `transient` or `cancelled`."
        message:
          type: string
    JobResult:
      type: object
      required: [output, manifests, content_id, recipe, renditions, bytes, duration, wall_time]
      properties:
        output:
          type: string
          description: The package's destination (directory, `NAME.zip` or `s3://BUCKET/PREFIX/`).
        manifests:
          type: object
          description: Manifest URLs by format (`hls`, `dash`), under `public_url` when configured.
          additionalProperties:
            type: string
        content_id:
          type: string
          description: SHA-256 of the source bytes.
        recipe:
          type: string
          description: A hash of everything besides the source that decides the package.
        renditions:
          type: array
          items:
            $ref: "#/components/schemas/RenditionSummary"
        bytes:
          type: integer
        duration:
          type: number
          description: Presentation seconds.
        wall_time:
          type: number
          description: Seconds the packaging took (0 when reused).
        reused_from:
          type: string
          description: The earlier job whose package this one reuses (a duplicate upload).
        quality_report:
          $ref: "#/components/schemas/QualityReportSummary"
        loudness:
          type: array
          items:
            $ref: "#/components/schemas/LoudnessSummary"
    LoudnessStandard:
      type: string
      enum: [ebu-r128, atsc-a85, streaming]
    LoudnessFigures:
      type: object
      required: [integrated, true_peak, lra]
      properties:
        integrated:
          type: number
          description: Integrated loudness, LUFS (ITU-R BS.1770-4, EBU R 128 gating).
        true_peak:
          type: number
          description: Highest true peak of any channel, dBTP.
        lra:
          type: number
          description: Loudness range, LU (EBU Tech 3342).
    LoudnessSummary:
      type: object
      description: |
        An audio rendition with a `loudness` target in its ladder: the target, the gain applied
        and whether the true-peak limiter ran, the source stream's loudness measured before
        encoding (`input`, absent when it cannot be measured: silence, below the −70 LUFS gate,
        left as it is) and what the encoder was given (`output`).
      required: [rendition, standard, target_integrated, target_true_peak, limited]
      properties:
        rendition:
          type: string
        standard:
          type: string
          enum: [ebu-r128, atsc-a85, streaming]
        target_integrated:
          type: number
        target_true_peak:
          type: number
        gain_db:
          type: number
        limited:
          type: boolean
        input:
          $ref: "#/components/schemas/LoudnessFigures"
        output:
          $ref: "#/components/schemas/LoudnessFigures"
    QualityReportSummary:
      type: object
      description: |
        The quality report of a job that asked for one: `json` and `svg` are `quality.json` and
        `quality.svg` located like the manifests (under `public_url` when configured), and each
        video rendition's PSNR (dB, of the mean MSE over its frames, as ffmpeg's `average`) and
        mean SSIM against the source scaled to its size. In the `completed` event the two files
        are paths relative to the package. A per-title ladder always has a report, with
        `per_title`: what was chosen and why.
      required: [json, svg, renditions]
      properties:
        per_title:
          type: object
          required: [metric, target, rate_control, analysis, rungs, dropped]
          properties:
            metric:
              type: string
              enum: [psnr, ssim]
            target:
              type: number
            floor:
              type: number
            rate_control:
              type: string
              enum: [capped_crf, bitrate]
            analysis:
              type: object
              required: [stretches, seconds, trials, cpu_seconds]
              properties:
                stretches:
                  type: integer
                seconds:
                  type: number
                  description: Seconds of source in the stretches together.
                trials:
                  type: integer
                cpu_seconds:
                  type: number
            rungs:
              type: array
              description: Top rung first.
              items:
                type: object
                required: [name, width, height, bitrate, predicted_psnr, reason]
                properties:
                  name:
                    type: string
                  width:
                    type: integer
                  height:
                    type: integer
                  bitrate:
                    type: integer
                  crf:
                    type: number
                  predicted_psnr:
                    type: number
                    description: dB against the source at the rung's size, from the trials.
                  predicted_ssim:
                    type: number
                  reason:
                    type: string
            dropped:
              type: array
              items:
                type: object
                required: [name, reason]
                properties:
                  name:
                    type: string
                  reason:
                    type: string
        json:
          type: string
        svg:
          type: string
        renditions:
          type: array
          items:
            type: object
            required: [id, width, height, bitrate, psnr, ssim]
            properties:
              id:
                type: string
              width:
                type: integer
              height:
                type: integer
              bitrate:
                type: integer
                description: Measured bit rate, bits per second.
              psnr:
                type: number
                description: dB.
              ssim:
                type: number
    RenditionSummary:
      type: object
      required: [id, kind, codecs, segments, bytes, peak_bitrate, average_bitrate]
      properties:
        id:
          type: string
        kind:
          type: string
          enum: [video, audio, subtitles]
        codecs:
          type: string
        width:
          type: integer
        height:
          type: integer
        frame_rate:
          type: number
        segments:
          type: integer
        bytes:
          type: integer
        peak_bitrate:
          type: integer
          description: Bits per second.
        average_bitrate:
          type: integer
          description: Bits per second.
        copied:
          type: boolean
          description: >-
            Whether the rendition is a source stream copied as it is (package-only inputs, a
            `passthrough` rung the source fitted) rather than encoded.
    JobPage:
      type: object
      required: [jobs]
      properties:
        jobs:
          type: array
          items:
            $ref: "#/components/schemas/Job"
        next_cursor:
          type: string
          description: Pass back as `cursor` for the next page; absent on the last page.
    LadderSummary:
      type: object
      required: [name, summary, segment_duration, keyframe_interval, rungs, audio]
      properties:
        name:
          type: string
        summary:
          type: string
        codec:
          type: string
          enum: [h264, hevc]
          description: Absent for audio-only ladders.
        segment_duration:
          type: number
        keyframe_interval:
          type: number
        rungs:
          type: array
          items:
            type: string
        audio:
          type: array
          items:
            type: string
    Health:
      type: object
      required: [status]
      properties:
        status:
          type: string
          description: "`ok`, or why the store is unavailable."
    TusdHookRequest:
      type: object
      description: |
        A tusd v2 hook request: `{"Type": "post-finish", "Event": {"Upload": {"ID", "Size",
        "IsPartial", "MetaData": {"ladder": …}, "Storage": {"Type": "filestore" | "s3store", "Path",
        "Bucket", "Key"}}}}`. Only `Type` is read for every hook; `Event.Upload` only for
        `pre-create` (`MetaData.ladder`) and `post-finish`, whose missing or malformed fields are
        `400`. Fields Reel does not use are ignored.
      required: [Type]
      properties:
        Type:
          type: string
          minLength: 1
          description: "`pre-create`, `post-finish`, or another hook type (ignored)."
      example:
        Type: post-finish
        Event:
          Upload:
            ID: 3b6e1c
            Size: 1048576
            MetaData: {ladder: web, filename: talk.mp4}
            Storage: {Type: s3store, Bucket: uploads, Key: 3b6e1c}
    TusdHookResponse:
      oneOf:
        - type: object
          description: Nothing to say (`{}`).
          maxProperties: 0
        - type: object
          description: A `pre-create` refused (unknown ladder).
          required: [HTTPResponse, RejectUpload]
          properties:
            HTTPResponse:
              type: object
              required: [StatusCode, Body]
              properties:
                StatusCode:
                  type: integer
                Body:
                  type: string
            RejectUpload:
              type: boolean
        - type: object
          description: The job of a `post-finish`.
          required: [job]
          properties:
            job:
              $ref: "#/components/schemas/Job"
    S3HookRequest:
      type: object
      description: |
        An S3 event notification (`{"Records": [{"eventName": "ObjectCreated:Put", "s3": {"bucket":
        {"name"}, "object": {"key", "eTag", "versionId"}}}]}`), a MinIO one (the same `Records`,
        plus `EventName` and `Key`), or an SNS message (`Type` `SubscriptionConfirmation` with
        `SubscribeURL`, or `Notification` with the S3 event as `Message`). Records of other events,
        test events and fields Reel does not use are ignored; a created object's record without a
        bucket or key is `400`.
      example:
        Records:
          - eventName: "ObjectCreated:Put"
            s3:
              bucket: {name: uploads}
              object: {key: talk.mp4, eTag: 9b2cf535f27731c974343645a3985328}
    ServerSentEvent:
      type: object
      description: One event of the stream (the schema of each event, not of the whole body).
      required: [data]
      properties:
        id:
          type: string
          pattern: "^[0-9]+$"
          description: The event's sequence number (for `Last-Event-ID`).
        event:
          type: string
          enum:
            [queued, attempt, analysis, started, progress, segment, manifest, warning, completed, retrying,
              released, succeeded, failed, cancelled]
        data:
          type: string
          description: One JSON object.
          contentMediaType: application/json
          contentSchema:
            anyOf:
              - $ref: "#/components/schemas/Job"
              - $ref: "#/components/schemas/EventAttempt"
              - $ref: "#/components/schemas/EventAnalysis"
              - $ref: "#/components/schemas/EventStarted"
              - $ref: "#/components/schemas/EventProgress"
              - $ref: "#/components/schemas/EventSegment"
              - $ref: "#/components/schemas/EventManifest"
              - $ref: "#/components/schemas/EventWarning"
              - $ref: "#/components/schemas/EventCompleted"
        retry:
          type: integer
          description: Milliseconds a client waits before reconnecting (2000, sent first).
    EventAttempt:
      type: object
      description: "`attempt`: a worker claimed the job."
      required: [event, attempt, worker]
      properties:
        event:
          const: attempt
        attempt:
          type: integer
        worker:
          type: string
    EventAnalysis:
      type: object
      description: "`analysis`: per-title trial encodes, once per sampled stretch, before `started`."
      properties:
        event:
          const: analysis
        fraction:
          type: number
        stretches:
          type: integer
        candidates:
          type: array
          items:
            type: string
        rate_points:
          type: integer
    EventStarted:
      type: object
      description: "`started`: the source and the plan."
      properties:
        event:
          const: started
        source:
          type: string
        container:
          type: string
        duration:
          type: number
        streams:
          type: array
          items:
            type: string
        renditions:
          type: array
          items:
            type: string
    EventProgress:
      type: object
      description: "`progress`: at most every second; the slowest rendition decides `fraction`."
      properties:
        event:
          const: progress
        fraction:
          type: number
        out_time:
          type: number
        fps:
          type: number
        speed:
          type: number
        elapsed:
          type: number
        renditions:
          type: array
          items:
            type: object
            properties:
              rendition:
                type: string
              out_time:
                type: number
              frames:
                type: integer
              fps:
                type: number
              bitrate:
                type: integer
    EventSegment:
      type: object
      description: "`segment`: a segment reached the output."
      properties:
        event:
          const: segment
        rendition:
          type: string
        index:
          type: integer
        path:
          type: string
        bytes:
          type: integer
        duration:
          type: number
    EventManifest:
      type: object
      description: "`manifest`: a playlist or MPD reached the output."
      properties:
        event:
          const: manifest
        path:
          type: string
        bytes:
          type: integer
    EventWarning:
      type: object
      properties:
        event:
          const: warning
        message:
          type: string
    EventCompleted:
      type: object
      description: "`completed`: the package is written (the job's `succeeded` follows)."
      properties:
        event:
          const: completed
        source:
          type: string
        duration:
          type: number
        renditions:
          type: array
          items:
            $ref: "#/components/schemas/RenditionSummary"
        manifests:
          type: array
          items:
            type: string
        total_bytes:
          type: integer
        wall_time:
          type: number
        warnings:
          type: integer
        content_id:
          type: string
        quality_report:
          $ref: "#/components/schemas/QualityReportSummary"
        loudness:
          type: array
          items:
            $ref: "#/components/schemas/LoudnessSummary"

"""#
}
