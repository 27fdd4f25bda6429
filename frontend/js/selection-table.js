// The selection as a table that leaves the page: one row per selected point with its index, class (number and
// name), split and all d numbers of its latent, written as CSV or JSON. Pure: arrays in, text out.

/** A float32's digits: nine significant ones read back as the same float32, so no precision is lost. */
const float32Text = (value) => Number(value.toPrecision(9));

/**
 * Rows for the selected `indices` of a data set: `labels` (Uint8Array), `classes` (names), `latents` (Float32Array(N·d)),
 * `dims` (d), `trainCount` (the first train_count points are the training split). [{index, label, class, split, latent}].
 */
export function selectionRows(indices, { labels, classes, latents, dims, trainCount }) {
  return indices.map((index) => ({
    index, label: labels[index], class: classes[labels[index]] ?? String(labels[index]),
    split: index < trainCount ? "train" : "test",
    latent: Array.from(latents.subarray(index * dims, (index + 1) * dims), float32Text),
  }));
}

/** A CSV field: quoted when it holds a comma, a quote or a line break (a class name might). */
const field = (text) => (/[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text);

/** The rows as CSV with a header: index, label, class, split, z1 ... zd. */
export function selectionCsv(rows, dims) {
  const header = ["index", "label", "class", "split", ...Array.from({ length: dims }, (_, axis) => `z${axis + 1}`)];
  const lines = rows.map((row) => [row.index, row.label, field(row.class), row.split, ...row.latent].join(","));
  return `${[header.join(","), ...lines].join("\n")}\n`;
}

/** The rows as JSON: {dataset, dims, count, points: rows}. */
export function selectionJson(rows, { dataset, dims }) {
  return JSON.stringify({ dataset, dims, count: rows.length, points: rows });
}
