// The job list: newest first, filtered by status, refreshed every 2 s while the tab is visible.
// Rows are updated in place, so focus and scroll stay where they are.

import { ApiError, get } from "./api.js";
import { h, replace } from "./dom.js";
import * as format from "./format.js";

const refreshMilliseconds = 2000;
const pageSize = 20;

/**
 * Renders the job list.
 * @param {HTMLElement} main
 * @param {{params: URLSearchParams}} route `status`: the filter.
 * @returns {() => void} Stops the refresh.
 */
export function render(main, route) {
  document.title = "Jobs · Reel console";
  let status = format.statuses.includes(route.params.get("status")) ? route.params.get("status") : "";
  let shown = pageSize;
  let nextCursor = null;
  let timer = 0;
  let stopped = false;
  let generation = 0;
  const rows = new Map();

  const body = h("tbody");
  const table = h(
    "table",
    { class: "jobs" },
    h("caption", { class: "visually-hidden", text: "Jobs, newest first. The list refreshes every 2 seconds." }),
    h(
      "thead",
      {},
      h(
        "tr",
        {},
        ["Source", "Status", "Ladder", "Progress", "Created"].map((name) => h("th", { scope: "col", text: name })),
      ),
    ),
    body,
  );
  const empty = h("div", { class: "card empty", hidden: true });
  const error = h("div", { class: "notice error", role: "alert", hidden: true });
  const updated = h("p", { class: "muted small", "aria-live": "off" });
  const more = h("button", { type: "button", class: "button", text: "Load more", hidden: true });

  const filter = h(
    "fieldset",
    { class: "filter" },
    h("legend", { text: "Status" }),
    h(
      "div",
      { class: "segmented" },
      ["", ...format.statuses].map((value) =>
        h(
          "label",
          {},
          h("input", { type: "radio", name: "status", value, checked: value === status }),
          h("span", { text: value ? format.statusLabel(value) : "All" }),
        ),
      ),
    ),
  );
  filter.addEventListener("change", (event) => {
    status = event.target.value;
    // The filter is part of the address (reload, back), without leaving the page.
    history.replaceState(null, "", status ? `#/jobs?status=${status}` : "#/jobs");
    shown = pageSize;
    rows.clear();
    body.replaceChildren();
    refresh();
  });
  more.addEventListener("click", async () => {
    if (!nextCursor) return;
    more.disabled = true;
    try {
      const page = await get(listPath(status, pageSize, nextCursor));
      for (const job of page.jobs) body.append(row(job));
      shown += page.jobs.length;
      nextCursor = page.next_cursor ?? null;
      more.hidden = !nextCursor;
    } catch (failure) {
      showError(failure);
    } finally {
      more.disabled = false;
    }
  });

  main.append(
    h(
      "section",
      { "aria-labelledby": "jobs-title" },
      h(
        "div",
        { class: "page-head" },
        h("h1", { id: "jobs-title", text: "Jobs" }),
        h("a", { class: "button primary", href: "#/new", text: "New job" }),
      ),
      filter,
      error,
      h("div", { class: "table-card" }, table),
      empty,
      h("div", { class: "list-foot" }, updated, more),
    ),
  );

  /**
   * The table row of a job, made or updated.
   * @param {Object} job
   * @returns {HTMLTableRowElement}
   */
  function row(job) {
    let entry = rows.get(job.id);
    if (!entry) {
      const link = h("a", { class: "job-link", href: `#/jobs/${encodeURIComponent(job.id)}` });
      const id = h("span", { class: "job-id mono", text: job.id.slice(0, 8), title: job.id });
      const badge = h("span", { class: "badge" });
      const bar = h("progress", { max: "1" });
      const text = h("span", { class: "progress-text" });
      const progress = h("div", { class: "progress" }, bar, text);
      const ladder = h("td", { class: "cell-ladder" });
      const created = h("time");
      const element = h(
        "tr",
        { dataset: { job: job.id } },
        h("td", { class: "cell-source" }, link, id),
        h("td", { class: "cell-status" }, badge),
        ladder,
        h("td", { class: "cell-progress" }, progress),
        h("td", { class: "cell-age" }, created),
      );
      entry = { element, link, badge, bar, text, progress, ladder, created };
      rows.set(job.id, entry);
    }
    const name = format.sourceName(job.request?.source);
    entry.link.textContent = name;
    entry.link.title = job.request?.source ?? "";
    entry.badge.className = `badge ${job.status}`;
    entry.badge.textContent = format.statusLabel(job.status);
    const fraction = job.status === "succeeded" ? 1 : job.progress ?? 0;
    entry.bar.value = fraction;
    entry.bar.setAttribute("aria-label", `Progress of ${name}`);
    entry.text.textContent = format.percent(fraction);
    entry.progress.className = `progress ${job.status}`;
    entry.ladder.textContent = format.ladderName(job.request);
    entry.created.dateTime = job.created_at;
    entry.created.textContent = format.age(job.created_at);
    entry.created.title = format.dateTime(job.created_at);
    return entry.element;
  }

  function showError(failure) {
    error.textContent = failure instanceof ApiError ? failure.message : String(failure);
    error.hidden = false;
  }

  async function refresh() {
    window.clearTimeout(timer);
    if (stopped) return;
    const mine = ++generation;
    const limit = Math.min(Math.max(shown, pageSize), 100);
    try {
      const page = await get(listPath(status, limit));
      if (stopped || mine !== generation) return;
      error.hidden = true;
      const seen = new Set();
      const ordered = page.jobs.map((job) => {
        seen.add(job.id);
        return row(job);
      });
      // Jobs that left this page (another status under a filter), when the poll covers every row.
      if (rows.size <= limit) {
        for (const [id, entry] of rows) {
          if (seen.has(id)) continue;
          entry.element.remove();
          rows.delete(id);
        }
      }
      // Newest first; nodes move only when the order changed (moving a row would drop its focus).
      ordered.forEach((element, index) => {
        if (body.children[index] !== element) body.insertBefore(element, body.children[index] ?? null);
      });
      if (shown <= 100) nextCursor = page.next_cursor ?? null;
      more.hidden = !nextCursor;
      empty.hidden = rows.size > 0;
      table.hidden = rows.size === 0;
      if (rows.size === 0) {
        replace(
          empty,
          h("p", { text: status ? `No ${status} jobs.` : "No jobs yet." }),
          h("a", { class: "button primary", href: "#/new", text: "Create a job" }),
        );
      }
      updated.textContent = `Updated ${new Date().toLocaleTimeString()}`;
    } catch (failure) {
      if (!stopped && mine === generation) showError(failure);
    } finally {
      if (!stopped && mine === generation) timer = window.setTimeout(refresh, refreshMilliseconds);
    }
  }

  const onVisibility = () => {
    if (document.visibilityState === "visible") refresh();
    else window.clearTimeout(timer);
  };
  document.addEventListener("visibilitychange", onVisibility);
  refresh();
  return () => {
    stopped = true;
    window.clearTimeout(timer);
    document.removeEventListener("visibilitychange", onVisibility);
  };
}

/**
 * The path of a page of jobs.
 * @param {string} status A status, or "" for all.
 * @param {number} limit
 * @param {string} [cursor]
 * @returns {string}
 */
function listPath(status, limit, cursor) {
  const query = new URLSearchParams({ limit: String(limit) });
  if (status) query.set("status", status);
  if (cursor) query.set("cursor", cursor);
  return `/v1/jobs?${query}`;
}
