// Wiring: state -> views, input -> state. The renderer, picking, camera maths, server
// calls and panels live in their own modules; this file connects them.
import { decodePoints, fetchDatasets, fetchPoints, fetchSample, fetchTraversal, latestWins } from "./api.js";
import {
  cloudExtent, fitCamera, orbit, pan, projectPoint, unprojectToTargetPlane, viewProjectionMatrix, zoom,
} from "./camera.js";
import { createCloud } from "./cloud.js";
import { attachPointerControls } from "./interaction.js";
import { buildOverlay } from "./overlay.js";
import { BACKGROUND, CLASS_COLORS, hexToRgb } from "./palette.js";
import { pickPoint, projectAll } from "./picking.js";
import { createStore, initialState } from "./state.js";
import { createControlPointsPanel } from "./panels/control-points.js";
import { createErrorBanner } from "./panels/error-banner.js";
import { createHoverPanel } from "./panels/hover.js";
import { createLegend } from "./panels/legend.js";
import { createTraversalPanel } from "./panels/traversal.js";

const POINT_SIZE_PX = 3;         // CSS pixels of a point at the orbit target, on a 650 px high canvas
const HOVER_INTERVAL_MS = 40;   // at most 25 hover requests a second
const PLAY_FRAME_MS = 1000 / 15;
const KEY_TURN_PX = 24;         // an arrow key turns the view as a drag this long would
const COORDINATE_LIMIT = 100;   // the server decodes |coordinate| <= 100

const $ = (id) => document.getElementById(id);
const canvas = $("cloud");
const viewport = $("viewport");
const store = createStore(initialState);
const errors = createErrorBanner({ banner: $("error"), text: $("error-text"), close: $("error-close") });

let cloud;
let camera = null;          // set when the first data set arrives; kept across switches
let fitDistance = 1;        // the distance that frames the cloud; point sizes grow as you zoom in from it
let points = null;          // {latents, labels, count} of the data set on screen
const pointsCache = new Map(); // data-set id -> promise of its points
let projected = null;       // picking's projection of `points` for the current view; null when stale
let cssWidth = 1;
let cssHeight = 1;
let drawCount = 0;
let drawScheduled = false;
let pendingDrawnMark = null; // data-set id whose first drawn frame is still to be marked
let loadToken = 0;
let playTimer = null;

const hoverRequests = latestWins(({ dataset, index, point }) =>
  index !== undefined ? fetchSample(dataset, index) : decodePoints(dataset, [point]), HOVER_INTERVAL_MS);
const traversalRequests = latestWins(({ dataset, controlPoints, steps, closed }) =>
  fetchTraversal(dataset, controlPoints, steps, closed), 0);

// ---- drawing -------------------------------------------------------------------------

function currentMatrix() {
  return viewProjectionMatrix(camera, cssWidth / cssHeight);
}

function requestDraw() {
  if (drawScheduled) return;
  drawScheduled = true;
  requestAnimationFrame(() => {
    drawScheduled = false;
    drawFrame();
  });
}

function drawFrame() {
  if (!camera) return;
  const matrix = currentMatrix();
  const pixelRatio = window.devicePixelRatio || 1;
  const drewPoints = cloud.draw(matrix, {
    pointSize: pointSizePx() * pixelRatio,
    // Geometric mean: points grow as you zoom in, but slower than true perspective would.
    focalDepth: Math.sqrt(camera.distance * fitDistance),
    fog: [camera.distance - camera.sceneRadius * 0.5, camera.distance + camera.sceneRadius],
  });
  drawCount += 1;
  placeMarkerLabels(matrix);
  if (drewPoints && pendingDrawnMark) {
    performance.mark(`cloud-drawn:${pendingDrawnMark}`);
    pendingDrawnMark = null;
  }
}

/** Points grow a little with the canvas, so a projected or full-screen cloud does not look sparse. */
function pointSizePx() {
  return POINT_SIZE_PX * Math.min(1.6, Math.max(0.8, Math.sqrt(cssHeight / 650)));
}

function setCamera(next) {
  camera = next;
  projected = null;
  updateOverlay(store.get());
  requestDraw();
}

function resize() {
  // Fractional CSS size, so that the drawing buffer matches the device pixels exactly.
  const box = canvas.getBoundingClientRect();
  cssWidth = Math.max(1, box.width);
  cssHeight = Math.max(1, box.height);
  cloud.resize(cssWidth, cssHeight, window.devicePixelRatio || 1);
  projected = null;
  updateOverlay(store.get());
  requestDraw();
}

function latentOf(index) {
  return Array.from(points.latents.subarray(index * 3, index * 3 + 3));
}

/** The overlay (curve, markers, cursor) from the state; a few hundred vertices, so rebuilt whole. */
function updateOverlay(state) {
  if (!cloud || !camera) return;
  cloud.setOverlay(buildOverlay({
    traversal: state.traversal,
    controlPoints: state.controlPoints,
    hovered: state.hovered !== null && points ? latentOf(state.hovered) : null,
    cursor: state.cursor,
  }, { cursorArm: camera.sceneRadius * 0.06, pixelRatio: window.devicePixelRatio || 1 }));
  requestDraw();
}

/** Number the control-point markers with HTML labels placed over the canvas. */
function placeMarkerLabels(matrix) {
  const layer = $("marker-labels");
  const { controlPoints } = store.get();
  while (layer.children.length < controlPoints.length) layer.append(document.createElement("span"));
  while (layer.children.length > controlPoints.length) layer.lastChild.remove();
  controlPoints.forEach((point, index) => {
    const label = layer.children[index];
    const position = projectPoint(matrix, point, cssWidth, cssHeight);
    label.hidden = !position;
    if (!position) return;
    label.textContent = String(index + 1);
    label.style.transform = `translate(${position.x}px, ${position.y}px)`;
  });
}

// ---- picking and hover ----------------------------------------------------------------

function pickAt(x, y) {
  if (!points || !camera) return null;
  projected ??= projectAll(points.latents, currentMatrix(), cssWidth, cssHeight);
  const lit = new Set(store.get().highlighted);
  const pointRadius = pointSizePx() * Math.sqrt(fitDistance / camera.distance) / 2;
  return pickPoint(projected, points.labels, x, y, {
    hitRadius: Math.max(pointRadius, 2),
    searchRadius: 8,
    pickable: lit.size ? (label) => lit.has(label) : () => true,
  });
}

/** The latent position under the cursor in empty space, kept inside what the server decodes. */
function spaceAt(x, y) {
  return unprojectToTargetPlane(camera, x, y, cssWidth, cssHeight)
    .map((value) => Math.max(-COORDINATE_LIMIT, Math.min(COORDINATE_LIMIT, value)));
}

function hoverAt(x, y) {
  if (!points || !camera) return;
  const index = pickAt(x, y);
  if (index !== null) {
    if (index === store.get().hovered) return;
    store.set({ hovered: index, cursor: null });
    showHover({ index });
  } else {
    const cursor = spaceAt(x, y);
    store.set({ hovered: null, cursor });
    showHover({ point: cursor });
  }
}

let hoverPending = null;
function scheduleHover(x, y) {
  // Coalesce mouse moves: at most one pick per animation frame.
  const first = hoverPending === null;
  hoverPending = { x, y };
  if (first) {
    requestAnimationFrame(() => {
      const { x: latestX, y: latestY } = hoverPending;
      hoverPending = null;
      hoverAt(latestX, latestY);
    });
  }
}

async function showHover(target) {
  const { dataset } = store.get();
  try {
    const answer = await hoverRequests.run({ dataset, ...target });
    if (answer.stale) return;
    const value = answer.value;
    const hoverInfo = target.index !== undefined
      ? { kind: "point", index: value.index, label: value.label, split: value.split, latent: value.latent,
          image: value.reconstruction, original: value.original }
      : { kind: "space", latent: target.point, image: value[0] };
    store.set({ hoverInfo });
  } catch (error) {
    errors.show(error.message);
  }
}

// ---- control points and the traversal -----------------------------------------------------

function addControlPointAt(x, y) {
  if (!points || !camera) return;
  const index = pickAt(x, y);
  const point = index !== null ? latentOf(index) : spaceAt(x, y);
  const { controlPoints } = store.get();
  const last = controlPoints[controlPoints.length - 1];
  // The spline needs distinct consecutive points; a second click on the same spot adds nothing.
  if (last && last.every((value, axis) => Math.abs(value - point[axis]) < 1e-6)) return;
  setControlPoints([...controlPoints, point]);
  hoverAt(x, y);
}

function setControlPoints(controlPoints) {
  store.set({ controlPoints });
  updateTraversal();
}

async function updateTraversal() {
  const { dataset, controlPoints, steps, closed } = store.get();
  if (controlPoints.length < 2) {
    traversalRequests.cancel();
    store.set({ traversal: null, playing: false });
    return;
  }
  try {
    const answer = await traversalRequests.run({ dataset, controlPoints, steps, closed });
    if (answer.stale) return;
    const index = Math.min(store.get().traversal?.index ?? 0, answer.value.images.length - 1);
    store.set({ traversal: { path: answer.value.path, images: answer.value.images, index, closed } });
  } catch (error) {
    // The old path no longer matches the control points: better none than a wrong one.
    store.set({ traversal: null, playing: false });
    errors.show(error.message);
  }
}

function setTraversalIndex(index) {
  const { traversal } = store.get();
  if (!traversal) return;
  store.set({ traversal: { ...traversal, index: Math.max(0, Math.min(traversal.images.length - 1, index)) } });
}

function advancePlayback() {
  const { traversal } = store.get();
  if (!traversal) {
    store.set({ playing: false });
    return;
  }
  setTraversalIndex((traversal.index + 1) % traversal.images.length);
}

// ---- data sets -----------------------------------------------------------------------

/** The points of data set `id`, fetched once: the cache holds the promise, dropped if it fails. */
function loadPoints(id) {
  if (!pointsCache.has(id)) {
    pointsCache.set(id, fetchPoints(id).catch((error) => {
      pointsCache.delete(id);
      throw error;
    }));
  }
  return pointsCache.get(id);
}

async function selectDataset(id) {
  const token = ++loadToken;
  hoverRequests.cancel();
  traversalRequests.cancel();
  store.set({ loading: true });
  try {
    const loaded = await loadPoints(id);
    if (token !== loadToken) return;
    points = loaded;
    cloud.setPoints(points.latents, points.labels);
    projected = null;
    if (!camera) resetView();
    const info = store.get().datasets.find((entry) => entry.id === id);
    const classCounts = info.classes.map(() => 0);
    for (const label of points.labels) classCounts[label] += 1;
    pendingDrawnMark = id;
    // Control points and the path belong to the other model's space: they go.
    store.set({
      dataset: id, loading: false, count: points.count, classes: info.classes, classCounts,
      highlighted: [], hovered: null, cursor: null, hoverInfo: null, controlPoints: [], traversal: null, playing: false,
    });
    const url = new URL(window.location.href);
    url.searchParams.set("dataset", id);
    window.history.replaceState(null, "", url);
    requestDraw();
  } catch (error) {
    if (token !== loadToken) return;
    store.set({ loading: false });  // the selector goes back to the data set still on screen
    errors.show(`Could not load ${id}: ${error.message}`);
  }
}

function resetView() {
  if (!points) return;
  const { center, radius } = cloudExtent(points.latents);
  const fitted = fitCamera(center, radius);
  fitDistance = fitted.distance;
  setCamera(fitted);
}

// ---- views -------------------------------------------------------------------------

function renderHeader(state, previous) {
  const select = $("dataset-select");
  if (state.datasets !== previous.datasets) {
    select.replaceChildren(...state.datasets.map((entry) => new Option(entry.title, entry.id)));
  }
  if (state.dataset && select.value !== state.dataset && !state.loading) select.value = state.dataset;
  select.disabled = state.datasets.length < 2;
  $("loading").hidden = !state.loading;
  if (state.dataset !== previous.dataset) {
    const metrics = state.datasets.find((entry) => entry.id === state.dataset)?.metrics ?? {};
    const parts = [`${state.count.toLocaleString("en")} images`];
    if (metrics.test_loss !== undefined) parts.push(`test loss ${metrics.test_loss.toFixed(1)} nats`);
    if (metrics.knn5_accuracy !== undefined) parts.push(`5-NN accuracy ${(metrics.knn5_accuracy * 100).toFixed(1)}%`);
    $("model-summary").textContent = parts.join(" · ");
    document.title = `${state.datasets.find((entry) => entry.id === state.dataset)?.title ?? ""} · Latent Space Explorer`;
  }
}

function wireViews() {
  const views = [
    renderHeader,
    createLegend({ list: $("legend"), showAll: $("show-all"), unavailable: $("unavailable") }, {
      onToggle(index) {
        const lit = new Set(store.get().highlighted);
        if (lit.has(index)) lit.delete(index);
        else lit.add(index);
        store.set({ highlighted: [...lit].sort((a, b) => a - b), hovered: null });
      },
      onShowAll: () => store.set({ highlighted: [] }),
    }),
    createHoverPanel({
      title: $("hover-title"), details: $("hover-details"), decoded: $("decoded-image"),
      originalFigure: $("original-figure"), original: $("original-image"),
    }),
    createControlPointsPanel({ list: $("control-points"), clear: $("clear-points"), closed: $("closed-loop"), hint: $("control-hint") }, {
      onRemove: (index) => setControlPoints(store.get().controlPoints.filter((_, i) => i !== index)),
      onClear: () => setControlPoints([]),
      onClosedChange(closed) {
        store.set({ closed });
        updateTraversal();
      },
    }),
    createTraversalPanel({
      frame: $("traversal-frame"), slider: $("traversal-slider"), play: $("play"), readout: $("step-readout"),
      steps: $("steps"), strip: $("film-strip"),
    }, {
      onIndex: setTraversalIndex,
      onPlayToggle: () => store.set({ playing: !store.get().playing }),
      onSteps(steps) {
        const changed = steps !== null && steps !== store.get().steps;
        store.set({ steps: changed ? steps : store.get().steps });
        if (changed) updateTraversal();
      },
    }),
  ];
  store.subscribe((state, previous) => {
    for (const view of views) view(state, previous);
    if (state.highlighted !== previous.highlighted) {
      cloud.setHighlight(state.highlighted);
      requestDraw();
    }
    if (state.controlPoints !== previous.controlPoints || state.traversal !== previous.traversal
        || state.hovered !== previous.hovered || state.cursor !== previous.cursor) {
      updateOverlay(state);
    }
    if (state.hovered !== previous.hovered) canvas.classList.toggle("over-point", state.hovered !== null);
    if (state.playing !== previous.playing) {
      clearInterval(playTimer);
      playTimer = state.playing ? setInterval(advancePlayback, PLAY_FRAME_MS) : null;
    }
  });
}

function wireInput() {
  attachPointerControls(canvas, {
    orbit: (dx, dy) => setCamera(orbit(camera, dx, dy, cssHeight)),
    pan: (dx, dy) => setCamera(pan(camera, dx, dy, cssHeight)),
    zoom: (factor) => setCamera(zoom(camera, factor)),
    hover: scheduleHover,
    click: addControlPointAt,
    leave: () => store.set({ hovered: null, cursor: null }),
  });
  $("reset-view").addEventListener("click", resetView);
  // Keys for a presenter at a keyboard: arrows turn, +/- zoom, R resets, space plays.
  const keyActions = {
    ArrowLeft: () => setCamera(orbit(camera, -KEY_TURN_PX, 0, cssHeight)),
    ArrowRight: () => setCamera(orbit(camera, KEY_TURN_PX, 0, cssHeight)),
    ArrowUp: () => setCamera(orbit(camera, 0, -KEY_TURN_PX, cssHeight)),
    ArrowDown: () => setCamera(orbit(camera, 0, KEY_TURN_PX, cssHeight)),
    "+": () => setCamera(zoom(camera, 1 / 1.15)),
    "=": () => setCamera(zoom(camera, 1 / 1.15)),
    "-": () => setCamera(zoom(camera, 1.15)),
    r: resetView,
    R: resetView,
    " ": () => store.get().traversal && store.set({ playing: !store.get().playing }),
  };
  window.addEventListener("keydown", (event) => {
    const action = keyActions[event.key];
    if (!action || !camera || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.target.closest?.("input, select, textarea, button")) return;
    event.preventDefault();
    action();
  });
  $("dataset-select").addEventListener("change", (event) => selectDataset(event.target.value));
  new ResizeObserver(resize).observe(viewport);
  watchPixelRatio();
}

/** Re-size the drawing buffer when the window moves to a screen of another pixel density. */
function watchPixelRatio() {
  matchMedia(`(resolution: ${window.devicePixelRatio}dppx)`).addEventListener("change", () => {
    resize();
    watchPixelRatio();
  }, { once: true });
}

function exposeTestHooks() {
  window.explorer = {
    state() {
      const state = store.get();
      return {
        dataset: state.dataset,
        count: state.count,
        hovered: state.hovered,
        highlighted: [...state.highlighted],
        controlPoints: state.controlPoints.map((point) => [...point]),
        traversal: state.traversal ? { steps: state.traversal.images.length, index: state.traversal.index } : null,
      };
    },
    screenPosition(index) {
      if (!points || !camera || !(index >= 0 && index < points.count)) return null;
      const position = projectPoint(currentMatrix(), latentOf(index), cssWidth, cssHeight);
      if (!position || position.x < 0 || position.y < 0 || position.x > cssWidth || position.y > cssHeight) return null;
      const rect = canvas.getBoundingClientRect();
      return { x: rect.left + position.x, y: rect.top + position.y };
    },
    get drawCount() {
      return drawCount;
    },
    drawNow() {
      drawFrame();
      cloud.finish();
    },
    orbit(dx, dy) {
      setCamera(orbit(camera, dx, dy, cssHeight));
    },
    setPointsVisible(visible) {
      cloud.setPointsVisible(Boolean(visible));
      requestDraw();
    },
    pick(clientX, clientY) {
      const rect = canvas.getBoundingClientRect();
      return pickAt(clientX - rect.left, clientY - rect.top);
    },
  };
}

async function start() {
  wireViews();
  exposeTestHooks();
  store.set({ loading: true });
  let listing;
  try {
    listing = await fetchDatasets();
  } catch (error) {
    store.set({ loading: false });
    errors.show(`Could not list the data sets: ${error.message}`);
    return;
  }
  store.set({ datasets: listing.datasets, unavailable: listing.unavailable ?? [] });
  if (listing.datasets.length === 0) {
    store.set({ loading: false });
    errors.show("The server has no data set to show; see the messages under Classes.");
    return;
  }
  const requested = new URL(window.location.href).searchParams.get("dataset");
  const known = listing.datasets.some((entry) => entry.id === requested);
  if (requested && !known) {
    errors.show(`There is no data set "${requested}" on this server; showing ${listing.datasets[0].title}.`);
  }
  const id = known ? requested : listing.datasets[0].id;
  // The points download while the GL programs compile (slow on a software renderer).
  loadPoints(id).catch(() => {});  // reported by selectDataset, which awaits the same promise
  try {
    cloud = createCloud(canvas, { background: hexToRgb(BACKGROUND) });
  } catch (error) {
    store.set({ loading: false });
    errors.show(error.message);
    return;
  }
  cloud.setPalette(CLASS_COLORS.map(hexToRgb));
  canvas.addEventListener("webglcontextlost", () => {
    errors.show("The graphics driver reset and the cloud was lost; reload the page to draw it again.");
  });
  wireInput();
  resize();
  await selectDataset(id);
}

start();
