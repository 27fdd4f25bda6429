// The buttons that take the view away: copy link and save image (top bar), and the
// traversal's GIF and film strip with their scale and strip columns.
export function attachShareButtons({ copyLink, saveImage, gif, strip, scale, columns }, exports) {
  const options = () => ({ scale: Number(scale.value), columns: Math.round(Number(columns.value)) || null });
  copyLink.addEventListener("click", exports.copyLink);
  saveImage.addEventListener("click", exports.saveImage);
  gif.addEventListener("click", () => exports.traversal("gif", options()));
  strip.addEventListener("click", () => exports.traversal("png", options()));
}
