// The cloud on screen: renders the state through the WebGL renderer (cloud.js), drawing a
// frame only when something it shows changed, and numbers the control-point markers with
// HTML labels placed over the canvas. The class map's lattice goes to the GPU once per map; its
// slice is handed over whenever it moves (selectors.classSlice), which uploads nothing.
import { projectPoint } from "../camera.js";
import { createCloud } from "../cloud.js";
import { colouringChanged, pointColours } from "../colour-by.js";
import { footprint } from "../grid-plane.js";
import { buildOverlay } from "../overlay.js";
import { BACKGROUND, hexToRgb } from "../palette.js";
import { classPalette, classSlice, fitDistance, gridAxes, latentOf, onlySelection, pointScales, pointSizePx, selectionFlags, shownTimeline,
  viewProjection } from "../selectors.js";
import { epochPair } from "../timeline.js";

const DRAWN = ["points", "epoch", "timeline", "camera", "viewport", "highlighted", "controlPoints", "traversal", "hovered", "cursor", "litNeighbor", "imagesShown", "atlas", "grid", "hoverInfo", "encoded", "selection", "selectionOnly"];
// The overlay depends on the camera only through the cursor arm (its scene radius): a drag does not rebuild it.
const OVERLAID = ["controlPoints", "traversal", "hovered", "cursor", "viewport", "litNeighbor", "grid", "hoverInfo", "encoded", "dataset"];
// A frame that holds the page back longer than this (three screen refreshes) is slow: while the path
// plays, its marker alone is then redrawn only after MARKER_WAIT_FRAMES such frames' time, so the
// decoded frame keeps its pace.
const SLOW_FRAME_MS = 50;
const WATCHED_FRAMES = 3; // the graphics work of a draw holds the page back a frame or two later, not at once
const MARKER_WAIT_FRAMES = 6;

/** Whether the images of the data set on screen are all on the GPU and wanted (not while the Training control is open: they are the final space's). */
const imagesReady = (state) => state.imagesShown && state.epoch === null && state.atlas?.dataset === state.dataset && state.atlas.loaded === state.atlas.total;

/** Throws when the browser has no WebGL2. */
export function createCloudView(store, { canvas, markerLabels, onCloudDrawn = () => {} }) {
  const cloud = createCloud(canvas, { background: hexToRgb(BACKGROUND) });
  let drawCount = 0;
  let drawScheduled = false;
  let undrawnDataset = null; // the data set whose first frame is still to be marked for timing
  let undrawnImages = null;  // likewise for its first frame drawn as images
  let undrawnMap = null;     // likewise for its first frame drawn with its class map's slice
  let pointsVisible = true;
  let drawnAt = 0;          // when the last frame was drawn (ms)
  let frameCost = 0;        // the longest frame soon after recent draws (ms), forgotten slowly
  let markerTimer = null;   // a later redraw of the playing path's marker
  let shownSlice = null;    // the class map's slice the renderer holds
  let faded = false;        // whether the points are drawn faded for the slice
  let heldTimeline = null;  // the timeline the renderer holds

  /** Draw the state's view into the drawing buffer at `pixelRatio` device pixels per CSS pixel. */
  function drawAt(state, pixelRatio) {
    const { camera } = state;
    return cloud.draw(viewProjection(state), {
      pointSize: pointSizePx(state) * pixelRatio,
      // Geometric mean: points grow as you zoom in, but slower than true perspective would.
      focalDepth: Math.sqrt(camera.distance * fitDistance(state)),
      fitDistance: fitDistance(state),
      fog: [camera.distance - camera.sceneRadius * 0.5, camera.distance + camera.sceneRadius],
      pixelRatio,
    });
  }

  function setOverlay(state, pixelRatio) {
    cloud.setOverlay(buildOverlay({
      traversal: state.traversal,
      controlPoints: state.controlPoints,
      hovered: state.hovered !== null && state.points ? latentOf(state, state.hovered) : null,
      cursor: state.cursor,
      lit: state.litNeighbor !== null && state.points ? latentOf(state, state.litNeighbor) : null,
      gridCorners: state.grid && footprint(state.grid, gridAxes(state)),
      spread: state.hoverInfo?.kind === "point" && state.hoverInfo.index === state.hovered && state.hoverInfo.std
        ? { center: state.hoverInfo.latent, std: state.hoverInfo.std } : null,
      encoded: state.encoded?.dataset === state.dataset ? state.encoded : null,
    }, { cursorArm: state.camera.sceneRadius * 0.06, pixelRatio }));
  }

  function drawFrame() {
    const state = store.get();
    if (!state.camera) return;
    const matrix = viewProjection(state);
    const drewPoints = drawAt(state, state.viewport.pixelRatio);
    drawCount += 1;
    clearTimeout(markerTimer);
    drawnAt = performance.now();
    watchFrames(drawnAt, WATCHED_FRAMES, 0);
    placeMarkerLabels(state, matrix);
    if (drewPoints && undrawnDataset) {
      performance.mark(`cloud-drawn:${undrawnDataset}`);
      onCloudDrawn(undrawnDataset);
      undrawnDataset = null;
    }
    if (undrawnMap && classSlice(state) && state.classLattice.dataset === undrawnMap) {
      performance.mark(`classmap-drawn:${undrawnMap}`);
      undrawnMap = null;
    }
    if (drewPoints && undrawnImages && imagesReady(state)) {
      performance.mark(`images-drawn:${undrawnImages}`);
      undrawnImages = null;
    }
  }

  /** The longest of the next `left` frames after `since` goes into `frameCost`. */
  function watchFrames(since, left, longest) {
    requestAnimationFrame(() => {
      const now = performance.now();
      if (left > 1) return watchFrames(now, left - 1, Math.max(longest, now - since));
      frameCost = Math.max(longest, now - since, 0.8 * frameCost);
    });
  }

  function requestDraw() {
    if (drawScheduled) return;
    drawScheduled = true;
    requestAnimationFrame(() => {
      drawScheduled = false;
      drawFrame();
    });
  }

  function placeMarkerLabels(state, matrix) {
    const { controlPoints, viewport } = state;
    while (markerLabels.children.length < controlPoints.length) markerLabels.append(document.createElement("span"));
    while (markerLabels.children.length > controlPoints.length) markerLabels.lastChild.remove();
    controlPoints.forEach((point, index) => {
      const label = markerLabels.children[index];
      const position = projectPoint(matrix, point, viewport.width, viewport.height);
      label.hidden = !position;
      if (!position) return;
      label.textContent = String(index + 1);
      label.style.transform = `translate(${position.x}px, ${position.y}px)`;
    });
  }

  function render(state, previous) {
    const changed = (key) => state[key] !== previous[key];
    if (changed("viewport")) cloud.resize(state.viewport.width, state.viewport.height, state.viewport.pixelRatio);
    if (changed("points") && state.points) {
      cloud.setPoints(state.points.latents, state.points.labels);
      undrawnDataset = state.dataset;
    }
    const timeline = shownTimeline(state);
    const timelineChanged = timeline !== heldTimeline || (timeline && changed("points"));
    if (timelineChanged) cloud.setTimeline(timeline);
    heldTimeline = timeline;
    if (timeline && (timelineChanged || changed("epoch"))) cloud.setEpoch(epochPair(state.epoch, timeline.epochs));
    if (classPalette(state) !== classPalette(previous)) cloud.setPalette(classPalette(state).map(hexToRgb));
    const coloursChanged = colouringChanged(state, previous);
    if (coloursChanged) cloud.setPointColors(pointColours(state)?.colors ?? null);
    if (changed("highlighted")) cloud.setHighlight(state.highlighted);
    // Once per selection (or per data set: setPoints sized the buffers afresh), never per frame.
    if (changed("points") || changed("selection") || onlySelection(state) !== onlySelection(previous)) {
      cloud.setSelection(selectionFlags(state), onlySelection(state));
    }
    const scalesChanged = pointScales(state) !== pointScales(previous);
    if (scalesChanged) cloud.setPointScales(pointScales(state));
    if (changed("classLattice") && state.classLattice) {
      cloud.setClassLattice(state.classLattice.lattice, state.classLattice.texels);
      undrawnMap = state.classLattice.dataset;
    }
    const slice = classSlice(state);
    const sliceChanged = slice !== shownSlice || changed("classLattice");
    if (sliceChanged) cloud.setClassSlice(slice);
    shownSlice = slice;
    const fade = Boolean(slice && state.classmap.dim);
    const fadeChanged = fade !== faded;
    if (fadeChanged) cloud.setPointsFaded(fade);
    faded = fade;
    const mapChanged = sliceChanged || fadeChanged;
    if (imagesReady(state) !== imagesReady(previous)) {
      cloud.showImages(imagesReady(state));
      if (imagesReady(state)) undrawnImages = state.dataset;
    }
    // A grid facing the camera turns with it.
    const turnsWithCamera = state.grid?.plane === "view" && changed("camera");
    // The hover ring and the lit neighbour sit on points that move with the epoch shown.
    const ringsMove = (changed("epoch") || changed("timeline")) && (state.hovered !== null || state.litNeighbor !== null);
    if (state.camera && (OVERLAID.some(changed) || turnsWithCamera || ringsMove || state.camera.sceneRadius !== previous.camera?.sceneRadius)) {
      setOverlay(state, state.viewport.pixelRatio);
    }
    if (changed("hovered")) canvas.classList.toggle("over-point", state.hovered !== null);
    const markerOnly = state.playing && changed("traversal") && state.traversal?.images === previous.traversal?.images
      && DRAWN.every((key) => key === "traversal" || !changed(key)) && !scalesChanged && !coloursChanged && !mapChanged;
    if (markerOnly && frameCost > SLOW_FRAME_MS) {
      clearTimeout(markerTimer);
      markerTimer = setTimeout(requestDraw, Math.max(0, drawnAt + MARKER_WAIT_FRAMES * frameCost - performance.now()));
    } else if (DRAWN.some(changed) || scalesChanged || coloursChanged || mapChanged) requestDraw();
  }

  return {
    render,
    get drawCount() {
      return drawCount;
    },
    /** Draw at once and wait for the GPU (timing and tests only). */
    drawNow() {
      drawFrame();
      cloud.finish();
    },
    /**
     * The view drawn at `scale` times the screen's resolution, copied into a 2-D canvas: the
     * GL canvas is read once, on demand, never per frame. The screen is drawn again after.
     */
    snapshot(scale) {
      const state = store.get();
      const { width, height, pixelRatio } = state.viewport;
      const ratio = pixelRatio * scale;
      cloud.resize(width, height, ratio);
      setOverlay(state, ratio);
      drawAt(state, ratio);
      const copy = document.createElement("canvas");
      [copy.width, copy.height] = [canvas.width, canvas.height];
      copy.getContext("2d").drawImage(canvas, 0, 0); // same task: the drawing buffer is still valid
      cloud.resize(width, height, pixelRatio);
      setOverlay(state, pixelRatio);
      requestDraw();
      return copy;
    },
    /** `layout` from the atlas endpoint; `imageShape` [H, W, C], the listing's, of the images in its tiles. */
    setAtlasLayout: (layout, imageShape) => cloud.setAtlasLayout(layout, imageShape),
    setAtlas: (layer, bitmap) => cloud.setAtlas(layer, bitmap),
    setPointsVisible(visible) {
      pointsVisible = Boolean(visible);
      cloud.setPointsVisible(pointsVisible);
      requestDraw();
    },
  };
}
