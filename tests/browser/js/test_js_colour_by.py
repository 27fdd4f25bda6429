"""Unit tests of frontend/js/colour-by.js and palette.js's ramp, in headless Chromium."""
import numpy as np
import pytest

from module_runner import run_module

MODULE = "/js/colour-by.js"
ONE_CLASS = {"id": "own", "title": "Own", "classes": ["all"], "latent_dim": 4}
TEN_CLASSES = {"id": "mnist", "title": "MNIST", "classes": [str(digit) for digit in range(10)], "latent_dim": 3}


def relative_luminance(hex_colour):
    channels = np.array([int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)])
    linear = np.where(channels <= 0.04045, channels / 12.92, ((channels + 0.055) / 1.055) ** 2.4)
    return float(linear @ [0.2126, 0.7152, 0.0722])


def test_only_a_data_set_of_one_class_offers_its_dimensions(js):
    result = run_module(js, MODULE, "return [module.choicesOf(args[0]), module.choicesOf(args[1])];", [ONE_CLASS, TEN_CLASSES])
    assert result == [["class", "dim:0", "dim:1", "dim:2", "dim:3"], []]


@pytest.mark.parametrize("choice, entry, dimension, problem", [
    ("class", ONE_CLASS, None, None),
    ("dim:0", ONE_CLASS, 0, None),
    ("dim:3", ONE_CLASS, 3, None),
    ("dim:4", ONE_CLASS, None, "latent dimensions are 0 to 3"),
    ("dim:2", TEN_CLASSES, None, "MNIST has 10 classes, each its own colour"),
    ("dim:x", ONE_CLASS, None, 'neither "class" nor "dim:k"'),
    ("dim:1", None, None, "there is no data set"),
])
def test_a_choice_names_a_dimension_from_0_to_d_minus_1_of_a_data_set_of_one_class(js, choice, entry, dimension, problem):
    result = run_module(js, MODULE, "return [module.dimensionOf(args.choice, args.entry), module.choiceProblem(args.choice, args.entry)];",
                        {"choice": choice, "entry": entry})
    assert result == [dimension, problem]


@pytest.mark.parametrize("count", [1, 2, 7, 1000])
def test_percentiles_match_numpy(js, count):
    values = np.random.default_rng(count).normal(size=count).astype(np.float32)
    result = run_module(js, MODULE, "return module.percentiles(Float32Array.from(args), [2, 50, 98]);", values.tolist())
    assert result == pytest.approx(np.percentile(values.astype(np.float64), [2, 50, 98]), abs=1e-12)


def test_colours_run_along_the_ramp_from_the_2nd_to_the_98th_percentile(js):
    rng = np.random.default_rng(3)
    latents = rng.normal(size=(500, 3)).astype(np.float32)
    result = run_module(js, MODULE, """
      const { dimension, low, high, colors } = module.dimensionColours(Float32Array.from(args), 3, 2);
      return { dimension, low, high, colors: Array.from(colors) };""", latents.ravel().tolist())
    column = latents[:, 2]
    assert result["dimension"] == 2
    assert [result["low"], result["high"]] == pytest.approx(np.percentile(column.astype(np.float64), [2, 98]))
    rgba = np.array(result["colors"]).reshape(-1, 4)
    assert (rgba[:, 3] == 255).all()
    assert (rgba[column <= result["low"], :3] == [0x2A, 0x78, 0x8E]).all(), "at or below the 2nd percentile: the ramp's first colour"
    assert (rgba[column >= result["high"], :3] == [0xFD, 0xE7, 0x25]).all(), "at or above the 98th: its last"
    order = np.argsort(column)
    assert (np.diff(rgba[order, 1].astype(int)) >= 0).all(), "green rises with the value along this ramp"


def test_a_dimension_of_one_value_takes_the_middle_colour(js):
    result = run_module(js, MODULE, "return Array.from(module.dimensionColours(new Float32Array([1, 5, 2, 5]), 2, 1).colors);")
    middle = run_module(js, "/js/palette.js", "return module.rampColor(0.5).map((channel) => Math.round(channel * 255));")
    assert result == [*middle, 255, *middle, 255]


def test_the_ramp_reads_on_the_background_and_grows_lighter(js):
    ramp, background = run_module(js, "/js/palette.js", "return [module.RAMP, module.BACKGROUND];")
    dark = relative_luminance(background)
    luminances = [relative_luminance(colour) for colour in ramp]
    assert min((lum + 0.05) / (dark + 0.05) for lum in luminances) >= 3, "every stop at least 3:1 against the background"
    assert luminances == sorted(luminances), "a higher value is always lighter"
    ends = run_module(js, "/js/palette.js", "return [module.rampColor(-1), module.rampColor(0), module.rampColor(1), module.rampColor(2)];")
    first, last = (np.array([int(c[i:i + 2], 16) / 255 for i in (1, 3, 5)]) for c in (ramp[0], ramp[-1]))
    assert np.allclose(ends, [first, first, last, last]), "clamped to its ends"
