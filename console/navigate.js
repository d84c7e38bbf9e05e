// Moving between pages: the hash holds the route; going to the hash already shown renders it again.

/**
 * Shows the page of a route hash such as `#/jobs/ID`.
 * @param {string} hash
 */
export function navigate(hash) {
  if (window.location.hash === hash) window.dispatchEvent(new CustomEvent("reel:route"));
  else window.location.hash = hash;
}
