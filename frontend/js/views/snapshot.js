// "Save image": the cloud as drawn, at a higher resolution, with what the screen shows
// around it drawn in: the data set's title, the legend and the control points' numbers,
// in the page's colours.
import { projectPoint } from "../camera.js";
import { BACKGROUND } from "../palette.js";
import { classCounts, classNames, classPalette, datasetEntry, viewProjection } from "../selectors.js";

/** Draw the legend and labels over `cloud` (a canvas larger than the view in CSS pixels) and return it. */
export function composeSnapshot(cloud, state) {
  const context = cloud.getContext("2d");
  const unit = (cloud.width / state.viewport.width); // device pixels per CSS pixel in the picture
  context.scale(unit, unit);
  context.textBaseline = "middle";
  context.font = "600 13px system-ui, sans-serif";

  const matrix = viewProjection(state);
  state.controlPoints.forEach((point, index) => {
    const at = projectPoint(matrix, point, state.viewport.width, state.viewport.height);
    if (!at) return;
    context.fillStyle = "#fff";
    context.textAlign = "center";
    context.fillText(String(index + 1), at.x, at.y + 0.5);
  });

  const names = classNames(state);
  const colors = classPalette(state);
  const counts = classCounts(state);
  const lit = new Set(state.highlighted);
  const rowHeight = 18;
  const title = datasetEntry(state)?.title ?? "";
  const width = Math.max(150, ...names.map((name) => context.measureText(name).width + 90));
  const height = 30 + names.length * rowHeight + 8;
  context.globalAlpha = 0.85;
  context.fillStyle = BACKGROUND;
  context.fillRect(8, 8, width, height);
  context.globalAlpha = 1;
  context.textAlign = "left";
  context.fillStyle = "#e8ebf1";
  context.font = "700 14px system-ui, sans-serif";
  context.fillText(title, 18, 24);
  context.font = "13px system-ui, sans-serif";
  names.forEach((name, index) => {
    const y = 30 + 10 + index * rowHeight;
    const dimmed = lit.size > 0 && !lit.has(index);
    context.globalAlpha = dimmed ? 0.35 : 1;
    context.fillStyle = colors[index];
    context.beginPath();
    context.arc(24, y, 5, 0, 2 * Math.PI);
    context.fill();
    context.fillStyle = "#e8ebf1";
    context.fillText(name, 36, y);
    context.fillStyle = "#9aa3b5";
    context.textAlign = "right";
    context.fillText(counts[index].toLocaleString("en"), 8 + width - 10, y);
    context.textAlign = "left";
  });
  context.globalAlpha = 1;
  return cloud;
}
