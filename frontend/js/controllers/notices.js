// Notes that are not errors ("the path was cleared", "that point is already there"), each
// with an optional action such as Undo; one at a time, gone after a while.
const NOTICE_MS = 10000;

export function createNotices(store) {
  let timer = null;
  return {
    /** Show `text`; `action` {label, run} adds a button. */
    notify(text, action = null) {
      clearTimeout(timer);
      store.set({ notice: { text, action } });
      timer = setTimeout(() => store.set({ notice: null }), NOTICE_MS);
    },
    dismiss() {
      clearTimeout(timer);
      store.set({ notice: null });
    },
  };
}
