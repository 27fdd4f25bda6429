// The legend: one button per class with its colour and count; clicking toggles highlighting. For a model of
// one class coloured by a latent dimension (colour-by.js), the ramp instead: the dimension's name, the
// colours and the values at their two ends.
import { el } from "./dom.js";
import { colouringChanged, pointColours } from "../colour-by.js";
import { RAMP } from "../palette.js";
import { classCounts, classNames, classPalette } from "../selectors.js";

const CLASS_HINT = "Click a class to highlight it; click more to add them.";
const RAMP_HINT = "From the dimension's 2nd to its 98th percentile over the points; points beyond take the end colours.";

/** A ramp's end value, short: three significant digits. */
const rampValue = (value) => String(Number(value.toPrecision(3)));

function rampItem({ dimension, low, high }) {
  const name = `latent dimension ${dimension}`;
  const [from, to] = [rampValue(low), rampValue(high)];
  // Set through the CSSOM, which the page's Content-Security-Policy allows (a style attribute it would not).
  const bar = el("span", { className: "ramp-bar", style: { backgroundImage: `linear-gradient(to right, ${RAMP.join(", ")})` } });
  return el("li", { className: "legend-ramp", ariaLabel: `colour by ${name}: from ${from} to ${to}`, dataset: { testid: "legend-ramp" } },
    el("span", { className: "class-name", textContent: name }),
    bar,
    el("span", { className: "ramp-ends", ariaHidden: "true" },
      el("span", { textContent: from, dataset: { testid: "ramp-low" } }),
      el("span", { textContent: to, dataset: { testid: "ramp-high" } })));
}

export function createLegend({ list, hint, showAll, unavailable }, { onHighlight }) {
  let lit = new Set(); // the highlighted classes shown
  showAll.addEventListener("click", () => {
    onHighlight([]);
    list.querySelector("[data-class]")?.focus(); // "Show all" hides itself: focus stays in the legend
  });
  list.addEventListener("click", (event) => {
    const item = event.target.closest("[data-class]");
    if (!item) return;
    const index = Number(item.dataset.class);
    const next = new Set(lit);
    if (next.has(index)) next.delete(index);
    else next.add(index);
    onHighlight([...next].sort((a, b) => a - b));
  });

  return function render(state, previous) {
    if (state.unavailable !== previous.unavailable) {
      unavailable.hidden = state.unavailable.length === 0;
      unavailable.textContent = state.unavailable.map((entry) => `${entry.title} is unavailable: ${entry.error}`).join(" ");
    }
    const counts = classCounts(state);
    if (classNames(state) !== classNames(previous) || counts !== classCounts(previous) || colouringChanged(state, previous)) {
      const ramp = pointColours(state);
      const colors = classPalette(state);
      hint.textContent = ramp ? RAMP_HINT : CLASS_HINT;
      list.replaceChildren(...(ramp ? [rampItem(ramp)] : classNames(state).map((name, index) => el("li", {},
        el("button", { type: "button", className: "legend-item", ariaLabel: `class ${name}: ${counts[index].toLocaleString("en")} images`,
                       dataset: { testid: "legend-item", class: String(index) } },
          el("span", { className: "swatch", style: { background: colors[index] } }),
          el("span", { className: "class-name", textContent: name }),
          el("span", { className: "class-count", textContent: counts[index].toLocaleString("en") }))))));
    }
    lit = new Set(state.highlighted);
    for (const item of list.querySelectorAll("[data-class]")) {
      const index = Number(item.dataset.class);
      item.setAttribute("aria-pressed", String(lit.has(index)));
      item.classList.toggle("dimmed", lit.size > 0 && !lit.has(index));
    }
    showAll.hidden = lit.size === 0;
  };
}
