// The decoded grid panel: its options, and the mosaic the server decoded. Pointing at the
// mosaic outlines a cell; a click (or Enter, after arrow keys) makes that cell the focus. Cells
// are the model's images, H × W: a mosaic that is not square is shown whole in the square box,
// and the cells are found in the part it fills. Of a data set with a classifier, each cell can
// have a border in the colour of the class its image reads as.
import { clampedNumber, copyJson, el, formatPoint } from "./dom.js";
import { fitInBox, fittedRect } from "./image-fit.js";
import { className } from "./point-title.js";
import { GRID_PLANES, cellAt } from "../grid-plane.js";
import { classPalette, datasetEntry } from "../selectors.js";

/** "facing you", or an axis plane's axes ("x–y"). */
const planeName = (plane) => (plane === "view" ? "facing you" : `${plane[0]}–${plane[1]}`);

export function createGridPanel(
  { open, body, size, spacing, plane, pin, classes, classesLabel, grid, image, borders, cursor, readout, add, copy },
  { onOpen, onSize, onSpacing, onPlane, onPin, onClasses, onChoose, onAdd },
) {
  let keyCell = null; // the cell the arrow keys moved to: {row, column}
  let shownSize = 0;
  let shownCell = [1, 1]; // the cells' width and height in pixels (their aspect is what counts)
  let shownPlane = null; // the mosaic's {center, right, up} as the server was sent them, full precision, for the copy button
  fitInBox(image);

  plane.replaceChildren(...GRID_PLANES.map((value) => new Option(planeName(value), value)));
  open.addEventListener("change", () => onOpen(open.checked));
  plane.addEventListener("change", () => onPlane(plane.value));
  pin.addEventListener("change", () => onPin(pin.checked));
  classes.addEventListener("change", () => onClasses(classes.checked));
  add.addEventListener("click", onAdd);
  copy.addEventListener("click", () => copyJson(copy, shownPlane, "the grid's centre and plane"));
  // A number outside the server's range is clamped into it, as the steps box does; one that is no number is undone.
  for (const [input, onValue, round] of [[size, onSize, Math.round], [spacing, onSpacing, undefined]]) {
    input.addEventListener("change", () => {
      const chosen = clampedNumber(input, [Number(input.min), Number(input.max)], round);
      input.value = chosen === null ? input.dataset.shown : String(chosen);
      if (chosen !== null) onValue(chosen);
    });
  }

  const cellOf = (event) => {
    const mosaic = fittedRect(image.getBoundingClientRect(), ...shownCell);
    return cellAt(shownSize, (event.clientX - mosaic.left) / mosaic.width, (event.clientY - mosaic.top) / mosaic.height);
  };
  /** Place `element` over `rows` x `columns` cells of the mosaic from (`row`, `column`), in shares of the box. */
  function placeOver(element, row, column, rows, columns) {
    const [width, height] = [image.clientWidth, image.clientHeight];
    const mosaic = fittedRect({ left: 0, top: 0, width, height }, ...shownCell);
    const [across, down] = [mosaic.width / shownSize, mosaic.height / shownSize];
    const percent = (value, whole) => `${(100 * value) / whole}%`;
    Object.assign(element.style, {
      left: percent(mosaic.left + column * across, width), top: percent(mosaic.top + row * down, height),
      width: percent(columns * across, width), height: percent(rows * down, height),
    });
  }
  function outline(cell) {
    cursor.hidden = !cell;
    if (cell) placeOver(cursor, cell.row, cell.column, 1, 1);
  }
  let shownClasses = null; // the cells' classes the borders show

  /** Each cell's border in its class's colour, once the classes of the mosaic on screen are here. */
  function showBorders(state) {
    const read = state.grid.classes && state.gridImage && state.gridClasses?.body === state.gridImage.body ? state.gridClasses : null;
    borders.hidden = !read;
    if (!read || read === shownClasses) return;
    shownClasses = read;
    const colors = classPalette(state);
    placeOver(borders, 0, 0, shownSize, shownSize);
    borders.style.gridTemplateColumns = `repeat(${shownSize}, 1fr)`;
    borders.replaceChildren(...read.classes.map(({ label, confidence }) => el("span", {
      title: `reads as ${className(state, label)}, ${Math.round(confidence * 100)}%`,
      dataset: { class: String(label) }, style: { borderColor: colors[label] },
    })));
  }
  image.addEventListener("pointermove", (event) => outline(cellOf(event)));
  image.addEventListener("pointerleave", () => outline(keyCell));
  image.addEventListener("click", (event) => {
    const { row, column } = cellOf(event);
    onChoose(row, column);
  });
  grid.addEventListener("keydown", (event) => {
    const moves = { ArrowLeft: [0, -1], ArrowRight: [0, 1], ArrowUp: [-1, 0], ArrowDown: [1, 0] };
    const middle = (shownSize - 1) >> 1;
    if (moves[event.key]) {
      const [dr, dc] = moves[event.key];
      const from = keyCell ?? { row: middle, column: middle };
      const clamp = (value) => Math.max(0, Math.min(shownSize - 1, value));
      keyCell = { row: clamp(from.row + dr), column: clamp(from.column + dc) };
      outline(keyCell);
    } else if (event.key === "Enter" && keyCell) {
      onChoose(keyCell.row, keyCell.column);
      keyCell = null; // the chosen cell is now the middle one
      outline(null);
    } else return;
    event.preventDefault();
  });

  return function render(state, previous) {
    if (state.limits !== previous.limits && state.limits) {
      [size.min, size.max] = state.limits.grid_size;
      [spacing.min, spacing.max] = state.limits.grid_spacing;
    }
    const shown = state.grid;
    open.checked = Boolean(shown);
    body.hidden = !shown;
    if (!shown) return;
    for (const [input, value] of [[size, shown.size], [spacing, shown.spacing]]) {
      input.dataset.shown = String(value);
      if (document.activeElement !== input) input.value = String(value);
    }
    // A 2-D space's grid lies in its plane (selectors.gridAxes).
    const flat = state.latentView?.kind === "plane";
    const lies = flat ? "xy" : shown.plane;
    plane.value = lies;
    plane.disabled = flat;
    pin.checked = shown.pinned;
    const classifier = Boolean(datasetEntry(state)?.classifier);
    classes.disabled = !classifier;
    classes.checked = shown.classes && classifier;
    classesLabel.title = classifier ? "A border round each cell in the colour of the class its image reads as"
      : `${datasetEntry(state)?.title ?? "This data set"} has no classifier to read the cells' classes`;
    const sent = state.gridImage?.body;
    shownPlane = sent && { center: sent.center, right: sent.right, up: sent.up };
    copy.disabled = !shownPlane;
    grid.dataset.size = String(shown.size);
    const facing = lies === "view" ? planeName(lies) : `the ${planeName(lies)} plane`;
    readout.textContent = `${shown.size} × ${shown.size} around ${formatPoint(shown.center)}, ${shown.spacing} apart, ${facing}`
      + (shown.pinned ? ", pinned" : ", following where the pointer rests");
    const mosaic = state.gridImage;
    if (mosaic && mosaic !== previous.gridImage) {
      if (mosaic.size !== shownSize) {
        keyCell = null;
        outline(null);
      }
      image.src = mosaic.url;
      shownSize = mosaic.size;
      const [height, width] = state.datasets.find((entry) => entry.id === mosaic.dataset).image_shape;
      shownCell = [width, height];
      image.alt = `The decoder's images on a ${mosaic.size} by ${mosaic.size} grid around ${formatPoint(mosaic.center)}`;
      grid.setAttribute("aria-label", `Decoded grid, ${mosaic.size} by ${mosaic.size}: arrow keys pick a cell, Enter centres the grid on it`);
    }
    showBorders(state);
  };
}
