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
