// The axes indicator: x, y and z as the camera sees them, in a corner of the cloud, so a
// turned view never loses its bearings. Labelled, so colour is not the only cue.
import { cameraAxes } from "../camera.js";

const AXES = [["x", [1, 0, 0], "#ff7b72"], ["y", [0, 1, 0], "#7ee787"], ["z", [0, 0, 1], "#79c0ff"]];
const LENGTH = 24;
const SVG = "http://www.w3.org/2000/svg";

export function createAxesView(svg) {
  return function render(state, previous) {
    if (!state.camera || state.camera === previous.camera) return;
    const { right, up, back } = cameraAxes(state.camera);
    const dot = (a, b) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    const drawn = AXES.map(([name, axis, color]) => ({ name, color, x: dot(axis, right), y: -dot(axis, up), depth: dot(axis, back) }))
      .sort((a, b) => a.depth - b.depth); // far axes first, so the near one is drawn on top
    svg.replaceChildren(...drawn.flatMap(({ name, color, x, y, depth }) => {
      const line = document.createElementNS(SVG, "line");
      Object.entries({ x1: 0, y1: 0, x2: x * LENGTH, y2: y * LENGTH, stroke: color, opacity: depth < 0 ? 0.55 : 1 })
        .forEach(([key, value]) => line.setAttribute(key, value));
      const label = document.createElementNS(SVG, "text");
      Object.entries({ x: x * (LENGTH + 9), y: y * (LENGTH + 9), fill: color }).forEach(([key, value]) => label.setAttribute(key, value));
      label.textContent = name;
      return [line, label];
    }));
  };
}
