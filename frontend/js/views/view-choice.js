// For a latent space that is not 3-D: how the cloud shows it and what share of the points' variance that
// keeps (a sentence for the model's summary line), and beside the summary what a decode between the
// points is. For more than three dimensions a select switches between the principal axes and three
// latent dimensions of the user's choosing (three number boxes). Built here, so that index.html stays
// the same for every model.
import { axesProblem, PCA } from "../latent-view.js";
import { el, sayNextTo } from "../panels/dom.js";

const FIRST_AXES = [0, 1, 2];

/** The percentage of the points' variance that a principal view shows. */
const varianceShown = (view) => Math.round(100 * view.explained.reduce((sum, share) => sum + share, 0));

/** What `view` (latent-view.js) shows, in a sentence, or "" for the 3-D space itself. */
export function viewSummary(view) {
  const { kind, dims } = view;
  if (kind === "plane") return "2-D latents, drawn on the plane z = 0";
  if (kind === "pca") return `PCA of ${dims}-D latents: ${varianceShown(view)}% of the variance shown`;
  if (kind === "axes") {
    const [i, j, k] = view.choice;
    return `latent dimensions ${i}, ${j}, ${k} of ${dims} as x, y, z (the other ${dims - 3} at the data's mean)`;
  }
  return "";
}

/** What is decoded where there are no points, for `view`: "" for the 3-D space, which the cloud shows whole. */
export function decodeNote(view) {
  if (view.kind === "plane") return "off the plane, decoded at its shadow on it";
  if (view.kind === "identity") return "";
  return `decoded between points: a 3-D slice through the ${view.dims}-D latent space`;
}

export function createViewChoice(after, { onView }) {
  const choice = el("select", { ariaLabel: "How the latent space is shown", dataset: { testid: "latent-view" } },
    new Option("principal axes", PCA), new Option("three dimensions", "axes"));
  const axes = FIRST_AXES.map((_, a) => el("input", {
    type: "number", step: "1", min: "0", ariaLabel: `The latent dimension shown as ${"xyz"[a]}`, style: { width: "3.5em" },
  }));
  const axesGroup = el("label", { dataset: { testid: "latent-axes" } }, "as x, y, z:", ...axes);
  const note = el("span", { className: "readout", dataset: { testid: "latent-note" } });
  const box = el("span", { hidden: true, style: { display: "inline-flex", flexWrap: "wrap", alignItems: "center", gap: "0.3rem 0.6rem" } },
    choice, axesGroup, note);
  after.after(box);
  let shown = null; // the view on screen

  choice.addEventListener("change", () => onView(choice.value === PCA ? PCA : FIRST_AXES));
  axesGroup.addEventListener("change", (event) => {
    const picked = axes.map((input) => (input.value.trim() === "" ? NaN : Number(input.value)));
    const problem = axesProblem(picked, shown.dims);
    sayNextTo(event.target, problem && `${problem}: showing ${shown.choice.join(", ")}`);
    if (problem) showAxes(shown.choice);
    else onView(picked);
  });

  function showAxes(picked) {
    axes.forEach((input, a) => {
      input.value = String(picked[a]);
    });
  }

  return function render(state, previous) {
    const view = state.latentView;
    if (!view || view === previous.latentView) return;
    shown = view;
    box.hidden = view.kind === "identity";
    note.textContent = decodeNote(view);
    const chooses = view.dims > 3;
    choice.hidden = axesGroup.hidden = !chooses;
    if (!chooses) return;
    choice.value = view.kind === "axes" ? "axes" : PCA;
    // The summary line may be cut short on a narrow bar; the share shown stays in sight beside the control.
    choice.options[0].text = view.kind === "pca" ? `principal axes: ${varianceShown(view)}% of the variance` : "principal axes";
    axesGroup.hidden = view.kind !== "axes";
    for (const input of axes) input.max = String(view.dims - 1);
    if (view.kind === "axes") showAxes(view.choice);
  };
}
