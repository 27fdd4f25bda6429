// What a screen reader hears about the hover: what is shown, not coordinates, once the
// pointer settles. For empty space, the classes of the nearest data points (the server's
// neighbours, as the strip shows them) say where it is; with a classifier, what its decoded image
// reads as follows.
import { classNames, majorityClass } from "../selectors.js";

const SETTLE_MS = 700;

export function describeHover(state) {
  const info = state.hoverInfo;
  if (!info) return "";
  const names = classNames(state);
  const read = info.classRead
    ? ` It reads as ${names[info.classRead.label] ?? info.classRead.label}, ${Math.round(info.classRead.confidence * 100)}% sure.` : "";
  if (info.kind === "point") return `Data point ${info.index}, class ${names[info.label] ?? info.label}, ${info.split} image.${read}`;
  const items = state.neighbors?.position === info.latent ? state.neighbors.items : [];
  if (items.length === 0) return `Empty space.${read}`;
  const { label, count } = majorityClass(items);
  return `Empty space, nearest data points mostly class ${names[label] ?? label} (${count} of ${items.length}).${read}`;
}

export function createAnnouncer(region) {
  let timer = null;
  let latest = null; // the state when the pointer settles is the one described
  return function render(state, previous) {
    latest = state;
    if (state.hoverInfo === previous.hoverInfo && state.neighbors === previous.neighbors) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      region.textContent = describeHover(latest);
    }, SETTLE_MS);
  };
}
