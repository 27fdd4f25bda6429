"""Unit tests of frontend/js/palette.js in headless Chromium."""
from module_runner import run_module


def test_class_colors_start_with_the_palette_and_never_repeat_for_more_classes(js):
    result = run_module(js, "/js/palette.js", "return { colors: module.classColors(40), palette: module.CLASS_COLORS };")
    assert result["colors"][:10] == result["palette"]
    assert len(set(color.lower() for color in result["colors"])) == 40
    assert all(len(color) == 7 and color.startswith("#") for color in result["colors"])


def test_hex_to_rgb(js):
    assert run_module(js, "/js/palette.js", "return module.hexToRgb('#ff8000');") == [1, 128 / 255, 0]
