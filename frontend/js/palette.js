// Class colours: the Okabe-Ito palette (Okabe & Ito 2008, "Color Universal Design"),
// chosen to stay distinguishable with the common colour-vision deficiencies. Its black is
// swapped for a light grey to read on the dark background, its blue lifted a little for
// the same reason, and two colours added to reach ten classes (a warm tan and a soft
// violet, far in lightness from their neighbours).
export const CLASS_COLORS = [
  "#E69F00", // orange
  "#56B4E9", // sky blue
  "#009E73", // bluish green
  "#F0E442", // yellow
  "#2F86D6", // blue
  "#D55E00", // vermillion
  "#CC79A7", // reddish purple
  "#DDDDDD", // light grey
  "#A6865A", // tan
  "#9D8CF0", // violet
];

export const BACKGROUND = "#10141c";

/** "#RRGGBB" -> [r, g, b] in [0, 1]. */
export function hexToRgb(hex) {
  const value = parseInt(hex.slice(1), 16);
  return [(value >> 16) & 255, (value >> 8) & 255, value & 255].map((channel) => channel / 255);
}

export function classColor(index) {
  return CLASS_COLORS[index % CLASS_COLORS.length];
}
