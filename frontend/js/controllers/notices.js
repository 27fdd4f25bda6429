// Notes that are not errors ("the path was cleared", "that point is already there"), each
// with an optional action such as Undo or a short list of details; one at a time, gone after
// a while (longer for each detail to read).
const NOTICE_MS = 10000;
const DETAIL_MS = 5000;

export function createNotices(store) {
  let timer = null;
  return {
    /** Show `text`; `action` {label, run} adds a button, `details` [sentence] a list under it. */
    notify(text, action = null, details = []) {
      clearTimeout(timer);
      store.set({ notice: { text, action, details } });
      timer = setTimeout(() => store.set({ notice: null }), NOTICE_MS + details.length * DETAIL_MS);
    },
    dismiss() {
      clearTimeout(timer);
      store.set({ notice: null });
    },
  };
}
