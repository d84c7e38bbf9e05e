// A job's event timeline: one line per event of the event stream, except `progress` (the bar
// shows it), and `segment` and `manifest`, which are summed up in one line each per attempt.

import { h } from "./dom.js";
import * as format from "./format.js";

/** The timeline list of a job page. */
export class Timeline {
  constructor() {
    /** @type {HTMLOListElement} */
    this.element = h("ol", { class: "timeline", "aria-live": "off" });
    this.empty = h("li", { class: "muted" }, h("span", { class: "event-name", text: "…" }), h("span", { class: "event-text", text: "Waiting for events" }));
    this.element.append(this.empty);
    this.segments = null;
    this.segmentCounts = new Map();
    this.manifests = null;
    this.manifestPaths = [];
    this.manifestBytes = 0;
    this.opened = Date.now();
  }

  /**
   * Adds an event.
   * @param {string} name The event name.
   * @param {Object} data The event's JSON data.
   */
  add(name, data) {
    this.empty?.remove();
    this.empty = null;
    if (name === "segment") {
      this.countSegment(data);
      return;
    }
    if (name === "manifest") {
      this.countManifest(data);
      return;
    }
    if (name === "attempt" || name === "retrying" || name === "released") {
      // A new attempt writes its segments again.
      this.segments = null;
      this.segmentCounts = new Map();
      this.manifests = null;
      this.manifestPaths = [];
      this.manifestBytes = 0;
    }
    this.element.append(this.item(name, describe(name, data), timeOf(name, data, this.opened)));
    this.element.scrollTop = this.element.scrollHeight;
  }

  countSegment(data) {
    const rendition = data.rendition ?? "?";
    this.segmentCounts.set(rendition, (this.segmentCounts.get(rendition) ?? 0) + 1);
    let total = 0;
    for (const count of this.segmentCounts.values()) total += count;
    const parts = Array.from(this.segmentCounts, ([id, count]) => `${id} ${count}`).join(", ");
    const text = `${total} segment${total === 1 ? "" : "s"} written (${parts})`;
    if (!this.segments) {
      this.segments = this.item("segment", text, "");
      this.element.append(this.segments);
    } else {
      this.segments.querySelector(".event-text").textContent = text;
    }
  }

  countManifest(data) {
    this.manifestPaths.push(data.path ?? "?");
    this.manifestBytes += Number(data.bytes) || 0;
    const top = this.manifestPaths.filter((path) => !path.includes("/"));
    const media = this.manifestPaths.length - top.length;
    const names = [...top, media > 0 ? `${media} media playlist${media === 1 ? "" : "s"}` : null].filter(Boolean);
    const text = `Wrote ${names.join(", ")} (${format.bytes(this.manifestBytes)})`;
    if (!this.manifests) {
      this.manifests = this.item("manifest", text, "");
      this.element.append(this.manifests);
    } else {
      this.manifests.querySelector(".event-text").textContent = text;
    }
  }

  item(name, text, time) {
    return h(
      "li",
      { class: name },
      h("span", { class: "event-name", text: name }),
      h("span", { class: "event-text", text }),
      time ? h("span", { class: "event-time", text: time }) : null,
    );
  }
}

/**
 * When an event happened, where that is known: the job's `updated_at` for events that carry the
 * job, the arrival time for events that arrive live (not replayed when the stream opened).
 * @param {string} name
 * @param {Object} data
 * @param {number} opened When the stream opened (milliseconds).
 * @returns {string}
 */
function timeOf(name, data, opened) {
  if (data?.updated_at && data?.status) return format.dateTime(data.updated_at);
  if (Date.now() - opened > 1500) return new Date().toLocaleTimeString();
  return "";
}

/**
 * One line about an event.
 * @param {string} name
 * @param {Object} data
 * @returns {string}
 */
function describe(name, data) {
  switch (name) {
    case "queued":
      return "Queued";
    case "attempt":
      return `Attempt ${data.attempt ?? "?"} claimed by worker ${data.worker ?? "?"}`;
    case "analysis": {
      const sizes = Array.isArray(data.candidates) ? data.candidates.length : 0;
      const done = Number.isFinite(data.fraction) ? Math.round(data.fraction * 100) : 0;
      return `Per-title analysis: ${done} % of ${data.stretches ?? "?"} stretches, ${sizes} sizes × ${data.rate_points ?? "?"} rate points`;
    }
    case "started": {
      const renditions = Array.isArray(data.renditions) ? data.renditions.length : 0;
      const length = Number.isFinite(data.duration) ? `${format.duration(data.duration)} of media` : "the source";
      return `Started: ${length}, ${renditions} rendition${renditions === 1 ? "" : "s"} to build`;
    }
    case "manifest":
      return `Wrote ${data.path ?? "a manifest"} (${format.bytes(data.bytes)})`;
    case "warning":
      return data.message ?? "Warning";
    case "completed":
      return `Completed: ${format.bytes(data.total_bytes)} in ${format.duration(data.wall_time)}`;
    case "retrying":
      return `Attempt failed (${data.error?.kind ?? "error"}: ${data.error?.message ?? "?"}); queued again`;
    case "released":
      return "Handed back to the queue by its worker (shutting down)";
    case "succeeded":
      return "Succeeded";
    case "failed":
      return `Failed (${data.error?.kind ?? "error"}): ${data.error?.message ?? ""}`;
    case "cancelled":
      return "Cancelled";
    default:
      return name;
  }
}
