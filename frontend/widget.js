// The notebook widget (anywidget; its Python side is backend/latent_explorer/notebook.py): the explorer's own
// page, in an iframe of the cell's output. Nothing is fetched over HTTP: the kernel sends the page's files,
// this module makes each ES module a blob: URL (imports rewritten to point at their blobs, since a relative
// import cannot resolve against a blob: URL), and the page's API requests travel as the widget's messages,
// answered by the kernel (the page's third way of answering, js/api-kernel.js). The page finds its bridge to the
// kernel on its frame element: a same-origin srcdoc frame may read it, and a bridge of plain functions
// carries ArrayBuffers without copying them through postMessage.

const IMPORT_SPECIFIER = /(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(["'])(\.{1,2}\/[^"']+)\2/g;
const PAGE_ORIGIN = "https://page.invalid/"; // only to resolve one page path against another
const STATE_NAMES = ["selection", "control_points", "closed", "highlight"]; // what the kernel may set

let lastId = 0;
const nextId = () => `${Date.now().toString(36)}-${++lastId}`;

/** The page path a module at `from` names with the relative `specifier`. */
export function resolvePath(from, specifier) {
  return new URL(specifier, PAGE_ORIGIN + from).pathname.slice(1);
}

/** Blob URLs of the module `entry` and of every module it imports, dependencies first; `files`: path -> text. */
export function moduleUrls(files, entry, makeUrl = (text) => URL.createObjectURL(new Blob([text], { type: "text/javascript" }))) {
  const urls = new Map();
  const loading = new Set();
  const urlOf = (path) => {
    if (urls.has(path)) return urls.get(path);
    if (files[path] === undefined) throw new Error(`the page has no module ${path}`);
    if (loading.has(path)) throw new Error(`the page's modules import each other in a cycle through ${path}`);
    loading.add(path);
    const text = files[path].replace(IMPORT_SPECIFIER, (_, head, quote, specifier) => `${head}${quote}${urlOf(resolvePath(path, specifier))}${quote}`);
    urls.set(path, makeUrl(text));
    return urls.get(path);
  };
  urlOf(entry);
  return urls;
}

/** The page's index.html for a srcdoc frame: its style sheets inline, its main module a blob, and told that the kernel answers. */
export function pageDocument(files, urls) {
  return files["index.html"]
    .replace('<meta charset="utf-8">', '<meta charset="utf-8">\n  <meta name="latent-explorer-kernel" content="">')
    .replace(/<link rel="stylesheet" href="([^"]+)">/g, (_, href) => `<style>\n${files[href]}\n</style>`)
    .replace(/<script type="module" src="([^"]+)"><\/script>/, (_, src) => `<script type="module" src="${urls.get(src)}"></script>`);
}

const asArrayBuffer = (buffer) => buffer instanceof ArrayBuffer ? buffer
  : buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength);

function createBridge(model) {
  const pending = new Map(); // request id -> resolve
  const setListeners = new Set();
  const reported = {}; // trait -> JSON of what the page last reported: its echo is not a change to apply
  const onMessage = (content, buffers) => {
    const resolve = pending.get(content?.id);
    if (!resolve) return; // another view's answer
    pending.delete(content.id);
    resolve({ content, buffers: buffers ?? [] });
  };
  model.on("msg:custom", onMessage);
  const ask = (content, buffers) => new Promise((resolve) => {
    const id = nextId();
    pending.set(id, resolve);
    model.send({ ...content, id }, undefined, buffers);
  });
  const onChange = (name) => () => {
    const value = model.get(name);
    if (JSON.stringify(value) === reported[name]) return;
    for (const listener of setListeners) listener(name, value);
  };
  const changeHandlers = STATE_NAMES.map((name) => [name, onChange(name)]);
  for (const [name, handler] of changeHandlers) model.on(`change:${name}`, handler);
  return {
    /** The page's files: path -> text. */
    async page() {
      return (await ask({ kind: "page" })).content.files;
    },
    /** One API request, answered by the kernel: {status, headers, body: ArrayBuffer}. */
    async request({ method, path, headers, body }) {
      const bytes = body === undefined || body === null ? [] : [typeof body === "string" ? new TextEncoder().encode(body).buffer : asArrayBuffer(body)];
      const { content, buffers } = await ask({ kind: "request", method, path, headers }, bytes);
      return { status: content.status, headers: content.headers, body: buffers.length ? asArrayBuffer(buffers[0]) : new ArrayBuffer(0) };
    },
    /** What the page shows now, for the traits (only the names given). */
    report(state) {
      for (const [name, value] of Object.entries(state)) reported[name] = JSON.stringify(value);
      model.send({ kind: "state", state });
    },
    /** Call `listener(name, value)` when the notebook sets one of STATE_NAMES; returns the value each has now. */
    onSet(listener) {
      setListeners.add(listener);
      return Object.fromEntries(STATE_NAMES.map((name) => [name, model.get(name)]));
    },
    close() {
      model.off("msg:custom", onMessage);
      for (const [name, handler] of changeHandlers) model.off(`change:${name}`, handler);
      setListeners.clear();
    },
  };
}

async function render({ model, el }) {
  const frame = document.createElement("iframe");
  frame.title = "Latent Space Explorer";
  frame.allow = "clipboard-write; fullscreen";
  frame.style.cssText = `width: 100%; height: ${model.get("height")}px; border: 1px solid #8884; border-radius: 4px; display: block;`;
  const error = document.createElement("p");
  error.setAttribute("role", "alert");
  error.style.cssText = "color: #b00020; font: 13px/1.4 system-ui, sans-serif; margin: 4px 0; white-space: pre-wrap;";
  const showError = () => {
    const message = model.get("error");
    error.textContent = message ? `The model failed: ${message}` : "";
    error.hidden = !message;
  };
  model.on("change:error", showError);
  showError();
  el.append(frame, error);

  const bridge = createBridge(model);
  let urls = new Map();
  try {
    const files = await bridge.page();
    urls = moduleUrls(files, "js/main.js");
    frame.latentExplorerBridge = bridge;
    // The page's modules by path, for the bench to time the page's own api.js (one instance per URL).
    frame.latentExplorerModules = Object.fromEntries(urls);
    frame.srcdoc = pageDocument(files, urls);
  } catch (failure) {
    error.hidden = false;
    error.textContent = `The explorer could not start: ${failure.message}`;
  }
  return () => {
    model.off("change:error", showError);
    bridge.close();
    for (const url of urls.values()) URL.revokeObjectURL(url);
  };
}

export default { render };
