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
