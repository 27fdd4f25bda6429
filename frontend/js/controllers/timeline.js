// The Training control: the timeline of the data set on screen, fetched the first time it is opened
// (most visits never need its megabytes) and kept per data set; the epoch shown, which glides to a
// chosen epoch and plays on the clock; and the strip, the hovered position (or, with nothing hovered,
// the focus) decoded by each kept decoder, asked again when the position changes, not the epoch.
// Closing returns to the final space; a data set without a timeline closes it.
import { decodeTimeline, fetchTimeline } from "../api.js";
import { datasetEntry, latentAt, latentOf } from "../selectors.js";
import { markAnswered, markFailed } from "./connection.js";
import { latestAnswers } from "./requests.js";

const GLIDE_MS = 350;          // a chosen epoch is reached in this long, the points moving all the way
const PLAY_SECONDS = 8;        // playing runs from the first epoch to the last in about this long,
const MOST_EPOCHS_A_SECOND = 4; // but no faster than this: the first epochs are the ones worth watching
const STRIP_INTERVAL_MS = 80;

export function createTimelineController(store) {
  const timelines = new Map(); // data-set id -> promise of its timeline, dropped if it fails
  let loading = null; // the data set whose timeline is on its way into the state
  let motion = null; // the animation frame moving the epoch
  const strip = latestAnswers(store, ({ dataset, latent }) => decodeTimeline(dataset, latent), {
    minInterval: STRIP_INTERVAL_MS,
    onAnswer: (images, { dataset, position }) => store.set({ timelineImages: { dataset, position, images } }),
  });

  async function load(entry) {
    loading = entry.id;
    if (!timelines.has(entry.id)) {
      timelines.set(entry.id, fetchTimeline(entry.id, entry.timeline).then((file) => ({ dataset: entry.id, ...file, first: entry.timeline.first_index })));
    }
    try {
      const timeline = await timelines.get(entry.id);
      markAnswered(store);
      const { dataset, epoch } = store.get();
      if (dataset === entry.id && epoch !== null) store.set({ timeline });
    } catch (error) {
      timelines.delete(entry.id);
      markFailed(store, error, { epoch: null, timelinePlaying: false });
    } finally {
      loading = null;
    }
  }

  function stop() {
    cancelAnimationFrame(motion);
    motion = null;
  }

  /** Move the shown epoch on the clock: `next(epoch, seconds since the last frame)` gives the next one, or null to stop there. */
  function move(next) {
    stop();
    let last = performance.now();
    const frame = (now) => {
      const { epoch } = store.get();
      if (epoch === null) return stop();
      const value = next(epoch, (now - last) / 1000);
      last = now;
      if (value === null) {
        motion = null;
        return;
      }
      store.set({ epoch: value });
      motion = requestAnimationFrame(frame);
    };
    motion = requestAnimationFrame(frame);
  }

  const lastEpoch = () => datasetEntry(store.get())?.timeline?.epochs ?? 0;

  function askStrip(state) {
    const position = state.hovered !== null ? latentOf(state, state.hovered) : state.cursor ?? state.camera?.target;
    if (!position || !state.limits) return;
    strip.ask({ dataset: state.dataset, position, latent: latentAt(state, position) });
  }

  store.subscribe((state, previous) => {
    if (state.epoch === null || !state.dataset) return;
    const entry = datasetEntry(state);
    if (!entry?.timeline) {
      stop();
      store.set({ epoch: null, timelinePlaying: false, timelineImages: null });
      return;
    }
    if (state.epoch > entry.timeline.epochs) {
      store.set({ epoch: entry.timeline.epochs }); // switched to a data set trained for fewer epochs
      return;
    }
    if (state.timeline?.dataset !== state.dataset && loading !== state.dataset) load(entry);
    const opened = previous.epoch === null || state.dataset !== previous.dataset;
    if (opened || state.hovered !== previous.hovered || state.cursor !== previous.cursor) askStrip(state);
  });

  /** Go to `epoch` (whole, clamped to the timeline's), gliding there from the epoch shown. */
  function setEpoch(epoch) {
    const { epoch: shown } = store.get();
    if (shown === null) return;
    const target = Math.min(lastEpoch(), Math.max(0, Math.round(epoch)));
    store.set({ timelinePlaying: false });
    if (shown === target) return stop();
    const rate = Math.max(1, Math.abs(target - shown)) / (GLIDE_MS / 1000); // epochs a second
    move((at, seconds) => {
      if (at === target) return null;
      const step = Math.sign(target - at) * rate * seconds;
      return Math.abs(target - at) <= Math.abs(step) ? target : at + step;
    });
  }

  return {
    /** Open the control at `epoch` (the last by default: the space as trained) or close it, back to the final space. */
    setOpen(open, epoch = lastEpoch()) {
      stop();
      if (!open) {
        strip.cancel();
        store.set({ epoch: null, timelinePlaying: false, timelineImages: null });
        return;
      }
      if (!datasetEntry(store.get())?.timeline) return;
      store.set({ epoch: Math.min(lastEpoch(), Math.max(0, Math.round(epoch))), timelinePlaying: false });
    },
    setEpoch,
    /** Play the epochs from the one shown (from the first, at the last) to the last, or pause on the nearest whole one. */
    togglePlay() {
      const { epoch, timelinePlaying } = store.get();
      if (epoch === null) return;
      if (timelinePlaying) {
        setEpoch(epoch);
        return;
      }
      const last = lastEpoch();
      const rate = Math.min(MOST_EPOCHS_A_SECOND, Math.max(1, last / PLAY_SECONDS));
      store.set({ timelinePlaying: true, epoch: epoch >= last ? 0 : epoch });
      move((at, seconds) => {
        if (at >= last) {
          store.set({ timelinePlaying: false });
          return null;
        }
        return Math.min(last, at + rate * seconds);
      });
    },
  };
}
