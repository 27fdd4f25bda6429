// The server's reachability: when a request finds it away, the page keeps what it shows
// (marked out of date) and asks again every second; the first answer clears the message,
// and the controllers rebuild what they had to leave at once (they watch `serverAway`).
import { fetchDatasets } from "../api.js";

// A growing back-off (up to 15 s) left a restarted server unnoticed for seconds; one small GET
// a second costs the server nothing, and notices it back within a second of its first answer.
const RETRY_MS = [500, 1000];

/** Call when a request failed: a failure to reach the server marks it away (and starts asking again). */
export function markFailed(store, error, patch = {}) {
  store.set({ ...patch, error: error.message, serverAway: store.get().serverAway || error.status === null });
}

/** Call after any answer from the server: it is back. */
export function markAnswered(store) {
  if (store.get().serverAway) store.set({ serverAway: false, error: null });
}

export function watchConnection(store) {
  let timer = null;
  let attempt = 0;

  async function probe() {
    timer = null;
    try {
      await fetchDatasets();
      markAnswered(store);
    } catch {
      if (store.get().serverAway) schedule();
    }
  }

  function schedule() {
    timer = setTimeout(probe, RETRY_MS[Math.min(attempt, RETRY_MS.length - 1)]);
    attempt += 1;
  }

  store.subscribe((state, previous) => {
    if (state.serverAway && !previous.serverAway && timer === null) {
      attempt = 0;
      schedule();
    }
    if (!state.serverAway && timer !== null) {
      clearTimeout(timer);
      timer = null;
    }
  });
}
