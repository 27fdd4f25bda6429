// The notice: a note that is not an error, with an optional action (Undo), dismissible.
export function createNoticeBanner({ banner, text, action, close }, { onDismiss }) {
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
    run = state.notice.action?.run ?? null;
    action.hidden = !run;
    action.textContent = state.notice.action?.label ?? "";
  };
}
