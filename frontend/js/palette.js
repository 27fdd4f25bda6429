// Class colours: Paul Tol's "bright" scheme (https://personal.sron.nl/~pault/, less its grey)
// and four colours found by a script search of the sRGB grid in steps of 0x11 (teal,
// near-white, peach, violet): each at least 3:1 against BACKGROUND (WCAG non-text contrast),
// every pair at least 12 CIEDE2000 apart in normal vision and under simulated deuteranopia and
// protanopia (Machado 2009); among those, the search kept the four that differ most in hue from
// the rest in normal vision (CIEDE2000 with lightness weighted half).
// The order gives the most distant colours to classes whose clouds overlap (MNIST 4/9, 7/9, 1/7,
// 3/5/8; Fashion-MNIST's tops 0/2/4/6 and shoes 5/7/9): those pairs stay at least 24 apart
// under all three. tests/test_palette.py checks the contrast and ΔE2000 >= 10 on this list.
export const CLASS_COLORS = [
  "#66CCEE", // cyan (Tol)
  "#00BBAA", // teal
  "#AA3377", // purple (Tol)
  "#4477AA", // blue (Tol)
  "#228833", // green (Tol)
  "#EEEEFF", // near-white
  "#FFCCAA", // peach
  "#CCBB44", // yellow (Tol)
  "#EE6677", // red (Tol)
  "#AA66FF", // violet
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
