// The notice: a note that is not an error, with an optional action (Undo) or a list of
// details, dismissible.
import { el } from "./dom.js";

export function createNoticeBanner({ banner, text, details, action, close }, { onDismiss }) {
  let run = null;
  action.addEventListener("click", () => {
    onDismiss();
    run?.();
  });
  close.addEventListener("click", onDismiss);
  return function render(state, previous) {
    if (state.notice === previous.notice) return;
    banner.hidden = state.notice === null;
    if (!state.notice) return;
    text.textContent = state.notice.text;
    const items = state.notice.details ?? [];
    details.hidden = items.length === 0;
    details.replaceChildren(...items.map((detail) => el("li", { textContent: detail })));
    run = state.notice.action?.run ?? null;
    action.hidden = !run;
    action.textContent = state.notice.action?.label ?? "";
  };
}
