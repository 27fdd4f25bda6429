// Decoded and original images are H × W pixels, not always square: a model of any image size can be
// added. Every place for one keeps its square box, so that the page's layout is the same for every
// model, and shows the image whole inside it at its own aspect, on the box's black (the style sheet
// keeps `image-rendering: pixelated`). A square image fills its box, as it always did.

/** Show `image` (an <img>) whole in its box at its own aspect; returns it. */
export function fitInBox(image) {
  image.style.objectFit = "contain";
  return image;
}

/** The rectangle {left, top, width, height} that an image of `width` × `height` pixels fills when fitted in `box`. */
export function fittedRect(box, width, height) {
  const scale = Math.min(box.width / width, box.height / height);
  const [fittedWidth, fittedHeight] = [width * scale, height * scale];
  return { left: box.left + (box.width - fittedWidth) / 2, top: box.top + (box.height - fittedHeight) / 2,
           width: fittedWidth, height: fittedHeight };
}
