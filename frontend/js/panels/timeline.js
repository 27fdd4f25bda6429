// The Training control: open it, pick an epoch on the slider or play them, the loss chart (the test
// loss and its two terms, and the 5-NN accuracy, per epoch; hovering it says an epoch's figures,
// clicking it goes there) and the strip (one position as each kept decoder drew it). A data set
// without a timeline has the control switched off, the reason and the command that makes one under it.
import { el } from "./dom.js";
import { datasetEntry } from "../selectors.js";
import { CHART_SERIES, chartRows, chartScales, seriesPath } from "../timeline.js";

const SVG = "http://www.w3.org/2000/svg";
const CHART = { width: 260, height: 90 }; // the chart's viewBox; CSS scales it to the panel's width
const svgEl = (tag, attributes) => {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  return element;
};
const figure = (value, digits = 1) => (value === null ? "–" : value.toFixed(digits));

/** An epoch's figures in words: "epoch 3: test loss 140.2 (reconstruction 125.0, KL 15.2), 5-NN accuracy 91.0%". */
export function describeEpoch(row) {
  const knn = row.test_knn5 === null ? "" : `, 5-NN accuracy ${(100 * row.test_knn5).toFixed(1)}%`;
  return `epoch ${row.epoch}: test loss ${figure(row.test_loss)} (reconstruction ${figure(row.test_reconstruction)}, `
    + `KL ${figure(row.test_kl)})${knn}`;
}

export function createTimelinePanel({ open, missing, body, slider, play, readout, chart, legend, chartReadout, strip }, { onOpen, onEpoch, onPlayToggle }) {
  open.addEventListener("change", () => onOpen(open.checked));
  slider.addEventListener("input", () => onEpoch(Number(slider.value)));
  play.addEventListener("click", onPlayToggle);
  chart.setAttribute("viewBox", `0 0 ${CHART.width} ${CHART.height}`);
  let rows = [];
  let scales = null;
  let marker = null;
  let shownEntry = null;

  const epochUnder = (event) => {
    const box = chart.getBoundingClientRect();
    return scales.epochAt(((event.clientX - box.left) / box.width) * CHART.width);
  };
  chart.addEventListener("pointermove", (event) => {
    if (scales) chartReadout.textContent = describeEpoch(rows[epochUnder(event)]);
  });
  chart.addEventListener("pointerleave", () => { chartReadout.textContent = ""; });
  chart.addEventListener("click", (event) => scales && onEpoch(epochUnder(event)));

  function drawChart(timeline) {
    rows = chartRows(timeline);
    scales = chartScales(rows, CHART.width, CHART.height);
    marker = svgEl("line", { class: "chart-marker", y1: 0, y2: CHART.height, "data-testid": "loss-chart-marker" });
    const paths = CHART_SERIES.map(({ key, axis }) => ({ key, d: seriesPath(rows, key, scales, axis) }));
    chart.replaceChildren(...paths.map(({ key, d }) => svgEl("path", { class: `chart-line ${key}`, d })), marker);
    // A card from before the timeline has no 5-NN accuracy per epoch: its key goes with its line.
    for (const { key, d } of paths) legend.querySelector(`.${key}`).hidden = d === "";
    const [low, high] = scales.lossRange;
    chart.setAttribute("aria-label", `Test loss ${low.toFixed(1)} to ${high.toFixed(1)} nats and 5-NN accuracy (0 to 100%) `
      + `over ${timeline.epochs} epochs; click an epoch to show it`);
  }

  return function render(state, previous) {
    const entry = datasetEntry(state);
    const timeline = entry?.timeline ?? null;
    if (entry !== shownEntry) {
      shownEntry = entry;
      open.disabled = !timeline;
      missing.hidden = !entry || Boolean(timeline);
      missing.textContent = timeline || !entry ? "" : `No timeline here: ${entry.timeline_missing}`;
      if (timeline) {
        slider.max = String(timeline.epochs);
        drawChart(timeline);
      }
    }
    const { epoch } = state;
    open.checked = epoch !== null;
    body.hidden = epoch === null;
    if (epoch === null || !timeline) return;
    const whole = Math.round(epoch);
    const opened = previous.epoch === null || entry !== datasetEntry(previous);
    if (epoch !== previous.epoch || opened) {
      slider.value = String(whole);
      slider.setAttribute("aria-valuetext", whole === 0 ? "before training" : `after epoch ${whole} of ${timeline.epochs}`);
      const x = scales.x(epoch).toFixed(1);
      marker.setAttribute("x1", x);
      marker.setAttribute("x2", x);
    }
    if (epoch !== previous.epoch || opened || state.timeline !== previous.timeline) {
      readout.textContent = state.timeline?.dataset !== state.dataset ? "Loading the timeline…"
        : `${whole === 0 ? "Before training" : `After epoch ${whole} of ${timeline.epochs}`}: the ${timeline.points.toLocaleString("en")} test images`;
    }
    play.textContent = state.timelinePlaying ? "Pause" : "Play";
    play.setAttribute("aria-pressed", String(state.timelinePlaying));
    if (state.timelineImages !== previous.timelineImages || opened) {
      const images = state.timelineImages?.dataset === state.dataset ? state.timelineImages.images : [];
      strip.replaceChildren(...images.map(({ epoch: at, image }) => el("figure", { className: "timeline-frame", dataset: { epoch: String(at) } },
        el("img", { src: image, alt: `decoded after epoch ${at}`, width: 56, height: 56 }),
        el("figcaption", { textContent: `epoch ${at}` }))));
    }
  };
}
