// Keys. On the focused cloud: arrows turn, Shift+arrows pan, +/- zoom, R resets, Enter adds
// the position in focus, Space plays, S turns selection mode on and off; Escape leaves it. Elsewhere the same keys work only where the focused
// widget has no use for them (a button is not a text field), unless single-key shortcuts
// are switched off (WCAG 2.1.4); Ctrl/Cmd+Z and Ctrl/Cmd+Shift+Z undo and redo point edits.
const KEY_TURN_PX = 24; // an arrow key turns the view as a drag this long would
const KEY_PAN_PX = 24;
const ARROWS = ["ArrowLeft", "ArrowRight", "ArrowUp", "ArrowDown"];

/** Keys the focused element uses itself, which shortcuts must leave to it. */
function ownKeys(element) {
  // data-keys="own": a widget of the page's own that handles its keys (the grid's mosaic, the drawing pad).
  if (element.isContentEditable || element.matches("[data-keys=own], textarea, select, input:not([type]), input[type=text], input[type=number], input[type=search], input[type=url]")) return "all";
  if (element.matches("input[type=range]")) return new Set([...ARROWS, "Home", "End", "PageUp", "PageDown"]);
  if (element.matches("[role=option]")) return new Set([...ARROWS, "Home", "End", " ", "Enter"]);
  if (element.matches("button, input[type=checkbox], summary, a[href]")) return new Set([" ", "Enter"]);
  return new Set();
}

export function attachKeyboard(store, { canvas, view, traversal, hover, selection }) {
  // After a view key on the focused cloud, show what is now at its centre.
  const thenInspect = (action) => () => {
    action();
    if (document.activeElement === canvas) hover.inspectCentre();
  };
  const viewKeys = {
    ArrowLeft: thenInspect(() => view.orbit(-KEY_TURN_PX, 0)),
    ArrowRight: thenInspect(() => view.orbit(KEY_TURN_PX, 0)),
    ArrowUp: thenInspect(() => view.orbit(0, -KEY_TURN_PX)),
    ArrowDown: thenInspect(() => view.orbit(0, KEY_TURN_PX)),
    "+": thenInspect(() => view.zoom(1 / 1.15)),
    "=": thenInspect(() => view.zoom(1 / 1.15)),
    "-": thenInspect(() => view.zoom(1.15)),
    r: thenInspect(view.reset),
    R: thenInspect(view.reset),
    " ": traversal.togglePlay,
    s: () => selection.toggleMode(),
    S: () => selection.toggleMode(),
  };
  const panKeys = {
    ArrowLeft: thenInspect(() => view.pan(KEY_PAN_PX, 0)),
    ArrowRight: thenInspect(() => view.pan(-KEY_PAN_PX, 0)),
    ArrowUp: thenInspect(() => view.pan(0, KEY_PAN_PX)),
    ArrowDown: thenInspect(() => view.pan(0, -KEY_PAN_PX)),
  };

  window.addEventListener("keydown", (event) => {
    const target = event.target instanceof Element ? event.target : document.body;
    const own = ownKeys(target);
    if ((event.ctrlKey || event.metaKey) && !event.altKey && ["z", "Z", "y"].includes(event.key)) {
      if (own === "all") return; // a text field's own undo
      event.preventDefault();
      if (event.key === "y" || event.shiftKey) traversal.redo();
      else traversal.undo();
      return;
    }
    if (event.ctrlKey || event.metaKey || event.altKey || !store.get().camera) return;
    if (own === "all" || own.has(event.key)) return;
    // Not a single-character key (WCAG 2.1.4 leaves it be): Escape leaves selection mode even with shortcuts off.
    if (event.key === "Escape" && store.get().selecting) {
      event.preventDefault();
      selection.setMode(false);
      return;
    }
    const onCloud = target === canvas;
    if (!onCloud && !store.get().shortcuts) return;
    const action = onCloud && event.key === "Enter" ? traversal.addFocused : (event.shiftKey && panKeys[event.key]) || viewKeys[event.key];
    if (!action) return;
    event.preventDefault();
    action();
  });

  // Tabbing to the cloud shows what is at its centre, so the keyboard has a position to add.
  canvas.addEventListener("focus", () => {
    if (canvas.matches(":focus-visible")) hover.inspectCentre();
  });
}
