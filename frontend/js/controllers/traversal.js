// Control points (add, move, reorder, type, undo/redo), the traversal through them (built
// by the server) and its playback. The page checks what it can before asking the server,
// and says it in its own words: point numbers count from 1, as the list does. Control points
// are view positions; the server's spline runs through the latents they stand for, and its
// path comes back as the view shows it.
import { fetchTraversal } from "../api.js";
import { projectPoint, unprojectToPlane } from "../camera.js";
import { fromLatent } from "../latent-view.js";
import { formatPoint } from "../panels/dom.js";
import { stepAfter, withinLastSecond } from "../playback.js";
import { samePoint } from "../positions.js";
import { latentAt, latentOf, viewProjection } from "../selectors.js";
import { pickAt, spaceAt } from "../targets.js";
import { emptyHistory, recorded, redone, undone } from "../undo-history.js";
import { markFailed } from "./connection.js";
import { latestAnswers } from "./requests.js";

const HISTORY_LIMIT = 100;
const MARKER_RADIUS_PX = 12;   // a press this close to a marker grabs it

/** What undo and redo restore. */
const pathOf = ({ controlPoints, closed }) => ({ controlPoints, closed });
/** Steps between the first and the last frame: a loop's last frame is one step short of the start. */
const span = (frames, closed) => Math.max(1, closed ? frames : frames - 1);

/** The first pair of consecutive control points at one place, as 1-based numbers, or null. */
export function repeatedNeighbours(controlPoints, closed) {
  const count = controlPoints.length;
  const pairs = closed && count > 2 ? count : count - 1;
  for (let i = 0; i < pairs; i++) {
    if (samePoint(controlPoints[i], controlPoints[(i + 1) % count])) return [i + 1, ((i + 1) % count) + 1];
  }
  return null;
}

export function createTraversalController(store, { notify }) {
  let playFrame = null; // the animation frame that shows the step then due
  let clock = null;     // while playing: {startedAt (ms), from, direction, index, fps, images, pingPong, playingSince, shownAt: [ms]}
  let direction = 1;    // ping-pong playback's current direction
  let dragging = null; // {index, through: the point's position when grabbed, before: the path when grabbed}
  let placeNext = null; // the step the next built path opens at (a link's), instead of keeping the place
  const requests = latestAnswers(store, ({ dataset, latents, steps, closed }) => fetchTraversal(dataset, latents, steps, closed), {
    minInterval: 50,
    onAnswer({ path: latentPath, images }, { closed, latentView }) {
      const path = latentPath.map((latent) => fromLatent(latentView, latent));
      const old = store.get().traversal;
      // Keep the place along the path, not the step number, when the number of steps changes.
      const index = placeNext ?? (old ? Math.round((old.index / span(old.images.length, old.closed)) * span(images.length, closed)) : 0);
      placeNext = null;
      store.set({ traversal: { path, images, index: Math.min(index, images.length - 1), closed, stale: false } });
    },
    onError(error) {
      // The server away: keep the path, marked out of date, to rebuild when it answers. A refusal: drop it.
      const { traversal } = store.get();
      markFailed(store, error, error.status === null
        ? { traversal: traversal && { ...traversal, stale: true } }
        : { traversal: null, playing: false });
    },
  });

  function rebuild() {
    const state = store.get();
    const { dataset, controlPoints, steps, closed, latentView } = state;
    if (controlPoints.length < 2) {
      requests.cancel();
      store.set({ traversal: null, playing: false });
      return;
    }
    requests.ask({ dataset, latents: controlPoints.map((point) => latentAt(state, point)), steps, closed, latentView });
  }

  /** Undo or redo: `step` is `undone` or `redone`. */
  function travel(step) {
    const state = store.get();
    const moved = step(state.history, pathOf(state));
    if (!moved) return;
    store.set({ ...moved.snapshot, history: moved.history });
    rebuild();
  }

  /** Apply a change of control points / closed, refusing one that puts a point on its neighbour. */
  function commit(change, { record = true } = {}) {
    const state = store.get();
    const next = { controlPoints: state.controlPoints, closed: state.closed, ...change };
    const repeated = repeatedNeighbours(next.controlPoints, next.closed);
    if (repeated) {
      notify(`Points ${repeated[0]} and ${repeated[1]} would be at the same place ${formatPoint(next.controlPoints[repeated[0] - 1])}; `
        + "a path needs each point to differ from the next, so nothing changed.");
      return false;
    }
    store.set({ ...next, history: record ? recorded(state.history, pathOf(state), HISTORY_LIMIT) : state.history });
    rebuild();
    return true;
  }

  function addPoint(point) {
    const { controlPoints } = store.get();
    const last = controlPoints[controlPoints.length - 1];
    if (last && samePoint(last, point)) {
      notify(`That is already point ${controlPoints.length}; click somewhere else to add the next point.`);
      return false;
    }
    return commit({ controlPoints: [...controlPoints, point] });
  }

  function setClosed(closed) {
    const { controlPoints } = store.get();
    const first = controlPoints[0];
    const last = controlPoints[controlPoints.length - 1];
    if (closed && controlPoints.length > 2 && samePoint(first, last)) {
      // A, B, A then "closed": the user meant the loop A, B.
      notify(`Point ${controlPoints.length} was at the same place as point 1, so the loop closes there.`);
      return commit({ controlPoints: controlPoints.slice(0, -1), closed: true });
    }
    return commit({ closed });
  }

  /** Index of the control-point marker drawn at canvas (x, y), or null. */
  function markerAt(x, y) {
    const state = store.get();
    if (!state.camera) return null;
    const matrix = viewProjection(state);
    let best = null;
    state.controlPoints.forEach((point, index) => {
      const at = projectPoint(matrix, point, state.viewport.width, state.viewport.height);
      const distance = at ? Math.hypot(at.x - x, at.y - y) : Infinity;
      if (distance <= MARKER_RADIUS_PX && (best === null || distance < best.distance)) best = { index, distance };
    });
    return best?.index ?? null;
  }

  function setIndex(index) {
    const { traversal } = store.get();
    if (!traversal) return;
    store.set({ traversal: { ...traversal, index: Math.max(0, Math.min(traversal.images.length - 1, index)) } });
  }

  /** The clock from `now` on, at the state's step, path and speed; `since` says when playing began. */
  const clockFrom = ({ traversal, playFps, pingPong }, now, since = { playingSince: now, shownAt: [] }) => ({
    startedAt: now, from: traversal.index, direction, index: traversal.index, fps: playFps, images: traversal.images, pingPong,
    playingSince: since.playingSince, shownAt: since.shownAt,
  });

  /**
   * One animation frame of playback: show the step the clock says is due, skipping those a slow
   * frame missed, and count the frames shown over the last second (`shownFps`).
   */
  function play() {
    const state = store.get();
    const { traversal, playFps, pingPong } = state;
    if (!traversal) return store.set({ playing: false });
    playFrame = requestAnimationFrame(play);
    const now = performance.now();
    if (traversal.index !== clock.index || traversal.images !== clock.images || playFps !== clock.fps || pingPong !== clock.pingPong) {
      // The step, the path or the speed changed under it (the slider, a rebuild): go on from there.
      clock = clockFrom(state, now, clock);
      return;
    }
    const due = stepAfter(clock, Math.floor(((now - clock.startedAt) * playFps) / 1000), traversal.images.length, pingPong);
    clock.shownAt = withinLastSecond(clock.shownAt, now);
    if (due.index !== traversal.index) clock.shownAt.push(now);
    // Over the first second there is no full second to count yet.
    const shownFps = now - clock.playingSince >= 1000 ? clock.shownAt.length : null;
    if (due.index === traversal.index && shownFps === state.shownFps) return;
    direction = due.direction;
    clock.index = due.index;
    store.set({ traversal: { ...traversal, index: due.index }, shownFps });
  }

  store.subscribe((state, previous) => {
    if (state.playing && !previous.playing && state.traversal) {
      clock = clockFrom(state, performance.now()); // from the press, not from the first frame after it
      playFrame = requestAnimationFrame(play);
    }
    if (!state.playing && previous.playing) {
      cancelAnimationFrame(playFrame);
      clock = null;
      store.set({ shownFps: null });
    }
    if (previous.serverAway && !state.serverAway && state.controlPoints.length >= 2) rebuild();
  });

  const clampToLimits = (point) => point.map((value) => Math.max(-store.get().limits.coordinate, Math.min(store.get().limits.coordinate, value)));

  return {
    /** A click at canvas (x, y): the first marker closes the loop, anything else adds the point under it. */
    clickAt(x, y) {
      const state = store.get();
      if (!state.points || !state.camera) return false;
      if (state.controlPoints.length >= 2 && markerAt(x, y) === 0) {
        if (state.closed) notify("The loop is already closed.");
        else setClosed(true);
        return false;
      }
      const index = pickAt(state, x, y);
      return addPoint(index !== null ? latentOf(state, index) : spaceAt(state, x, y));
    },
    /** Add what is in focus: the hovered data point, else the position under the cursor, else the centre of the view. */
    addFocused() {
      const state = store.get();
      if (!state.points || !state.camera) return false;
      const point = state.hovered !== null ? latentOf(state, state.hovered) : state.cursor ?? clampToLimits(state.camera.target);
      return addPoint([...point]);
    },
    /** Add `point` (a grid cell, an encoded drawing) as the next control point, within the server's limits. */
    add: (point) => addPoint(clampToLimits(point)),
    /** Start dragging the marker at (x, y); returns whether one was grabbed. */
    grab(x, y) {
      const index = markerAt(x, y);
      if (index === null) return false;
      const state = store.get();
      dragging = { index, through: state.controlPoints[index], before: pathOf(state) };
      return true;
    },
    dragTo(x, y) {
      if (!dragging) return;
      const state = store.get();
      const moved = clampToLimits(unprojectToPlane(state.camera, x, y, state.viewport.width, state.viewport.height, dragging.through));
      const controlPoints = state.controlPoints.map((point, i) => (i === dragging.index ? moved : point));
      if (!repeatedNeighbours(controlPoints, state.closed)) commit({ controlPoints }, { record: false });
    },
    release() {
      if (!dragging) return;
      const { before } = dragging;
      dragging = null;
      const state = store.get();
      if (state.controlPoints !== before.controlPoints) {
        store.set({ history: recorded(state.history, before, HISTORY_LIMIT) });
      }
    },
    moveTo: (index, point) => commit({ controlPoints: store.get().controlPoints.map((p, i) => (i === index ? clampToLimits(point) : p)) }),
    /** Move point `index` one place earlier (-1) or later (+1) in the order. */
    reorder(index, step) {
      const controlPoints = [...store.get().controlPoints];
      const other = index + step;
      if (other < 0 || other >= controlPoints.length) return false;
      [controlPoints[index], controlPoints[other]] = [controlPoints[other], controlPoints[index]];
      return commit({ controlPoints });
    },
    remove: (index) => commit({ controlPoints: store.get().controlPoints.filter((_, i) => i !== index) }),
    clear: () => commit({ controlPoints: [] }),
    /** Replace the control points without history (a link, Back, or undoing a data-set switch), opening at `step`. */
    replace(controlPoints, closed, step = 0) {
      placeNext = controlPoints.length >= 2 ? step : null;
      store.set({ controlPoints, closed, traversal: null, history: emptyHistory });
      rebuild();
    },
    undo: () => travel(undone),
    redo: () => travel(redone),
    setClosed,
    setSteps(steps) {
      if (steps === null || steps === store.get().steps) return;
      store.set({ steps });
      rebuild();
    },
    setIndex,
    togglePlay() {
      if (store.get().traversal) store.set({ playing: !store.get().playing });
    },
    markerAt,
    cancel: () => requests.cancel(),
  };
}
