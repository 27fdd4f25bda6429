// What the encoder made of a drawing: the image it saw (the model's size) beside its reconstruction,
// where it put it (the posterior's mean and standard deviations, as the view shows them), and what
// its nearest data points say.
import { el, formatPoint } from "./dom.js";
import { fitInBox } from "./image-fit.js";
import { classNames, classPalette, majorityClass } from "../selectors.js";

/** "the 7s", "the Sneakers", "the class T-shirt/top": the members of a class, in a sentence. */
export function membersOf(name) {
  if (name.includes("/")) return `the class ${name}`;
  return `the ${name}${name.endsWith("s") ? "" : "s"}`;
}

/** "among the 7s: 4 of 5 neighbours": the class most of `neighbors` ([{label}]) belong to. */
export function neighborSummary(neighbors, names) {
  const { label, count } = majorityClass(neighbors);
  return `among ${membersOf(names[label])}: ${count} of ${neighbors.length} neighbours`;
}

export function createEncodedPanel({ panel, input, reconstruction, position, summary, neighbors, problem, add, find }, { onAdd, onFind, onChoose }) {
  [input, reconstruction].forEach(fitInBox);
  add.addEventListener("click", onAdd);
  find.addEventListener("click", onFind);
  neighbors.addEventListener("click", (event) => {
    const item = event.target.closest("[data-index]");
    if (item) onChoose(Number(item.dataset.index));
  });

  return function render(state, previous) {
    if (state.encodeProblem !== previous.encodeProblem) {
      problem.hidden = !state.encodeProblem;
      problem.textContent = state.encodeProblem ?? "";
    }
    if (state.encoded === previous.encoded && classNames(state) === classNames(previous)) return;
    const encoded = state.encoded;
    panel.hidden = !encoded;
    if (!encoded) return;
    const names = classNames(state);
    const colors = classPalette(state);
    const [height, width] = state.datasets.find((entry) => entry.id === encoded.dataset).image_shape;
    input.src = encoded.input;
    input.alt = `The ${width} × ${height} image the encoder saw`;
    reconstruction.src = encoded.reconstruction;
    position.textContent = `at ${formatPoint(encoded.mean)} ± ${formatPoint(encoded.std)} (1 σ)`;
    summary.textContent = `Nearest data points ${neighborSummary(encoded.neighbors, names)}`;
    neighbors.replaceChildren(...encoded.neighbors.map((item) => el("button", {
      type: "button", className: "encoded-neighbor", textContent: names[item.label],
      title: `Go to image #${item.index}, class ${names[item.label]}, distance ${item.distance.toFixed(2)}`,
      style: { borderColor: colors[item.label] }, dataset: { index: String(item.index) },
    })));
  };
}
