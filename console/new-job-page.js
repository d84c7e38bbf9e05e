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
