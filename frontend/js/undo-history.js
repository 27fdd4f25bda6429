// Undo and redo over snapshots: `past` (oldest first) and `future` (the next redo first). Pure:
// each function returns a new history and leaves the one it is given as it was.

export const emptyHistory = Object.freeze({ past: [], future: [] });

/** `history` with `snapshot` (what was there before a change) recorded, at most `limit` kept; a new change drops the redos. */
export function recorded(history, snapshot, limit) {
  return { past: [...history.past, snapshot].slice(-limit), future: [] };
}

/** One step back from `current`: {snapshot: what to restore, history}, or null with nothing to undo. */
export function undone(history, current) {
  if (history.past.length === 0) return null;
  return { snapshot: history.past[history.past.length - 1],
           history: { past: history.past.slice(0, -1), future: [current, ...history.future] } };
}

/** One step forward from `current`: {snapshot: what to restore, history}, or null with nothing to redo. */
export function redone(history, current) {
  if (history.future.length === 0) return null;
  return { snapshot: history.future[0], history: { past: [...history.past, current], future: history.future.slice(1) } };
}
