// The latent space through training, as numbers: which two recorded epochs a shown epoch lies
// between, the test points' positions there (what the GPU draws, computed on the CPU for picking),
// and the loss chart's rows and scales. Pure.

/** Of a shown `epoch` (0 to `last`, fractional between two recorded ones): {from, to, t}, drawn as mix(from, to, t). */
export function epochPair(epoch, last) {
  const clamped = Math.min(last, Math.max(0, epoch));
  const from = Math.min(Math.floor(clamped), Math.max(0, last - 1));
  return { from, to: Math.min(from + 1, last), t: last === 0 ? 0 : clamped - from };
}

/**
 * The `count` points' positions at `epoch`: Float32Array(3·count), linearly between the two recorded epochs around it,
 * written into `into` where it is given. `positions`: Float32Array((epochs + 1)·count·3), epoch by epoch.
 */
export function positionsAt(positions, count, epoch, into = new Float32Array(3 * count)) {
  const last = positions.length / (3 * count) - 1;
  const { from, to, t } = epochPair(epoch, last);
  const a = from * 3 * count;
  const b = to * 3 * count;
  for (let i = 0; i < 3 * count; i++) into[i] = positions[a + i] + (positions[b + i] - positions[a + i]) * t;
  return into;
}

/** What the chart draws: the test loss, its two terms (nats per image) and the 5-NN accuracy (a share). */
export const CHART_SERIES = [
  { key: "test_loss", name: "test loss", axis: "loss" },
  { key: "test_reconstruction", name: "reconstruction", axis: "loss" },
  { key: "test_kl", name: "KL", axis: "loss" },
  { key: "test_knn5", name: "5-NN accuracy", axis: "share" },
];

/**
 * The chart's rows, one per epoch from 0: {epoch, test_loss, test_reconstruction, test_kl, test_knn5}, a figure the
 * listing lacks as null. `timeline`: the listing's (epoch_0, and history of epochs 1 on).
 */
export function chartRows(timeline) {
  const row = (epoch, figures) => ({ epoch, ...Object.fromEntries(CHART_SERIES.map(({ key }) => [key, figures?.[key] ?? null])) });
  const byEpoch = new Map((timeline.history ?? []).map((entry) => [entry.epoch, entry]));
  return Array.from({ length: timeline.epochs + 1 }, (_, epoch) => row(epoch, epoch === 0 ? timeline.epoch_0 : byEpoch.get(epoch)));
}

/**
 * The chart's scales over a `width` × `height` box inside `margin` pixels: {x(epoch), epochAt(x) (the nearest epoch),
 * loss(value), share(value), lossRange: [low, high]}. Losses share one axis from the lowest to the highest figure shown
 * (the untrained epoch 0 is far above the rest, so it is left out of the range when later epochs have figures:
 * its line is cut at the top); a share runs from 0 to 1.
 */
export function chartScales(rows, width, height, margin = 4) {
  const last = Math.max(1, rows.length - 1);
  const losses = (from) => rows.slice(from).flatMap((row) => CHART_SERIES.filter(({ axis }) => axis === "loss")
    .map(({ key }) => row[key])).filter((value) => value !== null);
  const shown = losses(1).length ? losses(1) : losses(0);
  let [low, high] = shown.length ? [Math.min(...shown), Math.max(...shown)] : [0, 1];
  if (high === low) [low, high] = [low - 1, high + 1];
  const top = margin;
  const bottom = height - margin;
  const x = (epoch) => margin + (epoch / last) * (width - 2 * margin);
  return {
    x,
    epochAt: (px) => Math.round(Math.min(last, Math.max(0, ((px - margin) / (width - 2 * margin)) * last))),
    loss: (value) => Math.max(top, Math.min(bottom, bottom - ((value - low) / (high - low)) * (bottom - top))),
    share: (value) => bottom - Math.min(1, Math.max(0, value)) * (bottom - top),
    lossRange: [low, high],
  };
}

/** The SVG path ("M x y L x y ...") of series `key` over `rows`, broken where a figure is missing; "" if none. */
export function seriesPath(rows, key, scales, axis) {
  let path = "";
  let drawing = false;
  for (const row of rows) {
    if (row[key] === null) {
      drawing = false;
      continue;
    }
    path += `${drawing ? "L" : "M"}${scales.x(row.epoch).toFixed(1)} ${scales[axis](row[key]).toFixed(1)} `;
    drawing = true;
  }
  return path.trim();
}
