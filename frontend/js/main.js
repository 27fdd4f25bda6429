// Wiring only: the store, the controllers that change it, the views that render from it,
// and input turned into controller calls. Each piece lives in its own module.
import { prepareAnswers } from "./api.js";
import { exposeAutomationHooks } from "./automation.js";
import { watchConnection } from "./controllers/connection.js";
import { createDatasetsController } from "./controllers/datasets.js";
import { createEncodeController } from "./controllers/encode.js";
import { createExports } from "./controllers/exports.js";
import { createFindController } from "./controllers/find.js";
import { createGridController } from "./controllers/grid.js";
import { createHoverController } from "./controllers/hover.js";
import { createImagesController } from "./controllers/images.js";
import { attachKeyboard } from "./controllers/keyboard.js";
import { createClassMapController } from "./controllers/classmap.js";
import { createLinkController } from "./controllers/link.js";
import { createNeighborsController } from "./controllers/neighbors.js";
import { createNotices } from "./controllers/notices.js";
import { connectNotebook } from "./controllers/notebook.js";
import { createSelectionController, dragOperation } from "./controllers/selection.js";
import { createTimelineController } from "./controllers/timeline.js";
import { createTraversalController } from "./controllers/traversal.js";
import { createUncertaintyController } from "./controllers/uncertainty.js";
import { createViewController } from "./controllers/view.js";
import { attachPointerControls } from "./interaction.js";
import { createClassMapPanel } from "./panels/classmap.js";
import { createColourChoice } from "./panels/colour-choice.js";
import { createControlPointsPanel } from "./panels/control-points.js";
import { createDrawAccess } from "./panels/draw-access.js";
import { createDrawPad } from "./panels/draw-pad.js";
import { createEncodedPanel } from "./panels/encoded.js";
import { createErrorBanner } from "./panels/error-banner.js";
import { createGridPanel } from "./panels/grid.js";
import { createGridAwayNote } from "./panels/grid-away.js";
import { createHoverPanel } from "./panels/hover.js";
import { createImagesToggle } from "./panels/images-toggle.js";
import { createLegend } from "./panels/legend.js";
import { createNeighborsPanel } from "./panels/neighbors.js";
import { createNoticeBanner } from "./panels/notice.js";
import { createPeek } from "./panels/peek.js";
import { createSelectionPanel } from "./panels/selection.js";
import { attachShareButtons } from "./panels/share.js";
import { createTimelinePanel } from "./panels/timeline.js";
import { createTraversalPanel } from "./panels/traversal.js";
import { latentOf } from "./selectors.js";
import { createStore, initialState } from "./state.js";
import { createAnnouncer } from "./views/announcer.js";
import { createAxesView } from "./views/axes.js";
import { createCloudView } from "./views/cloud-view.js";
import { createHeader } from "./views/header.js";
import { createSelectionOutline } from "./views/selection-outline.js";
import { createStageView } from "./views/stage.js";

const $ = (id) => document.getElementById(id);
const canvas = $("cloud");
const store = createStore({ ...initialState, inputMode: matchMedia("(pointer: coarse)").matches ? "touch" : "mouse" });
const { notify, dismiss } = createNotices(store);
const view = createViewController(store, canvas);
const hover = createHoverController(store);
const traversal = createTraversalController(store, { notify });
const datasets = createDatasetsController(store, {
  beforeSwitch() {
    hover.cancel();
    traversal.cancel();
  },
  notify,
  restoreControlPoints: traversal.replace,
});
const grid = createGridController(store, { hover, traversal });
const classMap = createClassMapController(store);
const timeline = createTimelineController(store);
const selection = createSelectionController(store, { view });
const link = createLinkController(store, { datasets, traversal, grid, classMap, timeline, selection, notify });
const encoder = createEncodeController(store, { view, traversal });
const uncertainty = createUncertaintyController(store);
const neighbors = createNeighborsController(store);
const finder = createFindController(store, { view, hover });
let images = null; // needs the renderer: created once WebGL2 is there
let exports = null; // likewise (a picture of the cloud)
watchConnection(store);
const drawPad = createDrawPad({ canvas: $("draw-pad"), clear: $("draw-clear"), undo: $("draw-undo"), brush: $("draw-brush"), upload: $("draw-upload") }, {
  onImage: encoder.setImage, onProblem: (encodeProblem) => store.set({ encodeProblem }),
  // Before the listing there is no model to send a file to, so no limit to keep.
  largestFileSide: () => store.get().limits?.encode_image_side ?? Infinity,
});

const views = [
  createHeader({ select: $("dataset-select"), loading: $("loading"), summary: $("model-summary") }, {
    onSelect: datasets.select, onView: datasets.setView,
  }),
  createErrorBanner({ banner: $("error"), text: $("error-text"), close: $("error-close") }, { onDismiss: () => store.set({ error: null }) }),
  createNoticeBanner({ banner: $("notice"), text: $("notice-text"), details: $("notice-list"), action: $("notice-action"), close: $("notice-close") }, { onDismiss: dismiss }),
  createLegend({ list: $("legend"), hint: $("legend-hint"), showAll: $("show-all"), unavailable: $("unavailable") }, {
    onHighlight: (highlighted) => store.set({ highlighted, hovered: null }),
  }),
  createColourChoice({ label: $("colour-by-label"), select: $("colour-by") }, {
    onChoose: (colourBy) => store.set({ colourBy, highlighted: [] }),
  }),
  createHoverPanel({
    panel: $("hover-info"), title: $("hover-title"), reads: $("hover-reads"), details: $("hover-details"), digits: $("hover-digits"), decoded: $("decoded-image"),
    original: $("original-image"), standIn: $("reconstruction-image"), originalCaption: $("original-caption"), stale: $("hover-stale"),
  }),
  createClassMapPanel({
    open: $("classmap-open"), missing: $("classmap-missing"), body: $("classmap-body"), axis: $("classmap-axis"), position: $("classmap-position"),
    mode: $("classmap-mode"), readout: $("classmap-readout"), dim: $("classmap-dim"), bar: $("classmap-bar"), shares: $("classmap-shares"),
    sharesCaption: $("classmap-shares-caption"), disagreement: $("classmap-disagreement"), disagreeing: $("classmap-disagreeing"),
  }, {
    onOpen: classMap.setOpen, onAxis: classMap.setAxis, onPosition: classMap.setPosition, onMode: classMap.setMode,
    onDisagreeing: classMap.setDisagreeing, onDim: classMap.setDim,
  }),
  createTimelinePanel({
    open: $("timeline-open"), missing: $("timeline-missing"), body: $("timeline-body"), slider: $("timeline-slider"), play: $("timeline-play"),
    readout: $("timeline-readout"), chart: $("loss-chart"), legend: $("loss-chart-legend"), chartReadout: $("loss-chart-readout"), strip: $("timeline-strip"),
  }, { onOpen: timeline.setOpen, onEpoch: timeline.setEpoch, onPlayToggle: timeline.togglePlay }),
  createControlPointsPanel({
    list: $("control-points"), clear: $("clear-points"), undo: $("undo"), redo: $("redo"), closed: $("closed-loop"), copy: $("copy-control-points"),
    hint: $("control-hint"), fallbackFocus: canvas,
  }, {
    onRemove: traversal.remove, onClear: traversal.clear, onClosedChange: traversal.setClosed, onMove: traversal.moveTo,
    onReorder: traversal.reorder, onUndo: traversal.undo, onRedo: traversal.redo,
  }),
  createTraversalPanel({
    frame: $("traversal-frame"), presenterFrame: $("presenter-frame"), slider: $("traversal-slider"), play: $("play"),
    readout: $("step-readout"), stale: $("traversal-stale"), steps: $("steps"), fps: $("play-fps"), pingPong: $("ping-pong"), strip: $("film-strip"),
    exportButtons: [$("export-gif"), $("export-strip")], copyPath: $("copy-path"), playRate: $("play-rate"),
  }, {
    onIndex: traversal.setIndex, onPlayToggle: traversal.togglePlay, onSteps: traversal.setSteps,
    onFps: (playFps) => store.set({ playFps }), onPingPong: (pingPong) => store.set({ pingPong }),
  }),
  createPeek({
    panel: $("peek"), decoded: $("peek-decoded"), original: $("peek-original"), originalCaption: $("peek-original-caption"),
    title: $("peek-title"), close: $("peek-close"),
  }, { onClose: hover.leave }),
  createStageView({ addPoint: $("add-point"), presenter: $("presenter"), presenterHover: $("presenter-hover"), shortcuts: $("shortcuts"), cloud: canvas }, {
    onAddPoint: traversal.addFocused,
    onPresent: (presenting) => store.set({ presenting }),
    onShortcuts: (shortcuts) => store.set({ shortcuts }),
  }),
  createNeighborsPanel({ strip: $("neighbors"), caption: $("neighbors-caption") }, {
    onLight: neighbors.light,
    onChoose: (index) => view.flyTo(latentOf(store.get(), index)),
  }),
  createImagesToggle({
    checkbox: $("show-images"), label: $("show-images-label"), progress: $("images-progress"), missing: $("images-missing"),
    uncertainty: $("size-by-uncertainty"), find: $("find"),
  }, {
    onShow: (shown) => images?.setShown(shown),
    onUncertainty: uncertainty.setShown,
    onFind: finder.find,
  }),
  createGridPanel({
    open: $("grid-open"), body: $("grid-body"), size: $("grid-size"), spacing: $("grid-spacing"), plane: $("grid-plane"), pin: $("grid-pin"),
    classes: $("grid-classes"), classesLabel: $("grid-classes-label"), grid: $("grid"), image: $("grid-image"), borders: $("grid-borders"),
    cursor: $("grid-cursor"), readout: $("grid-readout"), add: $("grid-add"), copy: $("grid-copy"),
  }, {
    onOpen: grid.setOpen, onSize: grid.setSize, onSpacing: grid.setSpacing, onPlane: grid.setPlane, onPin: grid.setPinned,
    onClasses: grid.setClasses, onChoose: grid.chooseCell, onAdd: grid.addCentre,
  }),
  createGridAwayNote($("grid-away")),
  createEncodedPanel({
    panel: $("encoded"), input: $("encoded-input"), reconstruction: $("encoded-reconstruction"), position: $("encoded-position"),
    summary: $("encoded-summary"), neighbors: $("encoded-neighbors"), problem: $("encode-problem"), add: $("encoded-add"), find: $("encoded-find"),
  }, { onAdd: encoder.addAsControlPoint, onFind: encoder.flyBack, onChoose: (index) => view.flyTo(latentOf(store.get(), index)) }),
  createDrawAccess({ pad: drawPad, after: $("encode-problem") }),
  createSelectionPanel({
    toggle: $("select-mode"), shapes: [...document.querySelectorAll("input[name=select-shape]")], count: $("selection-count"),
    classes: $("selection-classes"), only: $("selection-only"), clear: $("selection-clear"), caption: $("selection-caption"),
    gallery: $("selection-gallery"), more: $("selection-more"), csv: $("selection-export-csv"), json: $("selection-export-json"),
    copy: $("selection-copy"), exportGroup: $("selection-export"),
  }, {
    onToggle: selection.toggleMode, onShape: selection.setShape, onOnly: selection.setOnly, onClear: selection.clear,
    onChoose: selection.flyTo, onExport: (format) => exports?.selection(format),
  }),
  createSelectionOutline({ svg: $("selection-outline"), canvas }),
  createAxesView($("axes")),
  createAnnouncer($("announcer")),
];
store.subscribe((state, previous) => views.forEach((render) => render(state, previous)));

async function start() {
  views.forEach((render) => render(store.get(), initialState));
  if (!(await datasets.list())) return;
  const linked = link.read();
  // The points download while the GL programs compile, slow on a software renderer.
  datasets.prefetch(linked.dataset);
  let cloudView;
  try {
    cloudView = createCloudView(store, { canvas, markerLabels: $("marker-labels"), onCloudDrawn: prepareAnswers });
  } catch (error) {
    store.set({ loading: false, error: error.message });
    return;
  }
  store.subscribe(cloudView.render);
  canvas.addEventListener("webglcontextlost", () => {
    store.set({ error: "The graphics driver reset and the cloud was lost; reload the page to draw it again." });
  });
  images = createImagesController(store, { cloudView });
  exposeAutomationHooks(store, { canvas, cloudView, view, classMap, timeline, selection });
  attachPointerControls(canvas, {
    orbit: view.orbit, pan: view.pan, zoom: view.zoom, hover: hover.schedule, leave: hover.leave,
    grab: traversal.grab, dragTo: traversal.dragTo, release: traversal.release,
    selectOperation: (event) => dragOperation(store.get().selecting, event), select: selection,
    input(pointerType) {
      const inputMode = pointerType === "touch" ? "touch" : "mouse";
      if (inputMode !== store.get().inputMode) store.set({ inputMode });
    },
    click(x, y, pointerType) {
      // A finger has no hover: a tap inspects, and "Add this point" adds.
      // In selection mode a click only inspects too: a drag there selects, it does not lay a path.
      if (pointerType === "touch" || store.get().selecting) hover.hoverAt(x, y);
      else if (traversal.clickAt(x, y)) hover.hoverAt(x, y);
    },
  });
  attachKeyboard(store, { canvas, view, traversal, hover, selection });
  $("reset-view").addEventListener("click", view.reset);
  exports = createExports(store, { link, cloudView, notify });
  attachShareButtons({
    copyLink: $("copy-link"), saveImage: $("save-image"), gif: $("export-gif"), strip: $("export-strip"),
    scale: $("export-scale"), columns: $("export-columns"),
  }, exports, store.get().limits);
  view.followCanvas();
  await link.open(linked);
  connectNotebook(store, { traversal, selection });
}

start();
