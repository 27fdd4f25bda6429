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

// A number's colour: viridis (van der Walt and Smith's, matplotlib's default), its table at 0.4, 0.5, ... 1.0,
// blue through green to yellow. Its lightness rises steadily, so a higher value reads as lighter in any
// colour vision; below 0.4 its violets fall under 3:1 against BACKGROUND and would vanish into it.
export const RAMP = ["#2A788E", "#21918C", "#22A884", "#44BF70", "#7AD151", "#BDDF26", "#FDE725"];
const RAMP_RGB = RAMP.map(hexToRgb);

/** The ramp's colour at `t` in [0, 1] (clamped): [r, g, b] in [0, 1], linear between the table's stops. */
export function rampColor(t) {
  const at = Math.min(1, Math.max(0, t)) * (RAMP_RGB.length - 1);
  const below = Math.min(Math.floor(at), RAMP_RGB.length - 2);
  const share = at - below;
  return RAMP_RGB[below].map((channel, i) => channel + share * (RAMP_RGB[below + 1][i] - channel));
}
