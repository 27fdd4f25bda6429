// Keys for a presenter at a keyboard: arrows turn, +/- zoom, R resets, space plays.
const KEY_TURN_PX = 24; // an arrow key turns the view as a drag this long would

export function attachKeyboard(store, { view, traversal }) {
  const keyActions = {
    ArrowLeft: () => view.orbit(-KEY_TURN_PX, 0),
    ArrowRight: () => view.orbit(KEY_TURN_PX, 0),
    ArrowUp: () => view.orbit(0, -KEY_TURN_PX),
    ArrowDown: () => view.orbit(0, KEY_TURN_PX),
    "+": () => view.zoom(1 / 1.15),
    "=": () => view.zoom(1 / 1.15),
    "-": () => view.zoom(1.15),
    r: view.reset,
    R: view.reset,
    " ": traversal.togglePlay,
  };
  window.addEventListener("keydown", (event) => {
    const action = keyActions[event.key];
    if (!action || !store.get().camera || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.target.closest?.("input, select, textarea, button")) return;
    event.preventDefault();
    action();
  });
}
