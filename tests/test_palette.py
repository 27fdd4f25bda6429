"""The class colours in frontend/js/palette.js stay apart with colour-vision deficiencies and
read on the page's background (issue 12, "Colour").

The colours are parsed from the JavaScript source, so the test checks what the page draws.
"""
import re
import warnings
from itertools import combinations
from pathlib import Path

import numpy as np
import pytest

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # colour-science warns at import that matplotlib is absent
    import colour

PALETTE_JS = Path(__file__).resolve().parents[1] / "frontend" / "js" / "palette.js"
MIN_DELTA_E = 10.0  # CIEDE2000: clearly different colours at a glance
MIN_CONTRAST = 3.0  # WCAG 2.1 SC 1.4.11, non-text contrast

# Machado, Oliveira & Fernandes (2009) at severity 1.0 model the dichromacies.
VISIONS = {
    "normal": np.eye(3),
    "deuteranopia": colour.blindness.matrix_cvd_Machado2009("Deuteranomaly", 1.0),
    "protanopia": colour.blindness.matrix_cvd_Machado2009("Protanomaly", 1.0),
}


def read_palette(source):
    """(class colours, background) as "#RRGGBB" strings from palette.js's source."""
    colors = re.search(r"export const CLASS_COLORS = \[(.*?)\];", source, re.S)
    background = re.search(r'export const BACKGROUND = "(#[0-9A-Fa-f]{6})";', source)
    assert colors and background, f"CLASS_COLORS or BACKGROUND not found in {PALETTE_JS}"
    return re.findall(r'"(#[0-9A-Fa-f]{6})"', colors.group(1)), background.group(1)


def srgb(hexes):
    """(N,) "#RRGGBB" -> (N, 3) gamma-encoded sRGB in [0, 1]."""
    return np.array([[int(h[i:i + 2], 16) / 255 for i in (1, 3, 5)] for h in hexes])


def simulated_lab(hexes, matrix):
    """CIELAB (D65) of the colours as seen through a (3, 3) linear-RGB simulation matrix."""
    linear = colour.cctf_decoding(srgb(hexes), function="sRGB")
    seen = colour.cctf_encoding(np.clip(linear @ matrix.T, 0, 1), function="sRGB")
    d65 = colour.CCS_ILLUMINANTS["CIE 1931 2 Degree Standard Observer"]["D65"]
    return colour.XYZ_to_Lab(colour.sRGB_to_XYZ(seen), d65)


def closest_pair(hexes, matrix):
    """(smallest CIEDE2000 over all pairs, the pair) under one simulation."""
    lab = simulated_lab(hexes, matrix)
    i, j = np.array(list(combinations(range(len(hexes)), 2))).T
    distances = colour.delta_E(lab[i], lab[j], method="CIE 2000")
    k = int(np.argmin(distances))
    return float(distances[k]), (hexes[i[k]], hexes[j[k]])


def contrast_ratio(hexes, background):
    """WCAG contrast of each colour against the background."""
    luminance = colour.sRGB_to_XYZ(srgb([*hexes, background]))[:, 1]
    return (luminance[:-1] + 0.05) / (luminance[-1] + 0.05)


COLORS, BACKGROUND = read_palette(PALETTE_JS.read_text())


def test_palette_has_ten_distinct_colours():
    assert len(COLORS) == 10 and len({c.lower() for c in COLORS}) == 10, COLORS


@pytest.mark.parametrize("vision", VISIONS)
def test_every_pair_of_class_colours_is_at_least_delta_e_10_apart(vision):
    distance, pair = closest_pair(COLORS, VISIONS[vision])
    summary = ", ".join(f"{name} {closest_pair(COLORS, m)[0]:.1f}" for name, m in VISIONS.items())
    assert distance >= MIN_DELTA_E, (
        f"{pair[0]} and {pair[1]} are ΔE2000 {distance:.1f} apart under {vision} (need {MIN_DELTA_E}); "
        f"smallest per vision: {summary}. Change the colour in {PALETTE_JS.name}."
    )


def test_every_class_colour_reads_on_the_background():
    ratios = contrast_ratio(COLORS, BACKGROUND)
    weakest = int(np.argmin(ratios))
    assert ratios[weakest] >= MIN_CONTRAST, (
        f"{COLORS[weakest]} has contrast {ratios[weakest]:.2f}:1 against {BACKGROUND} "
        f"(need {MIN_CONTRAST}:1); lighten it in {PALETTE_JS.name}."
    )


def test_the_checks_catch_the_old_palette():
    """The Okabe-Ito based palette this replaced failed under deuteranopia (issue 12)."""
    old = ["#E69F00", "#56B4E9", "#009E73", "#F0E442", "#2F86D6",
           "#D55E00", "#CC79A7", "#DDDDDD", "#A6865A", "#9D8CF0"]
    distance, pair = closest_pair(old, VISIONS["deuteranopia"])
    assert distance == pytest.approx(5.0, abs=0.05) and set(pair) == {"#56B4E9", "#9D8CF0"}
    assert contrast_ratio(["#FFFFFF"], "#000000")[0] == pytest.approx(21.0)
