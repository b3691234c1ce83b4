// Small DOM helpers for the status page. Text from the gateway and its upstreams is only
// ever set as textContent, never parsed as HTML.

export const byId = (id) => document.getElementById(id);

export function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** Writes only on change, so an unchanged cell keeps a reader's text selection. */
export function setText(node, text) {
  if (node.textContent !== text) node.textContent = text;
}

/** Moves a node only when it is not in place yet, for the same reason. */
export function placeAt(parent, node, index) {
  if (parent.children[index] !== node) parent.insertBefore(node, parent.children[index] ?? null);
}

/** Words first; the colour of a badge only repeats what its text says. */
export function setBadge(node, { text, tone }) {
  setText(node, text);
  const className = `badge badge-${tone}`;
  if (node.className !== className) node.className = className;
}
