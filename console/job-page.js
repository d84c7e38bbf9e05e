// One job: status and progress (live, from the job's event stream), Cancel and Retry, the error,
// the preview and renditions of a finished package, the event timeline, details and the request.

import { ApiError, call, eventStreamURL, get } from "./api.js";
import { announce, h, replace } from "./dom.js";
import * as format from "./format.js";
import { navigate } from "./navigate.js";
import { renderPreview } from "./preview.js";
import { Timeline } from "./timeline.js";

/** Event names of the job event stream (`GET /v1/jobs/{id}/events`). */
const eventNames = [
  "queued",
  "attempt",
  "analysis",
  "started",
  "progress",
  "segment",
  "manifest",
  "warning",
  "completed",
  "retrying",
  "released",
  "succeeded",
  "failed",
  "cancelled",
];

/** While a job runs, its fields (attempts, worker) are read again this often. */
const pollMilliseconds = 4000;

/**
 * Renders a job page.
 * @param {HTMLElement} main
 * @param {{id: string}} route
 * @returns {() => void} Closes the event stream and stops polling.
 */
export function render(main, route) {
  const id = route.id;
  document.title = "Job · Reel console";
  let job = null;
  let stream = null;
  let timer = 0;
  let stopped = false;
  let lastProgressEvent = 0;
  let finalShown = false;

  const title = h("h1", { id: "job-title", text: "Job" });
  const subtitle = h("p", { class: "muted mono small", text: id });
  const actions = h("div", { class: "actions" });
  const badge = h("span", { class: "badge", role: "status" });
  const bar = h("progress", { max: "1", value: 0, "aria-labelledby": "progress-label" });
  const barText = h("span", { class: "progress-text", id: "progress-label" });
  const progress = h("div", { class: "progress large" }, bar, barText);
  const speed = h("p", { class: "muted small" });
  const errorBox = h("div", { class: "notice error", hidden: true });
  const message = h("div", { class: "notice", role: "alert", hidden: true });
  const previewCard = h("section", { class: "card", "aria-labelledby": "preview-title", hidden: true });
  const renditionsCard = h("section", { class: "card", "aria-labelledby": "renditions-title", hidden: true });
  const qualityCard = h("section", { class: "card quality", "aria-labelledby": "quality-title", hidden: true });
  const timeline = new Timeline();
  const details = h("dl", { class: "facts" });
  const request = h("pre", { class: "request", tabindex: "0", "aria-label": "The job's request as JSON" });

  const detailsCard = h("section", { class: "card area-details", "aria-labelledby": "details-title" }, h("h2", { id: "details-title", text: "Details" }), details);
  const timelineCard = h("section", { class: "card area-timeline", "aria-labelledby": "timeline-title" }, h("h2", { id: "timeline-title", text: "Timeline" }), timeline.element);
  const requestCard = h("section", { class: "card area-request", "aria-labelledby": "request-title" }, h("h2", { id: "request-title", text: "Request" }), request);
  previewCard.classList.add("area-preview");
  renditionsCard.classList.add("area-renditions");
  qualityCard.classList.add("area-quality");
  const layout = h("div", { class: "job-layout" }, previewCard, detailsCard, renditionsCard, qualityCard, timelineCard, requestCard);
  main.append(
    h(
      "article",
      { "aria-labelledby": "job-title" },
      h("div", { class: "page-head" }, h("div", {}, title, subtitle), actions),
      message,
      h("section", { class: "card", "aria-label": "Status" }, h("div", { class: "job-status" }, badge, progress), speed),
      errorBox,
      layout,
    ),
  );

  /** Shows a job's fields (the event stream moves the progress bar in between). */
  function update(next) {
    job = next;
    const name = format.sourceName(job.request?.source);
    title.textContent = name;
    title.title = job.request?.source ?? "";
    document.title = `${name} · Reel console`;
    badge.className = `badge ${job.status}`;
    badge.textContent = job.cancel_requested && !format.isFinal(job.status) ? "Cancelling" : format.statusLabel(job.status);
    progress.className = `progress large ${job.status}`;
    if (job.status === "succeeded") setProgress(1);
    else if (format.isFinal(job.status) || Date.now() - lastProgressEvent > pollMilliseconds) setProgress(job.progress ?? 0);
    if (format.isFinal(job.status)) speed.textContent = finalLine(job);
    else if (job.status === "queued") speed.textContent = queuedLine(job);
    renderActions();
    renderError();
    renderDetails();
    request.textContent = JSON.stringify(job.request ?? {}, null, 2);
    if (job.status === "succeeded" && !finalShown) {
      finalShown = true;
      layout.classList.add("has-package");
      renderRenditions();
      renderPreview(previewCard, job, qualityCard);
    }
  }

  function setProgress(fraction) {
    bar.value = fraction;
    barText.textContent = format.percent(fraction);
  }

  function renderActions() {
    const buttons = [];
    if (!format.isFinal(job.status)) {
      const cancel = h("button", {
        type: "button",
        class: "button danger",
        id: "cancel-job",
        text: job.cancel_requested ? "Cancelling…" : "Cancel job",
        disabled: job.cancel_requested,
      });
      cancel.addEventListener("click", () => confirmCancel());
      buttons.push(cancel);
    }
    if (job.status === "failed" || job.status === "cancelled") {
      const retry = h("button", { type: "button", class: "button primary", id: "retry-job", text: "Retry" });
      retry.addEventListener("click", () => doRetry(retry));
      buttons.push(retry);
    }
    // Keep a confirmation the person is answering.
    if (actions.querySelector(".confirm") && !format.isFinal(job.status) && !job.cancel_requested) return;
    replace(actions, buttons);
  }

  function confirmCancel() {
    const yes = h("button", { type: "button", class: "button danger solid", id: "confirm-cancel", text: "Yes, cancel it" });
    const no = h("button", { type: "button", class: "button", text: "Keep it" });
    const group = h(
      "div",
      { class: "confirm", role: "group", "aria-labelledby": "confirm-text" },
      h("span", { id: "confirm-text", text: "Cancel this job?" }),
      yes,
      no,
    );
    replace(actions, group);
    yes.focus();
    no.addEventListener("click", () => {
      replace(actions);
      renderActions();
      actions.querySelector("#cancel-job")?.focus();
    });
    yes.addEventListener("click", async () => {
      yes.disabled = true;
      no.disabled = true;
      try {
        const answer = await call("DELETE", `/v1/jobs/${encodeURIComponent(id)}`);
        replace(actions);
        update(answer.body);
        announce(answer.body.status === "cancelled" ? "Job cancelled" : "Cancelling the job");
      } catch (failure) {
        replace(actions);
        renderActions();
        showMessage(failure);
      }
    });
  }

  async function doRetry(button) {
    button.disabled = true;
    button.textContent = "Retrying…";
    try {
      const answer = await call("POST", `/v1/jobs/${encodeURIComponent(id)}/retry`);
      announce(`Retry queued as job ${answer.body.id}`);
      navigate(`#/jobs/${encodeURIComponent(answer.body.id)}`);
    } catch (failure) {
      button.disabled = false;
      button.textContent = "Retry";
      showMessage(failure);
    }
  }

  function showMessage(failure) {
    message.className = "notice error";
    message.textContent = failure instanceof ApiError ? failure.message : String(failure);
    message.hidden = false;
  }

  function renderError() {
    const error = job.error;
    if (!error) {
      errorBox.hidden = true;
      return;
    }
    const waiting = job.status === "queued";
    errorBox.className = waiting ? "notice warn" : "notice error";
    replace(
      errorBox,
      h("h2", { text: waiting ? `Attempt ${job.attempts} failed; retrying` : "Error" }),
      h("p", {}, h("strong", { text: `${error.kind}: ` }), error.message),
      waiting ? h("p", { class: "small", text: `Next attempt after ${format.dateTime(job.run_after)}.` }) : null,
    );
    errorBox.hidden = false;
  }

  function renderDetails() {
    const result = job.result;
    const facts = [
      ["Status", format.statusLabel(job.status)],
      ["Job id", h("span", { class: "mono", text: job.id })],
      ["Ladder", format.ladderName(job.request)],
      ["Formats", (job.request?.formats ?? []).join(", ").toUpperCase() || "—"],
      ["Attempts", `${job.attempts} of ${job.max_attempts}`],
      job.worker ? ["Worker", job.worker] : null,
      job.owner ? ["Tenant", job.owner] : null,
      ["Created", timeElement(job.created_at)],
      job.started_at ? ["Started", timeElement(job.started_at)] : null,
      job.finished_at ? ["Finished", timeElement(job.finished_at)] : null,
      result ? ["Duration", format.duration(result.duration)] : null,
      result ? ["Size", format.bytes(result.bytes)] : null,
      result && result.wall_time > 0 ? ["Packaging time", `${format.duration(result.wall_time)} (${(result.duration / result.wall_time).toFixed(1)}× real time)`] : null,
      result?.reused_from
        ? ["Reuses", h("a", { href: `#/jobs/${encodeURIComponent(result.reused_from)}`, text: `the package of job ${result.reused_from.slice(0, 8)}` })]
        : null,
      result ? ["Output", h("span", { class: "mono", text: result.output })] : null,
      result?.content_id ? ["Content id", h("span", { class: "mono", title: result.content_id, text: `${result.content_id.slice(0, 16)}…` })] : null,
      job.request?.callback_url ? ["Callback", h("span", { class: "mono", text: job.request.callback_url })] : null,
    ].filter(Boolean);
    replace(
      details,
      facts.map(([term, value]) => [h("dt", { text: term }), h("dd", {}, value)]),
    );
  }

  function renderRenditions() {
    const renditions = job.result?.renditions ?? [];
    if (renditions.length === 0) return;
    const head = ["Rendition", "Kind", "Codecs", "Picture", "Average", "Peak", "Segments", "Size"];
    const numeric = new Set(["Average", "Peak", "Segments", "Size"]);
    replace(
      renditionsCard,
      h("h2", { id: "renditions-title", text: "Renditions" }),
      h(
        "div",
        { class: "table-wrap", tabindex: "0", role: "region", "aria-labelledby": "renditions-title" },
        h(
          "table",
          { class: "data stack" },
          h("thead", {}, h("tr", {}, head.map((name) => h("th", { scope: "col", class: numeric.has(name) ? "number" : null, text: name })))),
          h(
            "tbody",
            {},
            renditions.map((rendition) =>
              h(
                "tr",
                {},
                h("th", { scope: "row", class: "mono", text: rendition.id }),
                h("td", { dataset: { label: "Kind" }, text: rendition.copied ? `${rendition.kind} (copied)` : rendition.kind }),
                h("td", { class: "mono", dataset: { label: "Codecs" }, text: rendition.codecs }),
                h("td", { dataset: { label: "Picture" }, text: picture(rendition) }),
                h("td", { class: "number", dataset: { label: "Average" }, text: format.bitrate(rendition.average_bitrate) }),
                h("td", { class: "number", dataset: { label: "Peak" }, text: format.bitrate(rendition.peak_bitrate) }),
                h("td", { class: "number", dataset: { label: "Segments" }, text: String(rendition.segments) }),
                h("td", { class: "number", dataset: { label: "Size" }, text: format.bytes(rendition.bytes) }),
              ),
            ),
          ),
        ),
      ),
    );
    renditionsCard.hidden = false;
  }

  function onEvent(name, event) {
    let data = {};
    try {
      data = JSON.parse(event.data);
    } catch {
      data = {};
    }
    if (name === "progress") {
      lastProgressEvent = Date.now();
      if (job && !format.isFinal(job.status)) {
        setProgress(data.fraction ?? 0);
        speed.textContent = progressLine(data);
      }
      return;
    }
    timeline.add(name, data);
    if (name === "started" && job?.status !== "running") refresh();
    if (eventNames.slice(-3).includes(name)) {
      // The final event: the stream ends here, and must not reconnect.
      stream?.close();
      stream = null;
      const live = job && !format.isFinal(job.status);
      if (data?.id === id) update(data);
      else refresh();
      if (live) announce(`Job ${name}`);
    } else if (name === "retrying" || name === "released" || name === "queued") {
      if (data && data.id === id) update(data);
    }
  }

  function openStream() {
    stream = new EventSource(eventStreamURL(id));
    for (const name of eventNames) stream.addEventListener(name, (event) => onEvent(name, event));
    stream.addEventListener("error", () => {
      // EventSource reconnects by itself (with Last-Event-ID) unless the server refused it.
      if (stream?.readyState === EventSource.CLOSED) {
        stream = null;
        if (!stopped && job && !format.isFinal(job.status)) window.setTimeout(() => !stopped && openStream(), 3000);
      }
    });
  }

  async function refresh() {
    window.clearTimeout(timer);
    try {
      const next = await get(`/v1/jobs/${encodeURIComponent(id)}`);
      if (stopped) return;
      update(next);
    } catch (failure) {
      if (stopped) return;
      if (failure instanceof ApiError && failure.status === 404) {
        replace(
          main,
          h(
            "section",
            { class: "card" },
            h("h1", { text: "No such job" }),
            h("p", { text: `There is no job ${id}, or this token may not see it.` }),
            h("a", { class: "button", href: "#/jobs", text: "Back to jobs" }),
          ),
        );
        stopped = true;
        stream?.close();
        return;
      }
      showMessage(failure);
    }
    if (!stopped && job && !format.isFinal(job.status)) timer = window.setTimeout(refresh, pollMilliseconds);
  }

  refresh().then(() => {
    if (!stopped) openStream();
  });
  return () => {
    stopped = true;
    window.clearTimeout(timer);
    stream?.close();
    stream = null;
  };
}

/**
 * A `<time>` element with the local time.
 * @param {string} iso
 * @returns {HTMLTimeElement}
 */
function timeElement(iso) {
  return h("time", { datetime: iso, text: format.dateTime(iso) });
}

/**
 * A rendition's picture size: `1280×720 · 30 fps`.
 * @param {Object} rendition
 * @returns {string}
 */
function picture(rendition) {
  if (!rendition.width || !rendition.height) return "—";
  const rate = rendition.frame_rate ? ` · ${Math.round(rendition.frame_rate * 100) / 100} fps` : "";
  return `${rendition.width}×${rendition.height}${rate}`;
}

/**
 * The line under a running job's progress bar: `3.1× real time · 74 fps · 0:03 of 0:10`.
 * @param {Object} data A `progress` event.
 * @returns {string}
 */
function progressLine(data) {
  const parts = [];
  if (Number.isFinite(data.speed) && data.speed > 0) parts.push(`${data.speed.toFixed(1)}× real time`);
  if (Number.isFinite(data.fps) && data.fps > 0) parts.push(`${Math.round(data.fps)} fps`);
  if (Number.isFinite(data.out_time)) parts.push(`${format.clock(data.out_time)} packaged`);
  if (Number.isFinite(data.elapsed)) parts.push(`${format.duration(data.elapsed)} elapsed`);
  return parts.join(" · ");
}

/**
 * The line under a queued job's bar.
 * @param {Object} job
 * @returns {string}
 */
function queuedLine(job) {
  return job.attempts > 0 ? `Waiting for attempt ${job.attempts + 1} of ${job.max_attempts}` : "Waiting for a worker";
}

/**
 * The line under a finished job's bar.
 * @param {Object} job
 * @returns {string}
 */
function finalLine(job) {
  const result = job.result;
  if (job.status === "succeeded" && result) {
    const reused = result.reused_from ? " (reused an identical package)" : "";
    return `${format.bytes(result.bytes)} · ${format.duration(result.duration)} of media${reused}`;
  }
  if (job.finished_at) return `${format.statusLabel(job.status)} ${format.age(job.finished_at)}`;
  return format.statusLabel(job.status);
}
