// The control-point list: numbered entries, each removable; "clear" and "closed loop".
import { el, formatPoint } from "./dom.js";

export function createControlPointsPanel({ list, clear, closed, hint }, { onRemove, onClear, onClosedChange }) {
  clear.addEventListener("click", onClear);
  closed.addEventListener("change", () => onClosedChange(closed.checked));
  list.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-index]");
    if (button) onRemove(Number(button.dataset.index));
  });

  return function render(state, previous) {
    if (state.closed !== previous.closed) closed.checked = state.closed;
    if (state.controlPoints === previous.controlPoints) return;
    list.replaceChildren(...state.controlPoints.map((point, index) => el("li", { dataset: { testid: "control-point" } },
      el("span", { className: "marker-number", textContent: String(index + 1) }),
      el("span", { className: "coords", textContent: formatPoint(point) }),
      el("button", { type: "button", className: "remove", textContent: "×", title: `Remove point ${index + 1}`,
                     ariaLabel: `Remove control point ${index + 1}`, dataset: { index: String(index) } }))));
    clear.disabled = state.controlPoints.length === 0;
    hint.textContent = state.controlPoints.length === 1
      ? "Add one more point to make a path."
      : state.controlPoints.length === 0
        ? "Click in the cloud to add points; with two or more, the path through them is decoded below."
        : "Drag the slider or press play to walk the path.";
  };
}
