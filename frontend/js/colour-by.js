// Colouring the points by one latent dimension, for a model added without labels (one class, one colour
// otherwise). A choice is "class" or "dim:k", k the dimension counted from 0, as the view control counts them; the
// ramp (palette.js) spans the dimension's 2nd to 98th percentile over the points, so a few far points do not
// squeeze the rest into one colour, and points beyond take the end colours. Pure, but for `pointColours`,
// a selector cached on its inputs.
import { rampColor } from "./palette.js";
import { datasetEntry, lastOf } from "./selectors.js";

export const BY_CLASS = "class";
const DIMENSION = /^dim:(\d+)$/;
const PERCENTILES = [2, 98];

/** The choice of the dimension at 0-based `index`: "dim:index". */
export const dimensionChoice = (index) => `dim:${index}`;

/** The choices `entry` (a listing's {classes, latent_dim}) offers: none for a data set of several classes. */
export function choicesOf(entry) {
  if (entry?.classes?.length !== 1) return [];
  return [BY_CLASS, ...Array.from({ length: entry.latent_dim }, (_, index) => dimensionChoice(index))];
}

/** Why `choice` is no way to colour `entry`'s points (null when it is one). */
export function choiceProblem(choice, entry) {
  if (choice === BY_CLASS) return null;
  const match = DIMENSION.exec(choice);
  if (!match) return `neither "class" nor "dim:k"`;
  if (!entry) return "there is no data set";
  if (entry.classes.length !== 1) return `${entry.title ?? entry.id} has ${entry.classes.length} classes, each its own colour`;
  const dims = entry.latent_dim;
  const dimension = Number(match[1]);
  if (dimension >= dims) return `latent dimensions are 0 to ${dims - 1}`;
  return null;
}

/** The 0-based latent dimension `choice` colours `entry`'s points by, or null for one colour per class. */
export function dimensionOf(choice, entry) {
  return choice !== BY_CLASS && choiceProblem(choice, entry) === null ? Number(DIMENSION.exec(choice)[1]) : null;
}

/** The `percents` (0 to 100) of `values`, interpolated between the nearest two as numpy's default does. */
export function percentiles(values, percents) {
  const sorted = Float64Array.from(values).sort();
  return percents.map((percent) => {
    const at = (percent / 100) * (sorted.length - 1);
    const below = Math.floor(at);
    const above = Math.min(below + 1, sorted.length - 1);
    return sorted[below] + (at - below) * (sorted[above] - sorted[below]);
  });
}

/**
 * Each point's colour by latent dimension `dimension` (0-based) of `latents` (Float32Array, `dims` a point):
 * {dimension, low, high, colors: Uint8Array(4N) RGBA}, low and high the values at the ramp's two ends.
 * When its 2nd and 98th percentiles are one value, every point takes the ramp's middle colour.
 */
export function dimensionColours(latents, dims, dimension) {
  const count = latents.length / dims;
  const values = new Float32Array(count);
  for (let i = 0; i < count; i++) values[i] = latents[i * dims + dimension];
  const [low, high] = percentiles(values, PERCENTILES);
  const colors = new Uint8Array(4 * count);
  for (let i = 0; i < count; i++) {
    const rgb = rampColor(high > low ? (values[i] - low) / (high - low) : 0.5);
    for (let channel = 0; channel < 3; channel++) colors[4 * i + channel] = Math.round(rgb[channel] * 255);
    colors[4 * i + 3] = 255;
  }
  return { dimension, low, high, colors };
}

/** The dimension the points on screen are coloured by (0-based), or null when they are coloured by class. */
export const colourDimension = (state) => (state.points ? dimensionOf(state.colourBy, datasetEntry(state)) : null);

/**
 * The points' colours by the chosen dimension (dimensionColours), or null when they are coloured by class;
 * computed once per choice, whichever view the points are placed in. Compare states with `colouringChanged`, not
 * these: the cache holds one result.
 */
export const pointColours = (state) => {
  const { latents, dims } = state.points?.full ?? {};
  return coloursFor(latents, dims, colourDimension(state));
};
const coloursFor = lastOf((latents, dims, dimension) => (dimension === null ? null : dimensionColours(latents, dims, dimension)));

/** Whether the points' colouring differs between two states: points coloured anew (new points have none of their own). */
export const colouringChanged = (state, previous) => colourDimension(state) !== colourDimension(previous)
  || (colourDimension(state) !== null && state.points !== previous.points);
