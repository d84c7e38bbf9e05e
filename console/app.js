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
