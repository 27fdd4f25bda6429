// The whole view in the link: the page writes what it shows into the URL's query, so a reload,
// a bookmark or a pasted link reopens the same view. A link is user input (old, hand-edited,
// cut short in a chat, or hostile), so decoding trusts nothing and never throws: it keeps each
// valid field, clamps or drops each bad one, and says what it did in a sentence the page can
// show. Pure: no DOM, no window.
//
// The query (every key optional; a field at its default is left out):
//   dataset=mnist  view=axes:0,3,7  target=x,y,z  rotation=qx,qy,qz,qw  distance=d  highlight=3,7  colour=dim:3
//   points=x,y,z;x,y,z  steps=64  step=12  grid=size,spacing,plane[,classes]  pin=x,y,z  closed=1
//   images=1  uncertainty=1  classmap=axis,position,mode[,disagreeing][,undimmed]  epoch=12  select=3-2,3
// `view` is how a latent space of more than three dimensions is shown (latent-view.js): "pca", the
// default, or three of its dimensions; every position in the link is a position in that view. `colour` is
// the latent dimension (from 1) that colours the points of a model of one class (colour-by.js), "class" the default.
// `classmap` is the class map's slice (classmap.js): its axis (x, y, z or view), its position from 0 to 1 (3
// decimals), what colours it (decoder or data), and by name each option not at its default (classmap.js's
// DEFAULT_CLASSMAP): "disagreeing" (only those cells), "undimmed" (the points at full strength); `classes` in `grid`
// gives its cells their class borders. `epoch` opens the Training control at that epoch (0: before training), of a
// data set with a timeline. `select` is the selection, at most LINK_SELECTION_MOST points, as runs of consecutive
// indices in base 36: each run is its gap after the previous run's end (its first index, for the first run) and,
// when it holds more than one index, "-" and its length less one: [3, 4, 5, 9] is "3-2,3". A larger selection is left out.
// Camera numbers keep 6 significant digits (the quaternion 6 decimals), far below a pixel at
// any zoom the camera allows; control points and the grid's pin keep 4 decimals.
import { CLASSMAP_AXES, CLASSMAP_MODES, DEFAULT_CLASSMAP } from "./classmap.js";
import { BY_CLASS, choiceProblem, dimensionChoice, dimensionOf } from "./colour-by.js";
import { GRID_PLANES } from "./grid-plane.js";
import { axesProblem, PCA } from "./latent-view.js";
import { samePoint } from "./positions.js";

const KEYS = ["dataset", "view", "target", "rotation", "distance", "highlight", "colour", "points", "steps", "step",
  "grid", "pin", "closed", "images", "uncertainty", "classmap", "epoch", "select"];
/** The most selected points a link keeps: a larger selection would make a link too long to paste (1,000 take 3 to 4 KB). */
export const LINK_SELECTION_MOST = 1000;
const RUN = /^([0-9a-z]{1,7})(?:-([0-9a-z]{1,7}))?$/;
// The class map's options as a link names them when they are not at their defaults: the option, and its value then.
const CLASSMAP_OPTIONS = { disagreeing: ["disagreeing", !DEFAULT_CLASSMAP.disagreeing], undimmed: ["dim", !DEFAULT_CLASSMAP.dim] };
const FLAG_KEYS = ["closed", "images", "uncertainty"];
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
const INTEGER = /^[+-]?\d+$/;
const MAX_VALUE_LENGTH = 20_000; // a hundred control points take about 3,000 characters
const FLAGS = new Map([["1", true], ["true", true], ["on", true], ["0", false], ["false", false], ["off", false]]);

const significant = (x) => String(Number(x.toPrecision(6)));
const decimals = (places) => (x) => String(Number(x.toFixed(places))); // String(-0) is "0"
// Commas and semicolons are legal in a query and keep it readable; the '+' of "1e+21" is not.
const list = (values, format) => values.map((value) => encodeURIComponent(format(value))).join(",");

/** The query string (without '?') for `view`; the server's `limits` let it leave out the default steps. */
export function encodeView(view, { limits } = {}) {
  const fields = [];
  const put = (key, value) => fields.push(`${key}=${value}`);
  if (view.dataset) put("dataset", encodeURIComponent(view.dataset));
  if (Array.isArray(view.latentView)) put("view", `axes:${list(view.latentView, String)}`);
  const { target, rotation, distance } = view.camera ?? {};
  if (target) put("target", list(target, significant));
  if (rotation) put("rotation", list(rotation, decimals(6)));
  if (distance !== undefined) put("distance", list([distance], significant));
  if (view.highlighted?.length) put("highlight", list(view.highlighted, String));
  if (view.colourBy && view.colourBy !== BY_CLASS) put("colour", view.colourBy);
  if (view.controlPoints?.length) put("points", view.controlPoints.map((point) => list(point, decimals(4))).join(";"));
  if (view.steps != null && view.steps !== limits?.default_steps) put("steps", String(view.steps));
  if (view.step > 0) put("step", String(view.step));
  if (view.grid) {
    const { size, spacing, plane, pinned, center, classes } = view.grid;
    put("grid", [size ?? "", spacing == null ? "" : significant(spacing), plane ?? "", classes ? "classes" : ""].join(",").replace(/,+$/, ""));
    if (pinned && center) put("pin", list(center, decimals(4)));
  }
  for (const key of FLAG_KEYS) if (view[key]) put(key, "1");
  if (view.classmap) {
    const { axis, position, mode } = view.classmap;
    const named = Object.keys(CLASSMAP_OPTIONS).filter((name) => {
      const [option, value] = CLASSMAP_OPTIONS[name];
      return (view.classmap[option] ?? DEFAULT_CLASSMAP[option]) === value;
    });
    put("classmap", [axis, decimals(3)(position), mode, ...named].join(","));
  }
  if (view.epoch != null) put("epoch", String(Math.round(view.epoch)));
  if (view.selection?.length && view.selection.length <= LINK_SELECTION_MOST) put("select", encodeIndexRuns(view.selection));
  return fields.join("&");
}

/** Ascending whole numbers (each once) as `select` writes them: "3-2,3" for [3, 4, 5, 9]. */
export function encodeIndexRuns(indices) {
  const runs = [];
  let end = -1; // the last index of the previous run
  for (let at = 0; at < indices.length;) {
    const start = indices[at];
    let length = 1;
    while (at + length < indices.length && indices[at + length] === start + length) length++;
    runs.push((start - end - 1).toString(36) + (length > 1 ? `-${(length - 1).toString(36)}` : ""));
    end = start + length - 1;
    at += length;
  }
  return runs.join(",");
}

/**
 * `select`'s text read back: {indices (ascending, below `count`, at most `most`), bad (the first run that is not one, or
 * null), outside (whether indices at or past `count` were dropped), more (whether more than `most` were given)}. A run of a
 * million indices costs no more than `most` steps.
 */
export function decodeIndexRuns(text, count, most) {
  const indices = [];
  let end = -1;
  let [outside, more] = [false, false];
  for (const part of text.split(",")) {
    const run = RUN.exec(part.trim().toLowerCase());
    if (!run) return { indices, bad: part, outside, more };
    const start = end + 1 + parseInt(run[1], 36);
    end = start + (run[2] ? parseInt(run[2], 36) : 0);
    if (end >= count) outside = true;
    for (let index = start; index <= Math.min(end, count - 1); index++) {
      if (indices.length === most) return { indices, bad: null, outside, more: true };
      indices.push(index);
    }
  }
  return { indices, bad: null, outside, more };
}

/**
 * Read a query string (with or without '?') against the server's `datasets` ([{id, title,
 * classes}]) and `limits` ({coordinate, control_points, steps, default_steps, grid_size,
 * grid_spacing}). Returns `{view, ignored}`: `view` has a key only for each field the link set
 * validly (so it can be spread over the page's defaults); `ignored` has a sentence for each
 * value clamped or dropped.
 */
export function decodeView(search, { datasets, limits }) {
  const ignored = [];
  const note = (key, problem, action) => ignored.push(`${key}: ${problem}; ${action}`);
  const [values, repeated, unknown] = [new Map(), new Set(), new Set()];
  for (const [key, value] of new URLSearchParams(String(search ?? ""))) {
    if (!KEYS.includes(key)) unknown.add(key);
    else if (!values.has(key)) values.set(key, value);
    else if (values.get(key) !== value) repeated.add(key);
  }
  for (const key of repeated) note(key, "given more than once", "using the first");
  noteEach(note, "link", [...unknown].map((key) => `key ${quote(key)}`), "not part of a view", "ignored");
  const view = {};
  const read = (key, use) => {
    const text = values.get(key) ?? "";
    if (text.length > MAX_VALUE_LENGTH) note(key, `${text.length} characters is too long`, "ignored it");
    else if (values.has(key)) use(text);
  };
  const limit = limits.coordinate;
  const inside = (point) => point.every((value) => Math.abs(value) <= limit);
  let shown = datasets[0];
  read("dataset", (id) => {
    const entry = datasets.find((dataset) => dataset.id === id);
    if (entry) [view.dataset, shown] = [entry.id, entry];
    else note("dataset", `there is no data set ${quote(id)}`, shown ? `showing ${shown.title ?? shown.id}` : "showing none");
  });
  read("view", (text) => {
    const dims = shown?.latent_dim;
    if (!(dims > 3)) {
      return note("view", shown ? `${shown.title ?? shown.id} has ${dims}-D latents, shown as they are` : "there is no data set", "ignored it");
    }
    const [kind, numbers = ""] = text.trim().toLowerCase().split(":", 2);
    if (kind === PCA && numbers === "") view.latentView = PCA;
    else if (kind !== "axes") note("view", `${quote(text)} is neither "pca" nor "axes:i,j,k"`, "showing the principal axes");
    else {
      const axes = numbers.split(",").map((part) => (INTEGER.test(part.trim()) ? Number(part) + 0 : NaN));
      const problem = axesProblem(axes, dims);
      if (problem) note("view", `axes ${quote(numbers)}: ${problem}`, "showing the principal axes");
      else view.latentView = axes;
    }
  });
  const camera = {};
  read("target", (text) => {
    const target = readNumbers(text, 3);
    if (!target) return note("camera", `target ${quote(text)} is not three numbers`, "using the default target");
    camera.target = target.map((value, axis) => {
      const clamped = Math.max(-limit, Math.min(limit, value));
      if (clamped !== value) note("camera", `target ${"xyz"[axis]} ${short(String(value))} is outside ±${limit}`, `clamped to ${clamped}`);
      return clamped;
    });
  });
  read("rotation", (text) => {
    const q = readNumbers(text, 4);
    const largest = q ? Math.max(...q.map(Math.abs)) : 0;
    if (!q) return note("camera", `rotation ${quote(text)} is not four numbers`, "using the default rotation");
    if (largest === 0) return note("camera", `rotation ${quote(text)} is zero, not a rotation`, "using the default rotation");
    const length = Math.hypot(...q.map((c) => c / largest)); // scaled first: components of 1e300 would overflow
    camera.rotation = q.map((c) => c / largest / length + 0);
  });
  read("distance", (text) => {
    const [distance] = readNumbers(text, 1) ?? [];
    if (distance > 0) camera.distance = distance;
    else note("camera", `distance ${quote(text)} is not a number above 0`, "using the default distance");
  });
  if (Object.keys(camera).length > 0) view.camera = camera;
  read("highlight", (text) => {
    const classes = shown?.classes ?? [];
    const parts = text.split(",").map((part) => part.trim()).filter((part) => part !== "");
    const isClass = (part) => INTEGER.test(part) && Number(part) >= 0 && Number(part) < classes.length;
    const where = shown ? `${shown.title ?? shown.id} (classes 0 to ${classes.length - 1})` : "any data set";
    noteEach(note, "highlight", parts.filter((part) => !isClass(part)).map((part) => `class ${quote(part)}`), `not in ${where}`, "ignored");
    const highlighted = [...new Set(parts.filter(isClass).map((part) => Number(part) + 0))];
    if (highlighted.length > 0) view.highlighted = highlighted;
  });
  read("colour", (text) => {
    const choice = text.trim().toLowerCase();
    const problem = choiceProblem(choice, shown);
    if (problem) note("colour", `${quote(text)}: ${problem}`, "colouring by class");
    else view.colourBy = choice === BY_CLASS ? BY_CLASS : dimensionChoice(dimensionOf(choice, shown)); // "dim:02" is "dim:2"
  });
  for (const key of FLAG_KEYS) read(key, (text) => {
    view[key] = FLAGS.get(text.trim().toLowerCase());
    if (view[key] === undefined) note(key, `${quote(text)} is not 1 or 0`, "ignored it");
  });
  read("points", (text) => {
    const [points, bad, outside, repeats] = [[], [], [], []];
    text.split(";").filter((part) => part.trim() !== "").forEach((part, i) => {
      const point = readNumbers(part, 3);
      if (!point) bad.push(`point ${i + 1} ${quote(part)}`);
      else if (!inside(point)) outside.push(`point ${i + 1}`);
      else if (points.length > 0 && samePoint(points[points.length - 1], point)) repeats.push(`point ${i + 1}`);
      else points.push(point);
    });
    noteEach(note, "points", bad, "not three numbers", "dropped");
    noteEach(note, "points", outside, `outside ±${limit}`, "dropped");
    noteEach(note, "points", repeats, "the same as the point before it", "dropped");
    const most = limits.control_points[1];
    if (points.length > most) note("points", `${points.length} control points, at most ${most}`, `kept the first ${most}`);
    points.splice(most);
    // The server's spline needs distinct neighbours, and a closed loop's last point neighbours its first.
    if (view.closed && points.length > 2 && samePoint(points[0], points[points.length - 1])) {
      note("points", "the last point repeats the first, and the loop joins them anyway", "dropped it");
      points.pop();
    }
    if (points.length > 0) view.controlPoints = points;
  });
  read("steps", (text) => { view.steps = readClamped(note, "steps", text, limits.steps); });
  const lastFrame = (view.steps ?? limits.default_steps) - 1;
  read("step", (text) => { view.step = readClamped(note, "step", text, [0, lastFrame], { tooHigh: `past the last frame (${lastFrame})` }); });
  read("grid", (text) => {
    const [size = "", spacing = "", plane = "", classes = ""] = text.split(",", 4).map((part) => part.trim()); // a newer page may add parts
    const grid = { pinned: false };
    if (classes === "classes") grid.classes = true;
    if (size !== "") grid.size = readClamped(note, "grid size", size, limits.grid_size);
    if (spacing !== "") grid.spacing = readClamped(note, "grid spacing", spacing, limits.grid_spacing, { whole: false });
    if (GRID_PLANES.includes(plane)) grid.plane = plane;
    else if (plane !== "") note("grid", `plane ${quote(plane)} is not one of ${GRID_PLANES.join(", ")}`, "using the default plane");
    view.grid = withoutUndefined(grid);
  });
  read("pin", (text) => {
    const center = readNumbers(text, 3);
    if (!view.grid) note("pin", "there is no grid to pin", "ignored it");
    else if (!center) note("pin", `${quote(text)} is not three numbers`, "the grid follows the pointer");
    else if (!inside(center)) note("pin", `${quote(text)} lies outside ±${limit}`, "the grid follows the pointer");
    else Object.assign(view.grid, { pinned: true, center });
  });
  read("classmap", (text) => {
    if (!shown?.classmap) {
      return note("classmap", shown ? `${shown.title ?? shown.id} has no class map` : "there is no data set", "ignored it");
    }
    const [axis = "", position = "", mode = "", ...options] = text.split(",").map((part) => part.trim().toLowerCase());
    const classmap = {};
    if (CLASSMAP_AXES.includes(axis)) classmap.axis = axis;
    else note("classmap", `axis ${quote(axis)} is not one of ${CLASSMAP_AXES.join(", ")}`, "using z");
    if (position !== "") classmap.position = readClamped(note, "classmap position", position, [0, 1], { whole: false });
    if (CLASSMAP_MODES.includes(mode)) classmap.mode = mode;
    else if (mode !== "") note("classmap", `mode ${quote(mode)} is not one of ${CLASSMAP_MODES.join(", ")}`, "showing what the decoder draws");
    const names = Object.keys(CLASSMAP_OPTIONS);
    noteEach(note, "classmap", options.filter((name) => !names.includes(name)).map((name) => `option ${quote(name)}`),
             `not one of ${names.join(", ")}`, "ignored");
    for (const [name, [option, value]] of Object.entries(CLASSMAP_OPTIONS)) classmap[option] = options.includes(name) ? value : !value;
    view.classmap = withoutUndefined(classmap);
  });
  read("select", (text) => {
    if (!shown) return note("select", "there is no data set", "ignored it");
    const count = shown.count ?? Infinity;
    const { indices, bad, outside, more } = decodeIndexRuns(text, count, LINK_SELECTION_MOST);
    if (bad !== null) note("select", `${quote(bad)} is not a run of point numbers`, indices.length ? `kept the ${indices.length} points before it` : "ignored it");
    if (outside) note("select", `points past the last of ${shown.title ?? shown.id} (${count - 1})`, "dropped them");
    if (more) note("select", `more than ${LINK_SELECTION_MOST} points`, `kept the first ${LINK_SELECTION_MOST}`);
    if (indices.length > 0) view.selection = indices;
  });
  read("epoch", (text) => {
    if (!shown?.timeline) return note("epoch", shown ? `${shown.title ?? shown.id} has no timeline` : "there is no data set", "ignored it");
    const last = shown.timeline.epochs;
    view.epoch = readClamped(note, "epoch", text, [0, last], { tooHigh: `past the last epoch (${last})` });
  });
  return { view: withoutUndefined(view), ignored };
}

/** `count` finite numbers separated by commas, or null. */
function readNumbers(text, count) {
  const parts = text.split(",", count + 1).map((part) => part.trim());
  if (parts.length !== count || !parts.every((part) => NUMBER.test(part))) return null;
  const numbers = parts.map((part) => Number(part) + 0); // + 0 turns -0 into 0
  return numbers.every(Number.isFinite) ? numbers : null;
}

/**
 * A number (a whole one unless `whole` is false) clamped to [low, high], or undefined (and a note)
 * when it is none. Digits beyond a double's range read as ±Infinity, and clamp too.
 */
function readClamped(note, key, text, [low, high], { whole = true, tooHigh = `above ${high}` } = {}) {
  if (!(whole ? INTEGER : NUMBER).test(text.trim())) {
    return void note(key, `${quote(text)} is not a ${whole ? "whole " : ""}number`, "using the default");
  }
  const value = Number(text) + 0;
  if (value < low) note(key, `${short(text.trim())} is below ${low}`, `using ${low}`);
  if (value > high) note(key, `${short(text.trim())} is ${tooHigh}`, `using ${high}`);
  return Math.min(high, Math.max(low, value));
}

/** One sentence for several bad values of one kind: "point 3, point 5 and 2 more are ...". */
function noteEach(note, key, things, problem, action) {
  if (things.length === 0) return;
  const named = things.slice(0, 3).join(", ") + (things.length > 3 ? ` and ${things.length - 3} more` : "");
  const one = things.length === 1;
  note(key, `${named} ${one ? "is" : "are"} ${problem}`, `${action} ${one ? "it" : "them"}`);
}

const withoutUndefined = (object) => Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined));
const quote = (text) => `"${short(text)}"`;

/** At most 20 characters of `text` for a message: no megabytes echoed, no control or direction marks. */
function short(text) {
  const characters = Array.from(text.slice(0, 42));
  const kept = characters.slice(0, 20).join("").replace(/[\u0000-\u001f\u007f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g, "\ufffd");
  return characters.length > 20 ? `${kept}…` : kept;
}
