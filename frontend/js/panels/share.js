// The buttons that take the view away: copy link and save image (top bar), and the
// traversal's GIF and film strip with their scale and strip columns, within the server's `limits`.
import { mode } from "../api.js";
import { offerChoices } from "./dom.js";

const SCALES = [1, 2, 4, 8]; // the enlargements offered, within the server's range and with its default

export function attachShareButtons({ copyLink, saveImage, gif, strip, scale, columns }, exports, limits) {
  offerChoices(scale, SCALES, limits.scale, limits.default_scale, (value) => `×${value}`);
  columns.max = String(limits.steps[1]); // at most one column per frame
  const options = () => ({ scale: Number(scale.value), columns: Math.round(Number(columns.value)) || null });
  copyLink.hidden = mode === "kernel"; // a notebook's page has no address to link to
  copyLink.addEventListener("click", exports.copyLink);
  saveImage.addEventListener("click", exports.saveImage);
  gif.addEventListener("click", () => exports.traversal("gif", options()));
  strip.addEventListener("click", () => exports.traversal("png", options()));
}
