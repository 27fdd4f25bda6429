// Playback on the clock (pure): which step is due a given number of steps after a start, so
// a slow frame skips steps instead of slowing the path down.

/**
 * The step `elapsed` steps after `from` (moving by `direction`, +1 or -1) in a path of `count`
 * frames: looping round, or back and forth (`pingPong`), turning at each end without showing
 * it twice. Returns {index, direction}: where it is, and which way it moves next.
 */
export function stepAfter({ from, direction }, elapsed, count, pingPong) {
  if (count < 2) return { index: 0, direction };
  if (!pingPong) return { index: (from + elapsed) % count, direction: 1 };
  // Unfolded, back and forth is a loop of 2 (count - 1) places: up from 0 to the last frame, then down.
  const period = 2 * (count - 1);
  const start = direction > 0 ? from : period - from;
  const place = (start + elapsed) % period;
  return place < count - 1 ? { index: place, direction: 1 } : { index: period - place, direction: -1 };
}

/** Of the times (ms) `shownAt`, those within the second up to `now`. */
export const withinLastSecond = (shownAt, now) => shownAt.filter((time) => now - time < 1000);
