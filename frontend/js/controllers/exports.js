// What leaves the page: the link to this view, the traversal as a GIF or a film strip
// (built by the server), a picture of the cloud, and the selection as CSV or JSON.
import { fetchTraversalFile } from "../api.js";
import { selectionCsv, selectionJson, selectionRows } from "../selection-table.js";
import { classNames, datasetEntry, latentAt } from "../selectors.js";
import { LINK_SELECTION_MOST } from "../url-state.js";
import { composeSnapshot } from "../views/snapshot.js";
import { selectionLeftOut } from "./link.js";

const SNAPSHOT_SCALE = 2;
/** A film strip's columns when none are asked: about square, not one row of every frame (64 frames: 8 rows of 8). */
const defaultColumns = (steps) => Math.ceil(Math.sqrt(steps));

function download(blob, filename) {
  const url = URL.createObjectURL(blob);
  const link = Object.assign(document.createElement("a"), { href: url, download: filename });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function createExports(store, { link, cloudView, notify }) {
  return {
    async copyLink() {
      const url = link.url();
      try {
        await navigator.clipboard.writeText(url);
        notify(selectionLeftOut(store.get())
          ? `Link to this view copied, without the selection: a link keeps at most ${LINK_SELECTION_MOST.toLocaleString("en")} points.`
          : "Link to this view copied.");
      } catch {
        notify(`Copy this link to reopen the view: ${url}`); // no clipboard access (an insecure origin, a denied permission)
      }
    },
    /** `format` "gif" or "png"; `options` {scale, columns}. */
    async traversal(format, { scale, columns }) {
      const state = store.get();
      const { dataset, controlPoints, steps, closed, playFps, pingPong, traversal } = state;
      if (!traversal) return;
      const body = { control_points: controlPoints.map((point) => latentAt(state, point)), steps, closed, scale,
                     ...(format === "gif" ? { fps: playFps, ping_pong: pingPong } : { columns: Math.min(columns || defaultColumns(steps), steps) }) };
      try {
        const { blob, filename } = await fetchTraversalFile(dataset, format, body);
        download(blob, filename ?? `${dataset}-traversal-${steps}-steps.${format}`);
      } catch (error) {
        store.set({ error: error.message });
      }
    },
    /** The selection's rows (selection-table.js) downloaded as `format` "csv" or "json", named `<dataset>-selection.<format>`. */
    selection(format) {
      const state = store.get();
      if (!state.points || state.selection.length === 0) return;
      const { labels, full: { latents, dims } } = state.points;
      const rows = selectionRows(state.selection, { labels, classes: classNames(state), latents, dims, trainCount: datasetEntry(state).train_count });
      const [text, type] = format === "csv" ? [selectionCsv(rows, dims), "text/csv"] : [selectionJson(rows, { dataset: state.dataset, dims }), "application/json"];
      download(new Blob([text], { type }), `${state.dataset}-selection.${format}`);
    },
    saveImage() {
      const state = store.get();
      if (!state.camera) return;
      const picture = composeSnapshot(cloudView.snapshot(SNAPSHOT_SCALE), state);
      picture.toBlob((blob) => download(blob, `${state.dataset}-view.png`), "image/png");
    },
  };
}
