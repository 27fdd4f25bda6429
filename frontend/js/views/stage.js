// The page around the cloud: touch mode (its hints and the "Add this point" button), the
// presenter mode (full screen, the cloud large with the path's frame and the hover's decode
// beside it) and the shortcut switch.
import { fitInBox } from "../panels/image-fit.js";

export function createStageView({ addPoint, presenter, presenterHover, shortcuts, cloud }, { onAddPoint, onPresent, onShortcuts }) {
  fitInBox(presenterHover);
  addPoint.addEventListener("click", onAddPoint);
  shortcuts.addEventListener("change", () => onShortcuts(shortcuts.checked));
  presenter.addEventListener("click", () => {
    const presenting = !document.body.classList.contains("presenting");
    onPresent(presenting);
    // Space plays and pauses while presenting: the focused Present button would take it.
    if (presenting) cloud.focus({ preventScroll: true });
    // Full screen where the browser allows it; presenting works in the window too.
    if (presenting) document.documentElement.requestFullscreen?.().catch(() => {});
    else if (document.fullscreenElement) document.exitFullscreen().catch(() => {});
  });
  document.addEventListener("fullscreenchange", () => {
    if (!document.fullscreenElement && document.body.classList.contains("presenting")) onPresent(false);
  });

  return function render(state, previous) {
    document.body.classList.toggle("touch", state.inputMode === "touch");
    addPoint.hidden = !(state.inputMode === "touch" && (state.hovered !== null || state.cursor !== null));
    if (state.presenting !== previous.presenting) {
      document.body.classList.toggle("presenting", state.presenting);
      presenter.setAttribute("aria-pressed", String(state.presenting));
      presenter.textContent = state.presenting ? "Exit presenter" : "Present";
    }
    if (state.hoverInfo !== previous.hoverInfo) {
      if (state.hoverInfo) presenterHover.src = state.hoverInfo.image;
      else presenterHover.removeAttribute("src");
    }
    shortcuts.checked = state.shortcuts;
  };
}
