// The control-point list: numbered entries with exact coordinates to type (a value outside the
// server's range is clamped, and the entry says so), buttons to move each earlier or later and
// to remove it; undo, redo, "clear", "closed loop", and the points copied as JSON. Focus stays
// where the user was when the list is rebuilt.
import { clampNote, copyJson, el } from "./dom.js";

const AXES = ["x", "y", "z"];

export function createControlPointsPanel({ list, clear, undo, redo, closed, copy, hint, fallbackFocus },
                                         { onRemove, onClear, onClosedChange, onMove, onReorder, onUndo, onRedo }) {
  let focusAfterRender = null; // [data-focus] of the element to focus once the list is rebuilt
  let shownPoints = [];        // the points the list shows, at full precision
  let limit = Infinity;        // the server's coordinate range, ±limit
  let clampedNote = null;      // {index, text}: what clamping a typed coordinate did, said in that entry once rebuilt

  clear.addEventListener("click", () => {
    onClear();
    fallbackFocus.focus(); // the list and this button are gone: focus where points are added
  });
  copy.addEventListener("click", () => copyJson(copy, shownPoints, `${shownPoints.length} control points`));
  undo.addEventListener("click", onUndo);
  redo.addEventListener("click", onRedo);
  closed.addEventListener("change", () => onClosedChange(closed.checked));
  list.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-action]");
    if (!button) return;
    const index = Number(button.dataset.index);
    if (button.dataset.action === "remove") {
      const remaining = list.children.length - 1;
      focusAfterRender = remaining > 0 ? `remove-${Math.min(index, remaining - 1)}` : null;
      onRemove(index);
      if (remaining === 0) fallbackFocus.focus();
    } else {
      const step = button.dataset.action === "earlier" ? -1 : 1;
      focusAfterRender = `${button.dataset.action}-${index + step}`;
      onReorder(index, step);
    }
  });
  list.addEventListener("change", (event) => {
    const input = event.target.closest("input[data-axis]");
    if (!input) return;
    const index = Number(input.dataset.index);
    // Only the typed axis changes: the others keep their full precision, not the field's two decimals.
    const typed = Number(input.value);
    const used = Math.max(-limit, Math.min(limit, typed));
    const point = shownPoints[index].map((value, axis) => (AXES[axis] === input.dataset.axis ? used : value));
    focusAfterRender = input.dataset.focus;
    clampedNote = used === typed ? null : { index, text: `${input.dataset.axis} ${clampNote(input.value.trim(), used, [-limit, limit])}` };
    if (input.value.trim() === "" || !point.every(Number.isFinite) || !onMove(index, point)) {
      clampedNote = null;
      input.value = input.defaultValue; // refused: the field shows the point's place again
    }
  });

  return function render(state, previous) {
    if (state.limits !== previous.limits && state.limits) limit = state.limits.coordinate;
    if (state.closed !== previous.closed) closed.checked = state.closed;
    if (state.history !== previous.history) {
      undo.disabled = state.history.past.length === 0;
      redo.disabled = state.history.future.length === 0;
    }
    if (state.controlPoints === previous.controlPoints) return;
    shownPoints = state.controlPoints;
    const count = state.controlPoints.length;
    list.replaceChildren(...state.controlPoints.map((point, index) => el("li", { dataset: { testid: "control-point" } },
      el("span", { className: "marker-number", textContent: String(index + 1), ariaHidden: "true" }),
      el("span", { className: "coords" }, ...AXES.map((axis, a) => el("input", {
        type: "number", step: "0.01", min: String(-limit), max: String(limit), value: point[a].toFixed(2), defaultValue: point[a].toFixed(2),
        ariaLabel: `Point ${index + 1} ${axis}`, dataset: { index: String(index), axis, focus: `${axis}-${index}` },
      }))),
      button("earlier", index, "↑", `Move point ${index + 1} earlier`, index === 0),
      button("later", index, "↓", `Move point ${index + 1} later`, index === count - 1),
      button("remove", index, "×", `Remove control point ${index + 1}`, false),
      ...(clampedNote?.index === index ? [el("span", { className: "field-note", role: "status", textContent: clampedNote.text })] : []))));
    clampedNote = null;
    clear.disabled = copy.disabled = count === 0;
    hint.textContent = count === 1
      ? "Add one more point to make a path."
      : count === 0
        ? "Click in the cloud to add points; with two or more, the path through them is decoded below."
        : "Drag the slider or press play to walk the path; drag a marker to move it, click point 1 to close the loop.";
    if (focusAfterRender) list.querySelector(`[data-focus="${focusAfterRender}"]`)?.focus();
    focusAfterRender = null;
  };
}

function button(action, index, text, label, disabled) {
  return el("button", { type: "button", className: "point-button", textContent: text, title: label, ariaLabel: label, disabled,
                        dataset: { action, index: String(index), focus: `${action}-${index}` } });
}
