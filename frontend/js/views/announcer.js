// What a screen reader hears about the hover: what is shown, not coordinates, once the
// pointer settles. For empty space, the classes of the nearest data points say where it is.
import { classNames } from "../selectors.js";

const SETTLE_MS = 700;
const NEIGHBOURS = 8;

/** Indices of the `k` data points nearest `position` (Euclidean; brute force, ~1 ms for 70,000). */
export function nearestIndices(latents, position, k) {
  const best = []; // [distance², index], ascending, at most k
  for (let i = 0; i < latents.length / 3; i++) {
    const dx = latents[i * 3] - position[0];
    const dy = latents[i * 3 + 1] - position[1];
    const dz = latents[i * 3 + 2] - position[2];
    const distance = dx * dx + dy * dy + dz * dz;
    if (best.length === k && distance >= best[k - 1][0]) continue;
    const at = best.findIndex(([d]) => d > distance);
    best.splice(at === -1 ? best.length : at, 0, [distance, i]);
    if (best.length > k) best.pop();
  }
  return best.map(([, index]) => index);
}

export function describeHover(state) {
  const info = state.hoverInfo;
  if (!info) return "";
  const names = classNames(state);
  if (info.kind === "point") return `Data point ${info.index}, class ${names[info.label] ?? info.label}, ${info.split} image.`;
  if (!state.points) return "Empty space.";
  const counts = new Map();
  for (const index of nearestIndices(state.points.latents, info.latent, NEIGHBOURS)) {
    const label = state.points.labels[index];
    counts.set(label, (counts.get(label) ?? 0) + 1);
  }
  const [label, votes] = [...counts].sort((a, b) => b[1] - a[1])[0];
  return `Empty space, nearest data points mostly class ${names[label] ?? label} (${votes} of ${NEIGHBOURS}).`;
}

export function createAnnouncer(region) {
  let timer = null;
  return function render(state, previous) {
    if (state.hoverInfo === previous.hoverInfo) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      region.textContent = describeHover(state);
    }, SETTLE_MS);
  };
}
