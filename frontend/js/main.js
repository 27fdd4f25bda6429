// Wiring only: the store, the controllers that change it, the views that render from it,
// and input turned into controller calls. Each piece lives in its own module.
import { exposeAutomationHooks } from "./automation.js";
import { createDatasetsController } from "./controllers/datasets.js";
import { createHoverController } from "./controllers/hover.js";
import { attachKeyboard } from "./controllers/keyboard.js";
import { createTraversalController } from "./controllers/traversal.js";
import { createViewController } from "./controllers/view.js";
import { attachPointerControls } from "./interaction.js";
import { createControlPointsPanel } from "./panels/control-points.js";
import { createErrorBanner } from "./panels/error-banner.js";
import { createHoverPanel } from "./panels/hover.js";
import { createLegend } from "./panels/legend.js";
import { createTraversalPanel } from "./panels/traversal.js";
import { createStore, initialState } from "./state.js";
import { createCloudView } from "./views/cloud-view.js";
import { createHeader } from "./views/header.js";

const $ = (id) => document.getElementById(id);
const canvas = $("cloud");
const store = createStore(initialState);

const view = createViewController(store, canvas);
const hover = createHoverController(store);
const traversal = createTraversalController(store);
const datasets = createDatasetsController(store, {
  beforeSwitch() {
    hover.cancel();
    traversal.cancel();
  },
});

const views = [
  createHeader({ select: $("dataset-select"), loading: $("loading"), summary: $("model-summary") }, { onSelect: datasets.select }),
  createErrorBanner({ banner: $("error"), text: $("error-text"), close: $("error-close") }, { onDismiss: () => store.set({ error: null }) }),
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
    onRemove: traversal.remove, onClear: traversal.clear, onClosedChange: traversal.setClosed,
  }),
  createTraversalPanel({
    frame: $("traversal-frame"), slider: $("traversal-slider"), play: $("play"), readout: $("step-readout"),
    steps: $("steps"), strip: $("film-strip"),
  }, { onIndex: traversal.setIndex, onPlayToggle: traversal.togglePlay, onSteps: traversal.setSteps }),
];
store.subscribe((state, previous) => views.forEach((render) => render(state, previous)));

/** Re-measure the canvas when the window moves to a screen of another pixel density. */
function watchPixelRatio() {
  matchMedia(`(resolution: ${window.devicePixelRatio}dppx)`).addEventListener("change", () => {
    view.measure();
    watchPixelRatio();
  }, { once: true });
}

async function start() {
  const firstId = await datasets.list();
  if (firstId === null) return;
  // The points download (started by list) while the GL programs compile, slow on a software renderer.
  let cloudView;
  try {
    cloudView = createCloudView(store, { canvas, markerLabels: $("marker-labels") });
  } catch (error) {
    store.set({ loading: false, error: error.message });
    return;
  }
  store.subscribe(cloudView.render);
  canvas.addEventListener("webglcontextlost", () => {
    store.set({ error: "The graphics driver reset and the cloud was lost; reload the page to draw it again." });
  });
  exposeAutomationHooks(store, { canvas, cloudView, view });
  attachPointerControls(canvas, {
    orbit: view.orbit, pan: view.pan, zoom: view.zoom, hover: hover.schedule, leave: hover.leave,
    click(x, y) {
      if (traversal.addAt(x, y)) hover.hoverAt(x, y);
    },
  });
  attachKeyboard(store, { view, traversal });
  $("reset-view").addEventListener("click", view.reset);
  new ResizeObserver(view.measure).observe($("viewport"));
  watchPixelRatio();
  view.measure();
  await datasets.select(firstId);
}

start();
