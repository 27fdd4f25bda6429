// A data point's title as the hover panel and the peek show it: its class colour, its index and its class.
import { classNames, classPalette } from "../selectors.js";
import { el } from "./dom.js";

/** The name of class `label` of the shown data set ("3", "Ankle boot"). */
export const className = (state, label) => classNames(state)[label] ?? String(label);

/** The title's nodes for `info` (a hovered point): a swatch, then "#index · class name". */
export function pointTitle(state, info) {
  const swatch = el("span", { className: "swatch", style: { background: classPalette(state)[info.label] } });
  return [swatch, `#${info.index} · class ${className(state, info.label)}`];
}
