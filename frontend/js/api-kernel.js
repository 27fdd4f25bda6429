// The kernel's answers, for the page in a notebook: the server's requests (api-served.js), sent through the
// widget (widget.js, which hands the page a bridge on its frame element) to the kernel, which answers each with
// the server's own app (notebook.py). A request becomes a Response, so the answers read it as they read HTTP's.
import { createServedAnswers } from "./api-served.js";

/** The bridge to the kernel that widget.js left on the page's frame, or null outside a notebook. */
export function kernelBridge() {
  try {
    return window.frameElement?.latentExplorerBridge ?? null;
  } catch {
    return null; // a frame of another origin: not the widget's
  }
}

export function createKernelAnswers(bridge = kernelBridge()) {
  async function send(path, { method = "GET", headers = {}, body } = {}) {
    if (!bridge) throw new Error("this page is not in the notebook widget that answers it");
    const answer = await bridge.request({ method, path, headers, body });
    return new Response(answer.status === 204 || answer.status === 304 ? null : answer.body, { status: answer.status, headers: answer.headers });
  }
  return createServedAnswers({ send, answerer: "notebook's kernel", check: "Is the kernel still running, and not busy with another cell?" });
}
