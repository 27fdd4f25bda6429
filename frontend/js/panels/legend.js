// The legend: one button per class with its colour and count; clicking toggles highlighting.
import { el } from "./dom.js";
import { classCounts, classNames, classPalette } from "../selectors.js";

export function createLegend({ list, showAll, unavailable }, { onHighlight }) {
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
    if (classNames(state) !== classNames(previous) || counts !== classCounts(previous)) {
      const colors = classPalette(state);
      list.replaceChildren(...classNames(state).map((name, index) => el("li", {},
        el("button", { type: "button", className: "legend-item", ariaLabel: `class ${name}: ${counts[index].toLocaleString("en")} images`,
                       dataset: { testid: "legend-item", class: String(index) } },
          el("span", { className: "swatch", style: { background: colors[index] } }),
          el("span", { className: "class-name", textContent: name }),
          el("span", { className: "class-count", textContent: counts[index].toLocaleString("en") })))));
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
