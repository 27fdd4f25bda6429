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

/**
 * One "#RRGGBB" per class: the palette above, then (for data sets with more classes) hues
 * spaced by the golden angle, so no two classes share a colour.
 */
export function classColors(count) {
  return Array.from({ length: count }, (_, index) => CLASS_COLORS[index] ?? extraColor(index - CLASS_COLORS.length));
}

function extraColor(index) {
  // HSL(hue, 85%, 68%) to RGB; hues a golden angle apart never repeat.
  const hue = (index * 137.508) % 360;
  const lightness = 0.68;
  const chroma = 0.85 * Math.min(lightness, 1 - lightness);
  const channel = (n) => {
    const k = (n + hue / 30) % 12;
    return lightness - chroma * Math.max(-1, Math.min(k - 3, 9 - k, 1));
  };
  return `#${[0, 8, 4].map((n) => Math.round(channel(n) * 255).toString(16).padStart(2, "0")).join("")}`;
}
