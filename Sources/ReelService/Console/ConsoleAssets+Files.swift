// The files of console/, compiled in. Do not edit: change console/ and run
// `scripts/lib/console-assets.py`.
// swift-format-ignore-file

extension ConsoleAssets {
    /// The text of every file of `console/`, by file name.
    static let texts: [String: String] = [
        "api.js": #"""
// The console's one way to the API: the token from this tab's session storage as a bearer token,
// JSON in and out, and API errors as `ApiError` with the service's `kind` and `message`.

const tokenKey = "reel.console.token";

/** The API token of this tab (session storage: gone when the tab closes, never in a URL). */
export const session = {
  /** @returns {string|null} */
  get token() {
    try {
      return window.sessionStorage.getItem(tokenKey);
    } catch {
      return null;
    }
  },
  /** @param {string} token */
  signIn(token) {
    window.sessionStorage.setItem(tokenKey, token);
  },
  signOut() {
    window.sessionStorage.removeItem(tokenKey);
  },
};

/** An error answer of the API: `{"error": {"kind", "message"}}`, or a network failure (status 0). */
export class ApiError extends Error {
  /**
   * @param {number} status The HTTP status (0: no answer).
   * @param {string} kind The error kind (`unauthorized`, `invalid_request`, …).
   * @param {string} message What is wrong.
   */
  constructor(status, kind, message) {
    super(message);
    this.status = status;
    this.kind = kind;
  }
}

/**
 * Calls the API.
 * @param {string} method `GET`, `POST`, `DELETE`.
 * @param {string} path A path such as `/v1/jobs`.
 * @param {Object} [options]
 * @param {Object} [options.body] A JSON body.
 * @param {Object} [options.headers] More headers.
 * @param {string} [options.token] A token other than the session's (signing in).
 * @param {AbortSignal} [options.signal]
 * @returns {Promise<{status: number, body: any, headers: Headers}>}
 * @throws {ApiError}
 */
export async function call(method, path, options = {}) {
  const headers = { Accept: "application/json", ...options.headers };
  const token = options.token ?? session.token;
  if (token) headers.Authorization = `Bearer ${token}`;
  let body;
  if (options.body !== undefined) {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(options.body);
  }
  let response;
  try {
    response = await fetch(path, { method, headers, body, signal: options.signal, cache: "no-store" });
  } catch (error) {
    if (error?.name === "AbortError") throw error;
    throw new ApiError(0, "network", "The server does not answer. Check that reel serve is running.");
  }
  let answer = null;
  const type = response.headers.get("Content-Type") ?? "";
  if (type.startsWith("application/json")) {
    try {
      answer = await response.json();
    } catch {
      answer = null;
    }
  }
  if (!response.ok) {
    const kind = answer?.error?.kind ?? `http_${response.status}`;
    let message = answer?.error?.message ?? `The server answered ${response.status} ${response.statusText}.`;
    if (response.status === 429) {
      message = `${message} (Too many requests: wait ${response.headers.get("Retry-After") ?? "a few"} s.)`;
    }
    if (response.status === 401 && !options.token) {
      session.signOut();
      window.dispatchEvent(new CustomEvent("reel:signed-out"));
    }
    throw new ApiError(response.status, kind, message);
  }
  return { status: response.status, body: answer, headers: response.headers };
}

/**
 * GETs JSON.
 * @param {string} path
 * @param {Object} [options] See `call`.
 * @returns {Promise<any>}
 */
export async function get(path, options) {
  return (await call("GET", path, options)).body;
}

/**
 * The URL of a job's event stream for `EventSource`, which cannot send headers: the one place the
 * token goes into a URL (`?access_token=`, as the API documents; the access log never shows a
 * query string).
 * @param {string} id The job.
 * @returns {string}
 */
export function eventStreamURL(id) {
  return `/v1/jobs/${encodeURIComponent(id)}/events?access_token=${encodeURIComponent(session.token ?? "")}`;
}

/**
 * A random idempotency key for a POST, so a repeated click or a retried request makes one job.
 * @returns {string}
 */
export function idempotencyKey() {
  // getRandomValues, unlike randomUUID, works on plain-HTTP origins too.
  const bytes = window.crypto.getRandomValues(new Uint8Array(16));
  return `console-${Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("")}`;
}

"""#,
        "app.js": #"""
// The console's entry point: the routes (`#/jobs`, `#/jobs/ID`, `#/new`, `#/sign-in`), the top
// bar, and signing in and out. Pages are modules whose `render(main, route)` fills `<main>` and
// returns a function that stops whatever the page keeps running (polling, an event stream).

import { session } from "./api.js";
import { announce } from "./dom.js";
import { navigate } from "./navigate.js";
import * as jobsPage from "./jobs-page.js";
import * as jobPage from "./job-page.js";
import * as newJobPage from "./new-job-page.js";
import * as signInPage from "./sign-in-page.js";

const main = document.getElementById("main");
let stopPage = () => {};

/**
 * The route of a location hash: `#/jobs?status=failed` → `{name: "jobs", params: {status: "failed"}}`.
 * @param {string} hash
 * @returns {{name: string, id?: string, params: URLSearchParams, hash: string}}
 */
function parse(hash) {
  const text = hash.replace(/^#\/?/, "");
  const [path, query = ""] = text.split("?");
  const parts = path.split("/").filter(Boolean);
  const params = new URLSearchParams(query);
  if (parts[0] === "jobs" && parts[1]) return { name: "job", id: decodeURIComponent(parts[1]), params, hash };
  if (parts[0] === "new") return { name: "new", params, hash };
  if (parts[0] === "sign-in") return { name: "sign-in", params, hash };
  return { name: "jobs", params, hash };
}

const pages = { jobs: jobsPage, job: jobPage, new: newJobPage, "sign-in": signInPage };

/** Shows the page of the current hash (the sign-in page while there is no token). */
function show() {
  stopPage();
  stopPage = () => {};
  let route = parse(window.location.hash);
  const signedIn = Boolean(session.token);
  if (!signedIn && route.name !== "sign-in") {
    const next = route.hash && route.hash !== "#/sign-in" ? route.hash : "#/jobs";
    route = { name: "sign-in", params: new URLSearchParams({ next }), hash: "#/sign-in" };
  }
  document.querySelector(".main-nav").hidden = !signedIn;
  document.getElementById("sign-out").hidden = !signedIn;
  for (const link of document.querySelectorAll("[data-nav]")) {
    const current = link.dataset.nav === route.name;
    if (current) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
  main.replaceChildren();
  const stop = pages[route.name].render(main, route);
  if (typeof stop === "function") stopPage = stop;
}

/** Moves focus to the new page's heading, so keyboard and screen-reader users start there. */
function focusHeading() {
  const heading = main.querySelector("h1");
  if (!heading) return;
  heading.setAttribute("tabindex", "-1");
  heading.focus({ preventScroll: true });
}

function onRoute() {
  show();
  window.scrollTo(0, 0);
  focusHeading();
}

window.addEventListener("hashchange", onRoute);
window.addEventListener("reel:route", onRoute);

window.addEventListener("reel:signed-out", () => {
  announce("The token is no longer accepted. Sign in again.");
  show();
});

document.getElementById("sign-out").addEventListener("click", () => {
  session.signOut();
  announce("Signed out");
  navigate("#/sign-in");
});

// The skip link moves focus without touching the hash (which holds the route).
document.getElementById("skip-link").addEventListener("click", (event) => {
  event.preventDefault();
  main.focus();
});

show();

"""#,
        "console.css": #"""
/* The Reel console: one stylesheet, no framework. Mobile first (360 px and up); wider screens
   get tables and two columns. Colours come from the variables below (light, then dark). */

:root {
  --bg: #f5f6f8;
  --surface: #ffffff;
  --surface-2: #f0f2f5;
  --text: #17191c;
  --muted: #5b6470;
  --border: #d6dae0;
  --accent: #1d4ed8;
  --accent-text: #ffffff;
  --accent-soft: #e6edfd;
  --focus: #f59e0b;
  --danger: #b42318;
  --danger-soft: #fdecea;
  --ok: #137333;
  --ok-soft: #e6f4ea;
  --warn: #8a5a00;
  --warn-soft: #fff4d6;
  --running: #1d4ed8;
  --running-soft: #e6edfd;
  --neutral-soft: #eceef1;
  --header: #111827;
  --header-text: #f3f4f6;
  --radius: 8px;
  --shadow: 0 1px 2px rgb(16 24 40 / 6%), 0 1px 3px rgb(16 24 40 / 10%);
  --mono: ui-monospace, "SFMono-Regular", "DejaVu Sans Mono", Menlo, Consolas, monospace;
  color-scheme: light dark;
}

@media (prefers-color-scheme: dark) {
  :root {
    --bg: #0f1115;
    --surface: #171a21;
    --surface-2: #1f232c;
    --text: #e8eaed;
    --muted: #a2a9b4;
    --border: #323846;
    --accent: #7aa2ff;
    --accent-text: #0b1020;
    --accent-soft: #1c2742;
    --danger: #ff8a80;
    --danger-soft: #3a1d1b;
    --ok: #7bd88f;
    --ok-soft: #17301f;
    --warn: #f5c451;
    --warn-soft: #35290f;
    --running: #7aa2ff;
    --running-soft: #1c2742;
    --neutral-soft: #262a33;
    --header: #0a0c10;
    --shadow: none;
  }
}

*,
*::before,
*::after {
  box-sizing: border-box;
}

html {
  -webkit-text-size-adjust: 100%;
  text-size-adjust: 100%;
}

body {
  margin: 0;
  background: var(--bg);
  color: var(--text);
  font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", sans-serif;
}

h1,
h2,
h3 {
  line-height: 1.25;
  margin: 0 0 0.5rem;
}

h1 {
  font-size: 1.5rem;
}

h2 {
  font-size: 1.125rem;
}

p {
  margin: 0 0 0.75rem;
}

a {
  color: var(--accent);
}

code,
pre,
.mono {
  font-family: var(--mono);
  font-size: 0.875em;
}

:focus-visible {
  outline: 3px solid var(--focus);
  outline-offset: 2px;
}

main:focus {
  outline: none;
}

[hidden] {
  display: none !important;
}

.visually-hidden {
  position: absolute !important;
  width: 1px;
  height: 1px;
  margin: -1px;
  padding: 0;
  overflow: hidden;
  clip: rect(0 0 0 0);
  white-space: nowrap;
  border: 0;
}

.skip-link {
  position: absolute;
  left: 0.5rem;
  top: -3rem;
  z-index: 10;
  padding: 0.5rem 0.75rem;
  background: var(--surface);
  color: var(--text);
  border-radius: var(--radius);
}

.skip-link:focus {
  top: 0.5rem;
}

/* Top bar */

.top-bar {
  display: flex;
  flex-wrap: wrap;
  align-items: center;
  gap: 0.25rem 1rem;
  padding: 0.5rem 1rem;
  background: var(--header);
  color: var(--header-text);
}

.brand {
  display: inline-flex;
  align-items: center;
  gap: 0.5rem;
  color: inherit;
  font-weight: 700;
  font-size: 1.125rem;
  text-decoration: none;
  padding: 0.25rem 0;
}

.brand-sub {
  font-weight: 400;
  opacity: 0.75;
}

.main-nav {
  flex: 1 1 auto;
}

.main-nav ul {
  display: flex;
  gap: 0.25rem;
  margin: 0;
  padding: 0;
  list-style: none;
}

.main-nav a {
  display: block;
  padding: 0.5rem 0.75rem;
  border-radius: 6px;
  color: var(--header-text);
  text-decoration: none;
  opacity: 0.85;
}

.main-nav a:hover {
  background: rgb(255 255 255 / 8%);
  opacity: 1;
}

.main-nav a[aria-current="page"] {
  background: rgb(255 255 255 / 14%);
  opacity: 1;
  font-weight: 600;
}

.top-bar .sign-out {
  color: var(--header-text);
  border-color: rgb(255 255 255 / 30%);
  background: transparent;
}

.top-bar .sign-out:hover {
  background: rgb(255 255 255 / 10%);
}

@media (max-width: 39.99rem) {
  .top-bar {
    flex-wrap: nowrap;
    gap: 0.5rem;
    padding: 0.375rem 0.75rem;
  }

  .brand-sub {
    display: none;
  }

  .main-nav a {
    padding: 0.5rem 0.5rem;
  }

  .top-bar .sign-out {
    min-height: 2.25rem;
    padding: 0.25rem 0.625rem;
    font-size: 0.875rem;
  }
}

/* Layout */

main {
  max-width: 72rem;
  margin: 0 auto;
  padding: 1rem;
}

.page-head {
  display: flex;
  flex-wrap: wrap;
  align-items: center;
  justify-content: space-between;
  gap: 0.75rem;
  margin-bottom: 1rem;
}

.page-head h1 {
  margin: 0;
  overflow-wrap: anywhere;
}

.card {
  background: var(--surface);
  border: 1px solid var(--border);
  border-radius: var(--radius);
  box-shadow: var(--shadow);
  padding: 1rem;
  margin-bottom: 1rem;
  min-width: 0;
}

.card > h2 {
  margin-bottom: 0.75rem;
}

.card > :last-child {
  margin-bottom: 0;
}

.grid {
  display: grid;
  gap: 0 1rem;
  grid-template-columns: minmax(0, 1fr);
}

.muted {
  color: var(--muted);
}

.small {
  font-size: 0.875rem;
}

.loading {
  color: var(--muted);
}

.notice {
  padding: 0.75rem 1rem;
  margin: 0 0 1rem;
  border-radius: var(--radius);
  background: var(--surface-2);
  border: 1px solid var(--border);
}

.notice > :last-child {
  margin-bottom: 0;
}

.notice.error {
  background: var(--danger-soft);
  border-color: var(--danger);
  color: var(--text);
}

.notice.warn {
  background: var(--warn-soft);
  border-color: var(--warn);
}

.notice:focus {
  outline: 3px solid var(--focus);
}

/* Buttons */

.button {
  display: inline-flex;
  align-items: center;
  justify-content: center;
  gap: 0.375rem;
  min-height: 2.5rem;
  padding: 0.375rem 1rem;
  border: 1px solid var(--border);
  border-radius: 6px;
  background: var(--surface);
  color: var(--text);
  font: inherit;
  font-weight: 600;
  text-decoration: none;
  cursor: pointer;
  white-space: nowrap;
}

.button:hover {
  background: var(--surface-2);
}

.button.primary {
  background: var(--accent);
  border-color: var(--accent);
  color: var(--accent-text);
}

.button.primary:hover {
  filter: brightness(1.1);
}

.button.danger {
  color: var(--danger);
  border-color: var(--danger);
}

.button.danger.solid {
  background: var(--danger);
  color: #ffffff;
}

.button.small {
  min-height: 2rem;
  padding: 0.125rem 0.625rem;
  font-size: 0.875rem;
}

.button:disabled {
  opacity: 0.55;
  cursor: default;
}

.actions {
  display: flex;
  flex-wrap: wrap;
  gap: 0.5rem;
  align-items: center;
}

/* Status badges and progress */

.badge {
  display: inline-block;
  padding: 0.0625rem 0.5rem;
  border-radius: 999px;
  font-size: 0.8125rem;
  font-weight: 600;
  white-space: nowrap;
  background: var(--neutral-soft);
  color: var(--text);
}

.badge.running {
  background: var(--running-soft);
  color: var(--running);
}

.badge.succeeded {
  background: var(--ok-soft);
  color: var(--ok);
}

.badge.failed {
  background: var(--danger-soft);
  color: var(--danger);
}

.badge.cancelled {
  background: var(--warn-soft);
  color: var(--warn);
}

.progress {
  display: flex;
  align-items: center;
  gap: 0.5rem;
  min-width: 8rem;
}

.progress progress {
  flex: 1 1 auto;
  width: 100%;
  height: 0.5rem;
  appearance: none;
  border: 0;
  border-radius: 999px;
  background: var(--neutral-soft);
  overflow: hidden;
}

.progress progress::-webkit-progress-bar {
  background: var(--neutral-soft);
  border-radius: 999px;
}

.progress progress::-webkit-progress-value {
  background: var(--accent);
  border-radius: 999px;
}

.progress progress::-moz-progress-bar {
  background: var(--accent);
}

.progress.succeeded progress::-webkit-progress-value {
  background: var(--ok);
}

.progress.failed progress::-webkit-progress-value,
.progress.cancelled progress::-webkit-progress-value {
  background: var(--muted);
}

.progress-text {
  min-width: 3.25rem;
  text-align: right;
  font-variant-numeric: tabular-nums;
  font-size: 0.875rem;
}

.progress.large progress {
  height: 0.75rem;
}

/* Forms */

label,
legend {
  font-weight: 600;
}

.field {
  margin-bottom: 1rem;
  min-width: 0;
}

.field > label,
.field > .label {
  display: block;
  margin-bottom: 0.25rem;
}

.hint {
  display: block;
  margin-top: 0.25rem;
  color: var(--muted);
  font-size: 0.875rem;
  font-weight: 400;
}

input[type="text"],
input[type="password"],
input[type="number"],
input[type="url"],
select,
textarea {
  width: 100%;
  min-height: 2.5rem;
  padding: 0.375rem 0.625rem;
  border: 1px solid var(--border);
  border-radius: 6px;
  background: var(--surface);
  color: var(--text);
  font: inherit;
}

textarea {
  min-height: 6rem;
  font-family: var(--mono);
  font-size: 0.875rem;
}

input:disabled,
select:disabled,
textarea:disabled {
  background: var(--surface-2);
  color: var(--muted);
  cursor: not-allowed;
}

input:focus-visible,
select:focus-visible,
textarea:focus-visible {
  border-color: var(--accent);
}

input[aria-invalid="true"],
textarea[aria-invalid="true"] {
  border-color: var(--danger);
}

fieldset {
  margin: 0 0 1rem;
  padding: 0.75rem 1rem 0.25rem;
  border: 1px solid var(--border);
  border-radius: var(--radius);
  min-width: 0;
}

legend {
  padding: 0 0.25rem;
}

.choices {
  display: flex;
  flex-wrap: wrap;
  gap: 0.5rem 1.25rem;
  margin-bottom: 0.75rem;
}

.choice {
  display: inline-flex;
  align-items: center;
  gap: 0.5rem;
  font-weight: 400;
  min-height: 2rem;
}

.choice input {
  width: 1.125rem;
  height: 1.125rem;
  margin: 0;
  accent-color: var(--accent);
}

.row {
  display: grid;
  gap: 0 0.75rem;
  grid-template-columns: minmax(0, 1fr);
}

.subtitle-row {
  border-top: 1px dashed var(--border);
  padding-top: 0.75rem;
}

.form-actions {
  display: flex;
  flex-wrap: wrap;
  gap: 0.75rem;
  align-items: center;
  margin-top: 0.5rem;
}

/* Segmented status filter */

.filter {
  border: 0;
  padding: 0;
  margin: 0 0 1rem;
}

.filter legend {
  padding: 0;
  margin-bottom: 0.375rem;
}

.segmented {
  display: flex;
  flex-wrap: wrap;
  gap: 0.375rem;
}

.segmented label {
  position: relative;
  font-weight: 500;
}

.segmented input {
  position: absolute;
  opacity: 0;
  width: 100%;
  height: 100%;
  margin: 0;
  cursor: pointer;
}

.segmented span {
  display: inline-block;
  padding: 0.3125rem 0.75rem;
  border: 1px solid var(--border);
  border-radius: 999px;
  background: var(--surface);
  font-size: 0.875rem;
}

.segmented input:checked + span {
  background: var(--accent);
  border-color: var(--accent);
  color: var(--accent-text);
}

.segmented input:focus-visible + span {
  outline: 3px solid var(--focus);
  outline-offset: 2px;
}

/* Job list: cards on phones, a table from 48rem */

.jobs {
  width: 100%;
  border-collapse: collapse;
}

.jobs caption {
  text-align: left;
}

.jobs thead {
  display: none;
}

.jobs tr {
  display: grid;
  grid-template-columns: minmax(0, 1fr) auto;
  gap: 0.25rem 0.75rem;
  padding: 0.75rem 1rem;
  background: var(--surface);
  border: 1px solid var(--border);
  border-radius: var(--radius);
  margin-bottom: 0.5rem;
}

.jobs td {
  display: block;
  padding: 0;
  min-width: 0;
}

.jobs .cell-source {
  grid-column: 1 / 2;
}

.jobs .cell-status {
  grid-column: 2 / 3;
  grid-row: 1;
  text-align: right;
}

.jobs .cell-progress {
  grid-column: 1 / -1;
  grid-row: 2;
}

.jobs .cell-ladder,
.jobs .cell-age {
  grid-row: 3;
  font-size: 0.875rem;
  color: var(--muted);
}

.jobs .cell-ladder {
  grid-column: 1;
}

.jobs .cell-age {
  grid-column: 2;
}

.jobs .cell-ladder::before {
  content: "Ladder: ";
}

.jobs .cell-age {
  text-align: right;
}

.job-link {
  font-weight: 600;
  overflow-wrap: anywhere;
}

.job-id {
  display: block;
  color: var(--muted);
  font-size: 0.8125rem;
}

.empty {
  text-align: center;
  padding: 2rem 1rem;
}

.list-foot {
  display: flex;
  justify-content: space-between;
  align-items: center;
  gap: 0.75rem;
  flex-wrap: wrap;
  margin-top: 0.5rem;
}

/* Definition lists */

.facts {
  display: grid;
  grid-template-columns: minmax(7rem, max-content) minmax(0, 1fr);
  gap: 0.375rem 1rem;
  margin: 0;
}

.facts dt {
  color: var(--muted);
}

.facts dd {
  margin: 0;
  overflow-wrap: anywhere;
}

/* Tables inside cards */

.table-wrap {
  overflow-x: auto;
}

.data {
  width: 100%;
  border-collapse: collapse;
  font-size: 0.9375rem;
}

.data th,
.data td {
  padding: 0.5rem 0.625rem;
  border-bottom: 1px solid var(--border);
  text-align: left;
  white-space: nowrap;
}

.data th {
  color: var(--muted);
  font-weight: 600;
  font-size: 0.8125rem;
}

.data td.number,
.data th.number {
  text-align: right;
  font-variant-numeric: tabular-nums;
}

/* Job page: the cards of a job in one column on phones; on wide screens the preview (or the
   timeline) beside the details, the renditions and quality across. */

.job-layout {
  display: grid;
  grid-template-columns: minmax(0, 1fr);
  grid-template-areas: "preview" "renditions" "quality" "details" "timeline" "request";
  align-items: start;
  column-gap: 1rem;
}

.area-preview {
  grid-area: preview;
}

.area-details {
  grid-area: details;
}

.area-renditions {
  grid-area: renditions;
}

.area-quality {
  grid-area: quality;
}

.area-timeline {
  grid-area: timeline;
}

.area-request {
  grid-area: request;
}

/* Tables that become label–value lists on phones */

@media (max-width: 39.99rem) {
  .data.stack thead {
    display: none;
  }

  .data.stack tr {
    display: grid;
    grid-template-columns: minmax(0, 1fr) minmax(0, 1fr);
    gap: 0.125rem 0.75rem;
    padding: 0.5rem 0;
    border-bottom: 1px solid var(--border);
  }

  .data.stack th,
  .data.stack td {
    padding: 0;
    border: 0;
    white-space: normal;
    text-align: left;
  }

  .data.stack th {
    grid-column: 1 / -1;
    color: var(--text);
    font-size: 1rem;
  }

  .data.stack td::before {
    content: attr(data-label) " ";
    color: var(--muted);
    font-family: system-ui, sans-serif;
    font-size: 0.8125rem;
  }

  .data.stack td.number {
    text-align: left;
  }
}


.job-status {
  display: flex;
  flex-wrap: wrap;
  align-items: center;
  gap: 0.75rem 1rem;
}

.job-status .progress {
  flex: 1 1 14rem;
}

.confirm {
  display: flex;
  flex-wrap: wrap;
  align-items: center;
  gap: 0.5rem;
}

.timeline {
  list-style: none;
  margin: 0;
  padding: 0;
  max-height: 28rem;
  overflow-y: auto;
}

.timeline li {
  display: grid;
  grid-template-columns: minmax(0, 1fr);
  gap: 0 0.75rem;
  padding: 0.375rem 0;
  border-bottom: 1px solid var(--border);
}

.timeline li:last-child {
  border-bottom: 0;
}

.timeline .event-name {
  font-family: var(--mono);
  font-size: 0.8125rem;
  color: var(--muted);
}

.timeline .event-text {
  overflow-wrap: anywhere;
}

.timeline .event-time {
  color: var(--muted);
  font-size: 0.8125rem;
}

.timeline li.warning .event-name,
.timeline li.failed .event-name,
.timeline li.retrying .event-name {
  color: var(--danger);
}

.timeline li.succeeded .event-name {
  color: var(--ok);
}

pre.request {
  margin: 0;
  padding: 0.75rem;
  background: var(--surface-2);
  border-radius: 6px;
  overflow: auto;
  max-height: 24rem;
  white-space: pre-wrap;
  overflow-wrap: anywhere;
}

/* Preview */

.player {
  margin: 0 0 0.75rem;
}

.player video {
  display: block;
  width: 100%;
  max-height: 60vh;
  aspect-ratio: 16 / 9;
  background: #000000;
  border-radius: 6px;
}

.player-controls {
  display: grid;
  gap: 0 1rem;
  grid-template-columns: minmax(0, 1fr);
  align-items: center;
  margin-bottom: 0.5rem;
}

.copy-row {
  display: flex;
  gap: 0.5rem;
  align-items: center;
}

.copy-row input {
  flex: 1 1 auto;
  min-width: 0;
  font-family: var(--mono);
  font-size: 0.8125rem;
}

.stored {
  margin: 0.5rem 0 1rem;
}

.stored summary {
  cursor: pointer;
  font-weight: 600;
  margin-bottom: 0.5rem;
}

.thumbnails-title {
  margin: 0.5rem 0 0.25rem;
  font-size: 1rem;
}

.thumbnails {
  display: flex;
  gap: 0.5rem;
  overflow-x: auto;
  padding: 0.25rem 0.125rem 0.5rem;
  margin: 0;
  list-style: none;
}

.thumbnails button {
  display: flex;
  flex-direction: column;
  align-items: center;
  gap: 0.25rem;
  padding: 0.25rem;
  border: 1px solid var(--border);
  border-radius: 6px;
  background: var(--surface);
  color: var(--text);
  font: inherit;
  font-size: 0.75rem;
  cursor: pointer;
}

.thumbnails button:hover {
  border-color: var(--accent);
}

.thumb {
  display: block;
  background-repeat: no-repeat;
  border-radius: 3px;
}

.poster {
  display: block;
  max-width: 100%;
  height: auto;
  border-radius: 6px;
}

.quality img {
  display: block;
  width: 100%;
  max-width: 56rem;
  height: auto;
  background: #ffffff;
  border-radius: 6px;
}

/* New job */

.new-job-layout {
  display: grid;
  grid-template-columns: minmax(0, 1fr);
  gap: 0 1rem;
  align-items: start;
}

.request-preview summary {
  cursor: pointer;
  font-weight: 600;
}

.request-preview[open] summary {
  margin-bottom: 0.5rem;
}

@media (min-width: 64rem) {
  .new-job-layout {
    grid-template-columns: minmax(0, 2fr) minmax(18rem, 1fr);
  }

  .new-job-layout aside {
    position: sticky;
    top: 1rem;
  }
}

/* Sign-in */

.sign-in {
  max-width: 26rem;
  margin: 2rem auto;
}

/* Wider screens */

@media (min-width: 40rem) {
  main {
    padding: 1.5rem;
  }

  .row.two {
    grid-template-columns: repeat(2, minmax(0, 1fr));
  }

  .row.three {
    grid-template-columns: repeat(3, minmax(0, 1fr));
  }

  .row.subtitle {
    grid-template-columns: minmax(0, 2fr) minmax(0, 1fr) minmax(0, 1fr) auto;
    align-items: end;
  }

  .player-controls {
    grid-template-columns: minmax(12rem, 20rem) minmax(0, 1fr);
  }

  .timeline li {
    grid-template-columns: 6.5rem minmax(0, 1fr);
  }

  .timeline .event-time {
    grid-column: 2;
  }
}

@media (min-width: 48rem) {
  .jobs thead {
    display: table-header-group;
  }

  .jobs tr {
    display: table-row;
    padding: 0;
    margin: 0;
    border: 0;
    border-radius: 0;
  }

  .jobs tbody tr {
    border-bottom: 1px solid var(--border);
  }

  .jobs tbody tr:hover {
    background: var(--surface-2);
  }

  .jobs td,
  .jobs th {
    display: table-cell;
    padding: 0.625rem 0.75rem;
    text-align: left;
    vertical-align: middle;
  }

  .jobs th {
    font-size: 0.8125rem;
    color: var(--muted);
    border-bottom: 1px solid var(--border);
    background: var(--surface);
  }

  .jobs .cell-status,
  .jobs .cell-age {
    text-align: left;
  }

  .jobs .cell-ladder,
  .jobs .cell-age {
    font-size: 0.9375rem;
  }

  .jobs .cell-ladder::before {
    content: none;
  }

  .jobs .cell-progress {
    width: 14rem;
  }

  .table-card {
    background: var(--surface);
    border: 1px solid var(--border);
    border-radius: var(--radius);
    box-shadow: var(--shadow);
    overflow: hidden;
  }

  .jobs tbody tr:last-child {
    border-bottom: 0;
  }

  .job-layout {
    grid-template-columns: minmax(0, 3fr) minmax(0, 2fr);
    grid-template-areas:
      "timeline details"
      "timeline request";
  }

  .job-layout.has-package {
    grid-template-areas:
      "preview details"
      "preview request"
      "renditions renditions"
      "quality quality"
      "timeline timeline";
  }
}

@media (prefers-reduced-motion: reduce) {
  * {
    transition: none !important;
    animation: none !important;
  }
}

"""#,
        "dom.js": #"""
// Building the DOM without HTML strings: every text goes in as a text node, never parsed, so
// nothing a job carries (a source name, an error message) can become markup.

/**
 * Creates an element.
 * @param {string} tag The tag name.
 * @param {Object} [attributes] Attributes; `class`, `text`, `dataset`, `on` (event name → handler)
 *   and properties such as `value`, `checked`, `disabled` are set as such; `false`, `null` and
 *   `undefined` leave an attribute out.
 * @param {...(Node|string|number|null|undefined|Array)} children Nodes or texts.
 * @returns {HTMLElement}
 */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === undefined) continue;
    if (name === "class") element.className = value;
    else if (name === "text") element.textContent = value;
    else if (name === "dataset") Object.assign(element.dataset, value);
    else if (name === "on") for (const [event, handler] of Object.entries(value)) element.addEventListener(event, handler);
    else if (name === "value" || name === "checked" || name === "disabled" || name === "selected") element[name] = value;
    else element.setAttribute(name, value === true ? "" : String(value));
  }
  append(element, children);
  return element;
}

/**
 * Appends nodes or texts (arrays are flattened; null and undefined skipped).
 * @param {Node} parent
 * @param {Array} children
 */
export function append(parent, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/**
 * Replaces a node's children.
 * @param {Node} parent
 * @param {...(Node|string|null|undefined|Array)} children
 */
export function replace(parent, ...children) {
  parent.replaceChildren();
  append(parent, children);
}

/**
 * Says something to screen readers through the page's live region.
 * @param {string} message
 */
export function announce(message) {
  const region = document.getElementById("announcer");
  if (!region) return;
  region.textContent = "";
  // A new text node after a pause is announced even when the text repeats.
  window.setTimeout(() => {
    region.textContent = message;
  }, 50);
}

/**
 * A read-only field with a Copy button, for URLs.
 * @param {string} label The visible label.
 * @param {string} value The text to copy.
 * @param {string} id A unique id for the input.
 * @returns {HTMLElement}
 */
export function copyField(label, value, id) {
  const input = h("input", { type: "text", id, value, readonly: true, spellcheck: "false" });
  const button = h("button", {
    type: "button",
    class: "button small",
    "aria-describedby": id,
    text: "Copy",
    on: {
      click: async () => {
        input.select();
        let copied = false;
        try {
          await navigator.clipboard.writeText(value);
          copied = true;
        } catch {
          // No clipboard access (an insecure origin, a denied permission): the text stays selected.
        }
        button.textContent = copied ? "Copied" : "Select and copy";
        announce(copied ? `${label} copied` : "Press Ctrl+C to copy the selected URL");
        window.setTimeout(() => {
          button.textContent = "Copy";
        }, 2000);
      },
    },
  });
  return h("div", { class: "field" }, h("label", { for: id, text: label }), h("div", { class: "copy-row" }, input, button));
}

"""#,
        "favicon.svg": #"""
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32" width="32" height="32">
  <rect width="32" height="32" rx="7" fill="#1d4ed8"/>
  <circle cx="16" cy="16" r="10" fill="none" stroke="#ffffff" stroke-width="2.5"/>
  <circle cx="16" cy="16" r="2.5" fill="#ffffff"/>
  <circle cx="16" cy="9.5" r="2" fill="#ffffff"/>
  <circle cx="16" cy="22.5" r="2" fill="#ffffff"/>
  <circle cx="9.5" cy="16" r="2" fill="#ffffff"/>
  <circle cx="22.5" cy="16" r="2" fill="#ffffff"/>
</svg>

"""#,
        "format.js": #"""
// How numbers, times and job fields read in the console.

const units = ["B", "KB", "MB", "GB", "TB"];

/**
 * Bytes in decimal units: `12.6 MB`.
 * @param {number} bytes
 * @returns {string}
 */
export function bytes(bytes) {
  if (!Number.isFinite(bytes)) return "—";
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${unit === 0 ? value : value.toFixed(value < 10 ? 2 : 1)} ${units[unit]}`;
}

/**
 * Bits per second: `2.95 Mbit/s`, `128 kbit/s`.
 * @param {number} bitsPerSecond
 * @returns {string}
 */
export function bitrate(bitsPerSecond) {
  if (!Number.isFinite(bitsPerSecond) || bitsPerSecond <= 0) return "—";
  if (bitsPerSecond >= 1e6) return `${(bitsPerSecond / 1e6).toFixed(bitsPerSecond < 1e7 ? 2 : 1)} Mbit/s`;
  return `${Math.round(bitsPerSecond / 1e3)} kbit/s`;
}

/**
 * Seconds as `1:02:03`, `2:05` or `4.2 s`.
 * @param {number} seconds
 * @returns {string}
 */
export function duration(seconds) {
  if (!Number.isFinite(seconds)) return "—";
  if (seconds < 60) return `${seconds < 10 ? seconds.toFixed(1) : Math.round(seconds)} s`;
  const whole = Math.round(seconds);
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const s = String(whole % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${s}` : `${m}:${s}`;
}

/**
 * A media time for labels: `0:10`.
 * @param {number} seconds
 * @returns {string}
 */
export function clock(seconds) {
  const whole = Math.max(0, Math.floor(seconds));
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, "0")}`;
}

/**
 * How long ago a time was: `just now`, `12 s ago`, `5 min ago`, `3 h ago`, `2 d ago`.
 * @param {string} iso An ISO 8601 time.
 * @param {number} [now] Milliseconds since the epoch.
 * @returns {string}
 */
export function age(iso, now = Date.now()) {
  const then = Date.parse(iso);
  if (!Number.isFinite(then)) return "—";
  const seconds = Math.max(0, Math.round((now - then) / 1000));
  if (seconds < 5) return "just now";
  if (seconds < 60) return `${seconds} s ago`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86400) return `${Math.floor(seconds / 3600)} h ago`;
  return `${Math.floor(seconds / 86400)} d ago`;
}

/**
 * A time in the reader's locale: `21 Nov 2026, 09:41:57`.
 * @param {string} iso
 * @returns {string}
 */
export function dateTime(iso) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "—";
  return date.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "medium" });
}

/**
 * A fraction as a whole percentage: `42 %`.
 * @param {number} fraction 0…1
 * @returns {string}
 */
export function percent(fraction) {
  const value = Math.max(0, Math.min(1, Number(fraction) || 0));
  return `${Math.floor(value * 100)} %`;
}

/**
 * The last part of a source reference: `talk.mp4` from `s3://uploads/talk.mp4`.
 * @param {string} source
 * @returns {string}
 */
export function sourceName(source) {
  if (!source) return "—";
  if (source.startsWith("data:")) return "data: URI";
  const path = source.split(/[?#]/)[0].replace(/\/+$/, "");
  const name = path.slice(path.lastIndexOf("/") + 1);
  try {
    return decodeURIComponent(name) || source;
  } catch {
    return name || source;
  }
}

/**
 * The ladder a request names: a preset name, or an inline ladder's name.
 * @param {Object} request The job's `request`.
 * @returns {string}
 */
export function ladderName(request) {
  const ladder = request?.ladder;
  if (request?.package_only) return "package only";
  if (!ladder) return "web";
  if (typeof ladder === "string") return ladder;
  return `${ladder.name ?? "inline"} (inline)`;
}

/** The statuses a job can have, in the order the filter lists them. */
export const statuses = ["queued", "running", "succeeded", "failed", "cancelled"];

/**
 * Whether a status is final.
 * @param {string} status
 * @returns {boolean}
 */
export function isFinal(status) {
  return status === "succeeded" || status === "failed" || status === "cancelled";
}

/**
 * A status with a capital letter.
 * @param {string} status
 * @returns {string}
 */
export function statusLabel(status) {
  return status ? status[0].toUpperCase() + status.slice(1) : "—";
}

"""#,
        "index.html": #"""
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>Reel console</title>
<link rel="icon" href="/console/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/console/console.css">
<script type="module" src="/console/app.js"></script>
</head>
<body>
<a class="skip-link" href="#main" id="skip-link">Skip to content</a>
<header class="top-bar">
  <a class="brand" href="#/jobs"><img src="/console/favicon.svg" alt="" width="24" height="24"> Reel <span class="brand-sub">console</span></a>
  <nav class="main-nav" aria-label="Main" hidden>
    <ul>
      <li><a href="#/jobs" data-nav="jobs">Jobs</a></li>
      <li><a href="#/new" data-nav="new">New job</a></li>
    </ul>
  </nav>
  <button type="button" class="button quiet sign-out" id="sign-out" hidden>Sign out</button>
</header>
<main id="main" tabindex="-1">
  <p class="loading">Loading…</p>
</main>
<div id="announcer" class="visually-hidden" role="status" aria-live="polite"></div>
<noscript><p class="notice">The Reel console needs JavaScript.</p></noscript>
</body>
</html>

"""#,
        "job-page.js": #"""
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

"""#,
        "jobs-page.js": #"""
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

"""#,
        "navigate.js": #"""
// Moving between pages: the hash holds the route; going to the hash already shown renders it again.

/**
 * Shows the page of a route hash such as `#/jobs/ID`.
 * @param {string} hash
 */
export function navigate(hash) {
  if (window.location.hash === hash) window.dispatchEvent(new CustomEvent("reel:route"));
  else window.location.hash = hash;
}

"""#,
        "new-job-page.js": #"""
// The new-job form: the fields of the one request (`POST /v1/jobs`), the ladders from
// `GET /v1/ladders`, and the JSON that will be posted, shown as it is built.

import { ApiError, call, get, idempotencyKey } from "./api.js";
import { announce, h, replace } from "./dom.js";
import { navigate } from "./navigate.js";

/** Fields an API message may start with (`source: …`), by the id of their control. */
const fieldIDs = {
  source: "job-source",
  ladder: "job-ladder",
  formats: "format-hls",
  segment_duration: "job-segment-duration",
  keyframe_interval: "job-keyframe-interval",
  thumbnails: "job-thumbnail-interval",
  poster: "job-poster",
  output: "job-output",
  callback_url: "job-callback",
  metadata: "job-metadata",
};

/**
 * Renders the form.
 * @param {HTMLElement} main
 * @returns {() => void}
 */
export function render(main) {
  document.title = "New job · Reel console";
  let subtitleCount = 0;
  let lastBody = "";
  let lastKey = "";
  let ladders = [];

  const errorBox = h("div", { class: "notice error", role: "alert", tabindex: "-1", hidden: true });
  const source = input("job-source", "text", { required: true, placeholder: "s3://uploads/talk.mp4", autocomplete: "off" });
  const ladder = h("select", { id: "job-ladder", name: "ladder", "aria-describedby": "job-ladder-hint" }, h("option", { value: "web", text: "web" }));
  const ladderHint = h("span", { class: "hint", id: "job-ladder-hint", text: "Loading the ladders…" });
  const packageOnly = h("input", { type: "checkbox", id: "job-package-only" });
  const hls = h("input", { type: "checkbox", id: "format-hls", value: "hls", checked: true });
  const dash = h("input", { type: "checkbox", id: "format-dash", value: "dash", checked: true });
  const fmp4 = h("input", { type: "radio", name: "hls_segments", id: "segments-fmp4", value: "fmp4", checked: true });
  const ts = h("input", { type: "radio", name: "hls_segments", id: "segments-ts", value: "ts" });
  const segmentDuration = input("job-segment-duration", "number", { min: "0.1", max: "60", step: "any", inputmode: "decimal" });
  const keyframeInterval = input("job-keyframe-interval", "number", { min: "0.1", max: "60", step: "any", inputmode: "decimal" });
  const subtitles = h("div", { class: "subtitles" });
  const addSubtitles = h("button", { type: "button", class: "button small", id: "add-subtitles", text: "Add subtitles" });
  const thumbnails = h("input", { type: "checkbox", id: "job-thumbnails" });
  const thumbnailInterval = input("job-thumbnail-interval", "number", { min: "0.1", step: "any", value: "10", disabled: true });
  const thumbnailWidth = input("job-thumbnail-width", "number", { min: "16", max: "1920", step: "1", placeholder: "160", disabled: true });
  const thumbnailHeight = input("job-thumbnail-height", "number", { min: "16", max: "1920", step: "1", placeholder: "90", disabled: true });
  const poster = input("job-poster", "number", { min: "0", step: "any", inputmode: "decimal" });
  const output = input("job-output", "text", { placeholder: "talks/2026/keynote", autocomplete: "off" });
  const callback = input("job-callback", "url", { placeholder: "https://app.example.com/reel", autocomplete: "off" });
  const metadata = h("textarea", { id: "job-metadata", rows: "3", spellcheck: "false", placeholder: '{"video": 42}', "aria-describedby": "job-metadata-hint" });
  const preview = h("pre", { class: "request", id: "job-json", tabindex: "0", "aria-label": "The request as JSON" });
  const submit = h("button", { type: "submit", class: "button primary", id: "create-job", text: "Create job" });

  const form = h(
    "form",
    { novalidate: true, id: "new-job" },
    errorBox,
    h(
      "section",
      { class: "card", "aria-labelledby": "source-title" },
      h("h2", { id: "source-title", text: "Source" }),
      field("job-source", "Source", source, "A path under an allowed directory (--allow-source), s3://BUCKET/KEY, or an http(s) URL."),
      h("div", { class: "field" }, h("label", { for: "job-ladder", text: "Ladder" }), ladder, ladderHint),
      h("label", { class: "choice" }, packageOnly, "Package only: copy the streams as they are, no transcoding"),
    ),
    h(
      "section",
      { class: "card", "aria-labelledby": "package-title" },
      h("h2", { id: "package-title", text: "Package" }),
      h(
        "fieldset",
        {},
        h("legend", { text: "Formats" }),
        h("div", { class: "choices" }, h("label", { class: "choice" }, hls, "HLS"), h("label", { class: "choice" }, dash, "DASH")),
      ),
      h(
        "fieldset",
        {},
        h("legend", { text: "HLS segments" }),
        h(
          "div",
          { class: "choices" },
          h("label", { class: "choice" }, fmp4, "fMP4 (CMAF, shared with DASH)"),
          h("label", { class: "choice" }, ts, "MPEG-TS (older players)"),
        ),
      ),
      h(
        "div",
        { class: "row two" },
        field("job-segment-duration", "Segment duration (s)", segmentDuration, "Default: the ladder's."),
        field("job-keyframe-interval", "Keyframe interval (s)", keyframeInterval, "A segment is a whole number of these."),
      ),
      h(
        "fieldset",
        {},
        h("legend", { text: "Subtitles" }),
        subtitles,
        h("p", {}, addSubtitles),
      ),
      h(
        "fieldset",
        {},
        h("legend", { text: "Images" }),
        h("label", { class: "choice" }, thumbnails, "Make trick-play thumbnails"),
        h(
          "div",
          { class: "row three" },
          field("job-thumbnail-interval", "Every (s)", thumbnailInterval),
          field("job-thumbnail-width", "Width (px)", thumbnailWidth),
          field("job-thumbnail-height", "Height (px)", thumbnailHeight),
        ),
        h(
          "div",
          { class: "row three" },
          field("job-poster", "Poster at (s)", poster, "Makes poster.jpg from the picture at this time."),
        ),
      ),
    ),
    h(
      "section",
      { class: "card", "aria-labelledby": "delivery-title" },
      h("h2", { id: "delivery-title", text: "Delivery" }),
      field("job-output", "Output", output, "A relative path inside the server's output; the job id when empty."),
      field("job-callback", "Callback URL", callback, "The finished job is POSTed there, signed."),
      field("job-metadata", "Metadata (JSON)", metadata, "Your own JSON, returned with the job and its callback."),
    ),
    h("div", { class: "form-actions" }, submit, h("a", { class: "button", href: "#/jobs", text: "Cancel" })),
  );
  // Beside the form on wide screens (open), below it on phones (closed).
  const json = h(
    "details",
    { class: "card request-preview", open: window.matchMedia("(min-width: 64rem)").matches },
    h("summary", { text: "Request JSON" }),
    h("p", { class: "muted small", text: "What the form posts to /v1/jobs, as you fill it in." }),
    preview,
  );

  main.append(
    h(
      "section",
      { "aria-labelledby": "new-job-title" },
      h("div", { class: "page-head" }, h("h1", { id: "new-job-title", text: "New job" })),
      h("div", { class: "new-job-layout" }, form, h("aside", { "aria-label": "Request JSON" }, json)),
    ),
  );

  function addSubtitleRow() {
    subtitleCount += 1;
    const n = subtitleCount;
    const row = h(
      "div",
      { class: "row subtitle subtitle-row", dataset: { subtitle: String(n) } },
      field(`subtitle-source-${n}`, "Subtitle source", input(`subtitle-source-${n}`, "text", { required: true, placeholder: "s3://uploads/talk.fr.vtt" })),
      field(`subtitle-language-${n}`, "Language", input(`subtitle-language-${n}`, "text", { placeholder: "fr", autocomplete: "off" })),
      field(`subtitle-name-${n}`, "Name", input(`subtitle-name-${n}`, "text", { placeholder: "Français", autocomplete: "off" })),
    );
    const remove = h("button", { type: "button", class: "button small", text: "Remove", "aria-label": `Remove subtitles ${n}` });
    remove.addEventListener("click", () => {
      row.remove();
      addSubtitles.focus();
      update();
    });
    row.append(h("div", { class: "field" }, remove));
    subtitles.append(row);
    row.querySelector("input").focus();
    update();
  }

  /** The request the form describes, or throws a message naming the field. */
  function body() {
    const request = { source: source.value.trim() };
    if (packageOnly.checked) request.package_only = true;
    if (ladder.value) request.ladder = ladder.value;
    request.formats = [hls, dash].filter((box) => box.checked).map((box) => box.value);
    if (hls.checked && ts.checked) request.hls_segments = "ts";
    number(segmentDuration, "segment_duration", request);
    number(keyframeInterval, "keyframe_interval", request);
    const rows = Array.from(subtitles.querySelectorAll("[data-subtitle]"));
    if (rows.length > 0) {
      request.subtitles = rows.map((row) => {
        const [uri, language, name] = Array.from(row.querySelectorAll("input"), (item) => item.value.trim());
        const track = { source: uri };
        if (language) track.language = language;
        if (name) track.name = name;
        return track;
      });
    }
    if (thumbnails.checked) {
      const options = {};
      number(thumbnailInterval, "interval", options);
      number(thumbnailWidth, "width", options);
      number(thumbnailHeight, "height", options);
      request.thumbnails = options;
    }
    number(poster, "poster", request);
    if (output.value.trim()) request.output = output.value.trim();
    if (callback.value.trim()) request.callback_url = callback.value.trim();
    if (metadata.value.trim()) {
      try {
        request.metadata = JSON.parse(metadata.value);
      } catch (error) {
        throw new FieldError("job-metadata", `Metadata is not JSON: ${error.message}`);
      }
    }
    return request;
  }

  function update() {
    try {
      preview.textContent = JSON.stringify(body(), null, 2);
    } catch (error) {
      preview.textContent = error.message;
    }
  }

  function clearErrors() {
    errorBox.hidden = true;
    for (const control of form.querySelectorAll("[aria-invalid]")) control.removeAttribute("aria-invalid");
  }

  function showError(message, controlID) {
    errorBox.textContent = message;
    errorBox.hidden = false;
    const control = controlID ? document.getElementById(controlID) : null;
    if (control) {
      control.setAttribute("aria-invalid", "true");
      control.focus();
    } else {
      errorBox.focus();
    }
  }

  async function onSubmit(event) {
    event.preventDefault();
    clearErrors();
    let request;
    try {
      request = body();
      if (!request.source) throw new FieldError("job-source", "Enter the source: where the media is.");
      if (request.formats.length === 0) throw new FieldError("format-hls", "Choose at least one format.");
      for (const row of subtitles.querySelectorAll("[data-subtitle]")) {
        const uri = row.querySelector("input");
        if (!uri.value.trim()) throw new FieldError(uri.id, "Enter the subtitle file's source, or remove the row.");
      }
    } catch (error) {
      showError(error.message, error.field);
      return;
    }
    // The same request keeps its key (a repeated click makes one job); a changed one gets a new key.
    const text = JSON.stringify(request);
    if (text !== lastBody) {
      lastBody = text;
      lastKey = idempotencyKey();
    }
    submit.disabled = true;
    submit.textContent = "Creating…";
    try {
      const answer = await call("POST", "/v1/jobs", { body: request, headers: { "Idempotency-Key": lastKey } });
      announce("Job created");
      navigate(`#/jobs/${encodeURIComponent(answer.body.id)}`);
    } catch (failure) {
      submit.disabled = false;
      submit.textContent = "Create job";
      if (!(failure instanceof ApiError)) {
        showError(String(failure));
        return;
      }
      const name = /^([a-z_]+)(?:\[\d+\])?(?:\.[a-z_]+)?:/.exec(failure.message)?.[1];
      showError(failure.message, fieldIDs[name]);
    }
  }

  form.addEventListener("input", update);
  form.addEventListener("change", update);
  form.addEventListener("submit", onSubmit);
  addSubtitles.addEventListener("click", addSubtitleRow);
  thumbnails.addEventListener("change", () => {
    for (const control of [thumbnailInterval, thumbnailWidth, thumbnailHeight]) control.disabled = !thumbnails.checked;
  });
  ladder.addEventListener("change", () => describeLadder());

  function describeLadder() {
    const chosen = ladders.find((item) => item.name === ladder.value);
    if (!chosen) return;
    const video = chosen.rungs.length > 0 ? `${chosen.rungs.length} video rungs (${chosen.rungs.join(", ")})` : "no video";
    ladderHint.textContent = `${chosen.summary}. ${video}; ${chosen.segment_duration} s segments, keyframes every ${chosen.keyframe_interval} s.`;
    segmentDuration.placeholder = String(chosen.segment_duration);
    keyframeInterval.placeholder = String(chosen.keyframe_interval);
  }

  get("/v1/ladders")
    .then((answer) => {
      ladders = answer.ladders ?? [];
      if (ladders.length === 0) return;
      const current = ladder.value;
      replace(ladder, ladders.map((item) => h("option", { value: item.name, text: item.name, selected: item.name === current })));
      describeLadder();
      update();
    })
    .catch((failure) => {
      ladderHint.textContent = `The ladders could not be read: ${failure.message}`;
    });
  update();
  source.focus();
}

/** A form problem that names the control to fix. */
class FieldError extends Error {
  /**
   * @param {string} field The control's id.
   * @param {string} message
   */
  constructor(field, message) {
    super(message);
    this.field = field;
  }
}

/**
 * A text or number input.
 * @param {string} id
 * @param {string} type
 * @param {Object} [attributes]
 * @returns {HTMLInputElement}
 */
function input(id, type, attributes = {}) {
  return h("input", { id, name: id, type, ...attributes });
}

/**
 * A labelled field with an optional hint.
 * @param {string} id The control's id.
 * @param {string} label
 * @param {HTMLElement} control
 * @param {string} [hint]
 * @returns {HTMLElement}
 */
function field(id, label, control, hint) {
  if (hint) control.setAttribute("aria-describedby", `${id}-hint`);
  return h(
    "div",
    { class: "field" },
    h("label", { for: id, text: label }),
    control,
    hint ? h("span", { class: "hint", id: `${id}-hint`, text: hint }) : null,
  );
}

/**
 * Puts a number field's value into an object, when it has one.
 * @param {HTMLInputElement} control
 * @param {string} key
 * @param {Object} target
 */
function number(control, key, target) {
  const text = control.value.trim();
  if (!text) return;
  const value = Number(text);
  if (!Number.isFinite(value)) throw new FieldError(control.id, `${control.labels?.[0]?.textContent ?? key}: not a number`);
  target[key] = value;
}

"""#,
        "preview.js": #"""
// The preview of a finished package: HLS in the video element (Safari and Chromium play it
// natively), a rendition picker, the manifest URLs to copy, the thumbnails and the quality chart.
//
// The video element cannot send the API token, so the page asks for a preview link
// (`GET /v1/jobs/{id}/preview`): a signed path under `/preview/` that serves this package's files,
// and nothing else, until it expires.

import { ApiError, get } from "./api.js";
import { announce, copyField, h, replace } from "./dom.js";
import * as format from "./format.js";

/** At most this many thumbnails are shown (evenly spaced over the package). */
const maxThumbnails = 48;

/**
 * Fills the preview card (and the quality card, when the package has a quality report).
 * @param {HTMLElement} card
 * @param {Object} job A succeeded job.
 * @param {HTMLElement} qualityCard
 */
export async function renderPreview(card, job, qualityCard) {
  const heading = h("h2", { id: "preview-title", text: "Preview" });
  replace(card, heading, h("p", { class: "loading", text: "Preparing the preview…" }));
  card.hidden = false;
  let link;
  try {
    link = await get(`/v1/jobs/${encodeURIComponent(job.id)}/preview`);
  } catch (failure) {
    replace(
      card,
      heading,
      h("p", { class: "notice warn", text: failure instanceof ApiError ? failure.message : String(failure) }),
      storedManifests(job),
    );
    return;
  }
  const name = format.sourceName(job.request?.source);
  const parts = [heading];
  const expires = new Date(link.expires_at).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
  let video = null;
  if (!link.hls) {
    parts.push(
      h("p", {
        class: "notice",
        text: "This package has no HLS, so the page cannot play it. Copy the DASH manifest's URL into a DASH player (dash.js, Shaka Player).",
      }),
    );
  } else {
    video = h("video", {
      controls: true,
      playsinline: true,
      preload: "metadata",
      id: "preview-video",
      "aria-label": `Preview of ${name}`,
      poster: link.poster ?? null,
    });
    if (video.canPlayType("application/vnd.apple.mpegurl") === "") {
      video = null;
      parts.push(
        h("p", {
          class: "notice",
          text: "This browser does not play HLS in a video element (Safari and Chromium do). Copy the manifest URL below into a player.",
        }),
      );
      if (link.poster) parts.push(h("img", { class: "poster", src: link.poster, alt: `Poster of ${name}` }));
    } else {
      video.src = link.hls;
      const status = h("p", { class: "notice error", role: "alert", hidden: true });
      video.addEventListener("error", () => {
        const code = video.error?.code;
        status.textContent = `The browser could not play this package${code ? ` (media error ${code})` : ""}: ${video.error?.message || "no details"}.`;
        status.hidden = false;
      });
      parts.push(h("figure", { class: "player" }, video), status);
    }
  }
  const note = h("p", {
    class: "muted small",
    text: `The preview links below open this package without a token until ${expires}; players elsewhere can use them too.`,
  });
  parts.push(h("div", { class: "player-controls" }, video ? renditionPicker(video, link, job) : null, note));
  if (link.hls) parts.push(copyField("HLS master playlist (preview link)", absolute(link.hls), "copy-hls"));
  if (link.dash) parts.push(copyField("DASH manifest (preview link)", absolute(link.dash), "copy-dash"));
  parts.push(storedManifests(job));
  const thumbnails = h("div", { hidden: true });
  parts.push(thumbnails);
  replace(card, parts);
  if (link.thumbnails) showThumbnails(thumbnails, link.thumbnails, video).catch(() => {});
  if (link.quality) {
    replace(
      qualityCard,
      h("h2", { id: "quality-title", text: "Quality" }),
      h("img", {
        src: link.quality,
        alt: "Rate–quality chart: each rendition's bitrate against its measured quality",
        width: "960",
        height: "540",
        loading: "lazy",
      }),
    );
    qualityCard.hidden = false;
  }
}

/**
 * The rendition picker: automatic (the master playlist, the player switches) or one video
 * rendition (a master playlist of that rendition alone, with the audio and subtitles).
 * @param {HTMLVideoElement} video
 * @param {Object} link The preview link.
 * @param {Object} job
 * @returns {HTMLElement}
 */
function renditionPicker(video, link, job) {
  const renditions = (job.result?.renditions ?? []).filter((rendition) => rendition.kind === "video");
  const select = h(
    "select",
    { id: "rendition", "aria-describedby": "rendition-hint" },
    h("option", { value: "", text: "Automatic (all renditions)" }),
    renditions.map((rendition) =>
      h("option", {
        value: rendition.id,
        text: `${rendition.id} · ${rendition.width ?? "?"}×${rendition.height ?? "?"} · ${format.bitrate(rendition.average_bitrate)}`,
      }),
    ),
  );
  select.addEventListener("change", () => {
    const time = video.currentTime;
    const playing = !video.paused && !video.ended;
    const url = select.value ? `${link.hls}?rendition=${encodeURIComponent(select.value)}` : link.hls;
    video.src = url;
    video.addEventListener(
      "loadedmetadata",
      () => {
        if (time > 0 && Number.isFinite(video.duration)) video.currentTime = Math.min(time, video.duration);
        if (playing) video.play().catch(() => {});
      },
      { once: true },
    );
    announce(select.value ? `Playing rendition ${select.value}` : "Playing all renditions");
  });
  return h(
    "div",
    { class: "field" },
    h("label", { for: "rendition", text: "Rendition" }),
    select,
    h("span", { class: "hint", id: "rendition-hint", text: `${renditions.length} video rendition${renditions.length === 1 ? "" : "s"}` }),
  );
}

/**
 * Where the package's manifests are stored (the job's result), for copying.
 * @param {Object} job
 * @returns {HTMLElement|null}
 */
function storedManifests(job) {
  const manifests = Object.entries(job.result?.manifests ?? {});
  if (manifests.length === 0) return null;
  return h(
    "details",
    { class: "stored" },
    h("summary", { text: "Stored manifests" }),
    manifests.map(([kind, location]) => copyField(`${kind.toUpperCase()} (stored)`, location, `copy-stored-${kind}`)),
  );
}

/**
 * An absolute URL on this server.
 * @param {string} path
 * @returns {string}
 */
function absolute(path) {
  return new URL(path, window.location.href).href;
}

/**
 * Reads the WebVTT thumbnail track and shows its thumbnails; a click seeks the video.
 * @param {HTMLElement} container
 * @param {string} trackURL
 * @param {HTMLVideoElement|null} video
 */
async function showThumbnails(container, trackURL, video) {
  const response = await fetch(trackURL, { cache: "no-store" });
  if (!response.ok) return;
  const base = new URL(trackURL, window.location.href);
  let cues = parseThumbnailTrack(await response.text(), base);
  if (cues.length === 0) return;
  if (cues.length > maxThumbnails) {
    const step = cues.length / maxThumbnails;
    cues = Array.from({ length: maxThumbnails }, (_, index) => cues[Math.floor(index * step)]);
  }
  const list = h("ul", { class: "thumbnails", "aria-label": "Thumbnails" });
  for (const cue of cues) {
    const image = h("span", { class: "thumb", "aria-hidden": "true" });
    // CSSOM, not a style attribute: the policy allows no inline styles.
    image.style.width = `${cue.width}px`;
    image.style.height = `${cue.height}px`;
    image.style.backgroundImage = `url("${cue.image}")`;
    image.style.backgroundPosition = `-${cue.x}px -${cue.y}px`;
    const label = format.clock(cue.start);
    const button = h(
      "button",
      { type: "button", "aria-label": video ? `Play from ${label}` : `Thumbnail at ${label}`, disabled: !video },
      image,
      h("span", { text: label }),
    );
    button.addEventListener("click", () => {
      if (!video) return;
      video.currentTime = cue.start;
      video.play().catch(() => {});
    });
    list.append(h("li", {}, button));
  }
  replace(container, h("h3", { class: "thumbnails-title", text: "Thumbnails" }), list);
  container.hidden = false;
}

/**
 * The cues of a WebVTT thumbnail track: `00:00:10.000 --> 00:00:20.000` then
 * `sprite_0.jpg#xywh=160,0,160,90`. Only images on this server are kept.
 * @param {string} text
 * @param {URL} base The track's URL.
 * @returns {Array<{start: number, image: string, x: number, y: number, width: number, height: number}>}
 */
export function parseThumbnailTrack(text, base) {
  const cues = [];
  const blocks = text.replace(/\r\n?/g, "\n").split(/\n{2,}/);
  for (const block of blocks) {
    const lines = block.split("\n");
    const timing = lines.findIndex((line) => line.includes("-->"));
    if (timing < 0 || !lines[timing + 1]) continue;
    const start = seconds(lines[timing].split("-->")[0].trim());
    const [file, fragment = ""] = lines[timing + 1].trim().split("#");
    const match = /^xywh=(\d+),(\d+),(\d+),(\d+)$/.exec(fragment);
    if (!Number.isFinite(start) || !match) continue;
    const image = new URL(file, base);
    if (image.origin !== window.location.origin) continue;
    const [x, y, width, height] = match.slice(1).map(Number);
    cues.push({ start, image: image.href, x, y, width, height });
  }
  return cues;
}

/**
 * A WebVTT timestamp in seconds: `01:02.500` or `00:01:02.500`.
 * @param {string} text
 * @returns {number}
 */
function seconds(text) {
  const parts = text.split(":").map(Number);
  if (parts.some((part) => !Number.isFinite(part))) return Number.NaN;
  return parts.reduce((total, part) => total * 60 + part, 0);
}

"""#,
        "sign-in-page.js": #"""
// Signing in: an API token of this server, checked with `GET /v1/jobs` and kept in this tab's
// session storage only.

import { ApiError, get, session } from "./api.js";
import { announce, h } from "./dom.js";
import { navigate } from "./navigate.js";

/**
 * Renders the sign-in form.
 * @param {HTMLElement} main
 * @param {{params: URLSearchParams}} route `next`: the page to open after signing in.
 */
export function render(main, route) {
  document.title = "Sign in · Reel console";
  const next = route.params.get("next")?.startsWith("#/") ? route.params.get("next") : "#/jobs";
  const error = h("div", { class: "notice error", role: "alert", tabindex: "-1", hidden: true });
  const input = h("input", {
    type: "password",
    id: "token",
    name: "token",
    required: true,
    autocomplete: "off",
    spellcheck: "false",
    "aria-describedby": "token-hint",
  });
  const submit = h("button", { type: "submit", class: "button primary", text: "Sign in" });
  const form = h(
    "form",
    { class: "card", novalidate: true },
    error,
    h(
      "div",
      { class: "field" },
      h("label", { for: "token", text: "API token" }),
      input,
      h("span", {
        class: "hint",
        id: "token-hint",
        text:
          "A token of this server (--api-token, api_tokens). It stays in this browser tab and is " +
          "forgotten when the tab closes.",
      }),
    ),
    h("div", { class: "form-actions" }, submit),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const token = input.value.trim();
    if (!token) {
      show(error, "Enter an API token.");
      input.setAttribute("aria-invalid", "true");
      return;
    }
    submit.disabled = true;
    submit.textContent = "Signing in…";
    try {
      await get("/v1/jobs?limit=1", { token });
      session.signIn(token);
      announce("Signed in");
      navigate(next);
    } catch (failure) {
      input.setAttribute("aria-invalid", "true");
      show(error, explain(failure));
      submit.disabled = false;
      submit.textContent = "Sign in";
    }
  });
  main.append(
    h(
      "section",
      { class: "sign-in", "aria-labelledby": "sign-in-title" },
      h("h1", { id: "sign-in-title", text: "Sign in" }),
      h("p", { class: "muted", text: "The Reel console shows this server's jobs, their progress and their packages." }),
      form,
    ),
  );
  input.focus();
}

/**
 * Shows an error above the form (announced: `role="alert"`) and puts focus back in the field.
 * @param {HTMLElement} box
 * @param {string} message
 */
function show(box, message) {
  box.textContent = message;
  box.hidden = false;
  document.getElementById("token")?.focus();
}

/**
 * What a failed sign-in means for the person signing in.
 * @param {unknown} failure
 * @returns {string}
 */
function explain(failure) {
  if (!(failure instanceof ApiError)) return String(failure);
  if (failure.status === 401) return "This token is not accepted by the server.";
  if (failure.status === 403) return `This token may not list jobs: ${failure.message}`;
  return failure.message;
}

"""#,
        "timeline.js": #"""
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

"""#,
    ]
}
