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
