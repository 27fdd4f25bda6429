// The error banner: one readable message at a time, dismissible; the page keeps working.
export function createErrorBanner({ banner, text, close }) {
  close.addEventListener("click", () => {
    banner.hidden = true;
  });
  return {
    show(message) {
      text.textContent = message;
      banner.hidden = false;
    },
    clear() {
      banner.hidden = true;
    },
  };
}
