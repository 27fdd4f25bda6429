// A data point's title as the hover panel and the peek show it: its class colour, its index and its class;
// and, of a data set with a classifier, what the decoded image reads as.
import { classNames, classPalette } from "../selectors.js";
import { el } from "./dom.js";

/** The name of class `label` of the shown data set ("3", "Ankle boot"). */
export const className = (state, label) => classNames(state)[label] ?? String(label);

/** The title's nodes for `info` (a hovered point): a swatch, then "#index · class name". */
export function pointTitle(state, info) {
  const swatch = el("span", { className: "swatch", style: { background: classPalette(state)[info.label] } });
  return [swatch, `#${info.index} · class ${className(state, info.label)}`];
}

/** "reads as 7, 96%": the class `classRead` {label, confidence} names, with its colour; null without one. */
export function readsAs(state, classRead) {
  if (!classRead) return null;
  const swatch = el("span", { className: "swatch", style: { background: classPalette(state)[classRead.label] } });
  return [swatch, `reads as ${className(state, classRead.label)}, ${Math.round(classRead.confidence * 100)}%`];
}
