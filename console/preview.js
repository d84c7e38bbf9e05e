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
