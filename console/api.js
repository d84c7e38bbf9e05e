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
