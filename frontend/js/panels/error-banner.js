// The error banner: the state's one readable message, dismissible; the page keeps working.
export function createErrorBanner({ banner, text, close }, { onDismiss }) {
  close.addEventListener("click", onDismiss);
  return function render(state, previous) {
    if (state.error === previous.error) return;
    banner.hidden = state.error === null;
    if (state.error !== null) text.textContent = state.error;
  };
}
