"""Unit tests of frontend/js/panels/draw-pad.js in headless Chromium: the panel's markup on a
page of its own, real mouse, touch and pen input, and what the pad hands on, decoded with Pillow."""
import base64
import io

import numpy as np
import pytest
from axe_playwright_python.sync_playwright import Axe
from PIL import Image, ImageDraw

from latent_explorer.limits import LIMITS  # the server's own, as the page receives them

# The markup index.html carries for the pad (kept the same as there).
PANEL_HTML = """
<section class="panel draw-panel" aria-labelledby="draw-title">
  <div class="panel-head">
    <h2 id="draw-title">Draw</h2>
    <div class="panel-actions">
      <button id="draw-undo" type="button" class="link-button" data-testid="draw-undo" disabled title="Undo the last stroke (Ctrl+Z on the pad)">Undo</button>
      <button id="draw-clear" type="button" class="link-button" data-testid="draw-clear" disabled>Clear</button>
    </div>
  </div>
  <canvas id="draw-pad" class="draw-pad" data-testid="draw-pad" data-keys="own" width="280" height="280" tabindex="0" role="img"
          aria-label="Drawing pad: draw a digit with the mouse, a finger or a pen; each stroke is encoded"
          aria-describedby="draw-hint"></canvas>
  <p id="draw-hint" class="panel-hint">Light ink on black, like the data. Drop an image file on the pad, or open one; Ctrl+Z on the pad undoes a stroke.</p>
  <div class="draw-controls">
    <label class="draw-brush">Brush <input id="draw-brush" data-testid="draw-brush" type="range" min="1" max="4" step="1" value="2"></label>
    <label class="draw-upload">Open an image… <input id="draw-upload" data-testid="draw-upload" type="file" accept="image/*"></label>
  </div>
</section>
"""

PAGE = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Drawing pad</title>
<link rel="stylesheet" href="/style.css"><link rel="stylesheet" href="/css/draw-pad.css"></head>
<body><main class="sidebar">{PANEL_HTML}</main></body></html>"""

SIZE = 280  # the pad's backing store

LARGEST_SIDE = LIMITS["encode_image_side"]

WIRE = """async (largestSide) => {
  const { createDrawPad } = await import("/js/panels/draw-pad.js");
  const $ = (id) => document.getElementById(id);
  window.sent = [];
  window.problems = [];
  window.pageKeys = 0;  // Ctrl+Z that reached the page's own handler
  window.addEventListener("keydown", (event) => { if (event.ctrlKey && event.key === "z") window.pageKeys += 1; });
  window.pad = createDrawPad(
    { canvas: $("draw-pad"), clear: $("draw-clear"), undo: $("draw-undo"), brush: $("draw-brush"), upload: $("draw-upload") },
    { onImage: (url, info) => sent.push({ url, info: info ?? null }), onProblem: (message) => problems.push(message),
      largestFileSide: () => largestSide });
}"""


@pytest.fixture
def pad(chromium, frontend_url):
    """A page holding only the pad's panel, wired, with what it sends in `window.sent`."""
    context = chromium.new_context(viewport={"width": 600, "height": 600})
    page = context.new_page()
    page_errors = []
    page.on("pageerror", lambda error: page_errors.append(error))
    page.goto(f"{frontend_url}/js/npy.js")  # the static server's origin, for the module and the styles
    page.set_content(PAGE)
    page.evaluate(WIRE, LARGEST_SIDE)
    yield page
    context.close()
    assert not page_errors, f"uncaught errors in the page: {page_errors}"


def pixels(data_url):
    """A PNG data URL as a (height, width) array of grey levels, 0 to 255."""
    prefix = "data:image/png;base64,"
    assert data_url.startswith(prefix)
    return np.asarray(Image.open(io.BytesIO(base64.b64decode(data_url[len(prefix):]))).convert("L"))


def on_pad(page, x, y):
    """Page coordinates of the backing-store pixel (x, y), through the canvas's CSS size and border."""
    box = page.evaluate("""() => { const c = document.getElementById("draw-pad"); const r = c.getBoundingClientRect();
      return { left: r.left + c.clientLeft, top: r.top + c.clientTop, width: c.clientWidth, height: c.clientHeight }; }""")
    return box["left"] + x * box["width"] / SIZE, box["top"] + y * box["height"] / SIZE


def mouse_stroke(page, points):
    page.mouse.move(*on_pad(page, *points[0]))
    page.mouse.down()
    for point in points[1:]:
        page.mouse.move(*on_pad(page, *point), steps=8)
    page.mouse.up()


def pad_pixels(page):
    return pixels(page.evaluate("document.getElementById('draw-pad').toDataURL('image/png')"))


def sent(page):
    return page.evaluate("sent")


def png_file(tmp_path, name, image):
    path = tmp_path / name
    image.save(path)
    return path


def test_a_stroke_sends_one_png_with_ink_where_it_went(pad):
    assert pad.evaluate("pad.isEmpty()")
    mouse_stroke(pad, [(60, 140), (220, 140)])
    images = sent(pad)
    assert len(images) == 1, "one image per finished stroke, none while drawing"
    assert images[0]["info"] == {"source": "drawing"}
    drawn = pixels(images[0]["url"])
    assert drawn.shape == (SIZE, SIZE)
    assert drawn[140, 60] > 200 and drawn[140, 140] > 200 and drawn[140, 220] > 200
    # Brush 2 is a 20 px line: ink 8 px off the line, none 15 px off it or far away.
    assert drawn[148, 140] > 200 and drawn[125, 140] == 0 and drawn[155, 140] == 0
    assert drawn[30, 140] == 0 and drawn[140, 20] == 0 and drawn[140, 260] == 0
    assert not pad.evaluate("pad.isEmpty()")
    assert pad.evaluate("document.activeElement.id") == "draw-pad", "focus on the pad, for Ctrl+Z"
    assert pad.get_by_test_id("draw-undo").is_enabled() and pad.get_by_test_id("draw-clear").is_enabled()


@pytest.mark.parametrize(("brush", "inked_at", "bare_at"), [(1, 4, 7), (2, 8, 12), (4, 18, 22)])
def test_a_click_paints_a_dot_as_wide_as_the_brush(pad, brush, inked_at, bare_at):
    pad.get_by_test_id("draw-brush").fill(str(brush))
    pad.mouse.click(*on_pad(pad, 140, 140))
    images = sent(pad)
    assert len(images) == 1
    drawn = pixels(images[0]["url"])
    assert drawn[140, 140] > 200
    assert drawn[140, 140 + inked_at] > 200 and drawn[140 - inked_at, 140] > 200
    assert drawn[140, 140 + bare_at] == 0 and drawn[140 - bare_at, 140] == 0


def test_undo_restores_the_previous_drawing_and_then_the_empty_pad(pad):
    mouse_stroke(pad, [(60, 80), (220, 80)])
    mouse_stroke(pad, [(60, 200), (220, 200)])
    first, second = sent(pad)
    assert (pixels(second["url"])[200, 140]) > 200

    pad.get_by_test_id("draw-undo").click()
    images = sent(pad)
    assert len(images) == 3 and images[2]["info"] == {"source": "drawing"}
    assert np.array_equal(pixels(images[2]["url"]), pixels(first["url"]))
    assert np.array_equal(pad_pixels(pad), pixels(first["url"]))

    pad.get_by_test_id("draw-pad").focus()
    pad.keyboard.press("Control+z")
    assert sent(pad)[3] == {"url": None, "info": None}
    assert pad.evaluate("pageKeys") == 0, "the page's own Ctrl+Z (control points) is not also run"
    assert pad_pixels(pad).max() == 0
    assert pad.evaluate("pad.isEmpty()")
    assert pad.get_by_test_id("draw-undo").is_disabled() and pad.get_by_test_id("draw-clear").is_disabled()


def test_clear_empties_the_pad_and_is_undoable(pad):
    assert pad.get_by_test_id("draw-clear").is_disabled()
    mouse_stroke(pad, [(100, 100), (180, 180)])
    drawing = sent(pad)[0]["url"]
    pad.get_by_test_id("draw-clear").click()
    assert sent(pad)[1] == {"url": None, "info": None}
    assert pad_pixels(pad).max() == 0
    assert pad.get_by_test_id("draw-clear").is_disabled() and pad.get_by_test_id("draw-undo").is_enabled()
    pad.get_by_test_id("draw-undo").click()
    assert sent(pad)[2]["url"] == drawing


def test_only_one_finger_draws(pad):
    """Real touch input through the DevTools protocol: a second finger leaves no ink."""
    cdp = pad.context.new_cdp_session(pad)
    one = dict(zip("xy", on_pad(pad, 60, 60)), id=1)
    two = dict(zip("xy", on_pad(pad, 220, 220)), id=2)
    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [one]})
    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [one, two]})
    for step in range(1, 9):
        one_x, one_y = on_pad(pad, 60 + step * 10, 60)
        two_x, two_y = on_pad(pad, 220, 220 - step * 10)
        cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [
            {**one, "x": one_x, "y": one_y}, {**two, "x": two_x, "y": two_y}]})
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    pad.wait_for_function("sent.length > 0")
    images = sent(pad)
    assert len(images) == 1
    drawn = pixels(images[0]["url"])
    assert drawn[60, 60] > 200 and drawn[60, 130] > 200, "the first finger draws"
    assert drawn[220, 220] == 0 and drawn[180, 220] == 0, "the second does not"


def test_a_pens_pressure_sets_the_width(pad):
    cdp = pad.context.new_cdp_session(pad)

    def pen(kind, x, y, force):
        px, py = on_pad(pad, x, y)
        cdp.send("Input.dispatchMouseEvent", {"type": kind, "x": px, "y": py, "button": "left", "buttons": 1 if kind != "mouseReleased" else 0,
                                              "clickCount": 1, "pointerType": "pen", "force": force})

    for y, force in [(70, 0.1), (210, 1.0)]:
        pen("mousePressed", 60, y, force)
        pen("mouseMoved", 140, y, force)
        pen("mouseMoved", 220, y, force)
        pen("mouseReleased", 220, y, force)
    light, firm = (pixels(image["url"]) for image in sent(pad))
    # Brush 2 (20 px): 0.6 × that light, 1.5 × that firm.
    assert light[70, 140] > 200 and light[70 + 9, 140] == 0
    assert firm[210, 140] > 200 and firm[210 + 13, 140] > 200


def test_an_uploaded_png_is_sent_at_its_own_size_and_previewed_fitted(pad, tmp_path):
    mouse_stroke(pad, [(60, 140), (220, 140)])
    drawing = sent(pad)[0]["url"]
    digit = Image.new("RGB", (60, 40), "white")
    ImageDraw.Draw(digit).rectangle((25, 5, 34, 34), fill="black")
    pad.get_by_test_id("draw-upload").set_input_files(png_file(tmp_path, "seven.png", digit))
    pad.wait_for_function("sent.length === 2")
    image = sent(pad)[1]
    assert image["info"] == {"source": "file", "name": "seven.png"}
    assert np.array_equal(pixels(image["url"]), np.asarray(digit.convert("L")))
    # The preview: 60×40 fitted into 280 is 280×187, centred on black.
    preview = pad_pixels(pad)
    assert preview[20, 140] == 0 and preview[260, 140] == 0, "black above and below"
    assert preview[140, 30] > 200, "the file's white background"
    assert preview[140, 140] < 50, "its dark stroke"

    pad.get_by_test_id("draw-undo").click()
    assert sent(pad)[2] == {"url": drawing, "info": {"source": "drawing"}}, "undo returns to the drawing"


def test_a_large_transparent_image_is_downscaled_onto_white(pad, tmp_path):
    side = LARGEST_SIDE  # the longest side the server takes: this image is twice as wide, with a bar down its middle
    digit = Image.new("RGBA", (2 * side, side), (0, 0, 0, 0))
    ImageDraw.Draw(digit).rectangle((side - 50, side // 10, side + 50, side - side // 10), fill=(0, 0, 0, 255))
    pad.get_by_test_id("draw-upload").set_input_files(png_file(tmp_path, "ink.png", digit))
    pad.wait_for_function("sent.length === 1")
    image = Image.open(io.BytesIO(base64.b64decode(sent(pad)[0]["url"].split(",", 1)[1])))
    assert image.size == (side, side // 2)
    grey = np.asarray(image.convert("L"))
    assert grey[10, 10] == 255 and grey[side // 4, side // 2] == 0


def test_a_file_that_is_no_image_is_a_problem_and_changes_nothing(pad, tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("not a digit")
    pad.get_by_test_id("draw-upload").set_input_files(notes)
    pad.wait_for_function("problems.length === 1")
    message, = pad.evaluate("problems")
    assert "notes.txt" in message and "PNG" in message
    assert sent(pad) == [] and pad.evaluate("pad.isEmpty()")
    assert pad.get_by_test_id("draw-undo").is_disabled()


def test_a_dropped_image_file_is_sent_and_the_pad_lights_while_dragged_over(pad, tmp_path):
    digit = Image.new("L", (28, 28), 255)
    ImageDraw.Draw(digit).ellipse((6, 4, 22, 24), outline=0, width=3)
    data = base64.b64encode(png_file(tmp_path, "zero.png", digit).read_bytes()).decode()
    transfer = pad.evaluate_handle("""(data) => {
      const transfer = new DataTransfer();
      const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
      transfer.items.add(new File([bytes], "zero.png", { type: "image/png" }));
      return transfer;
    }""", data)
    target = pad.get_by_test_id("draw-pad")
    target.dispatch_event("dragenter", {"dataTransfer": transfer})
    assert "drop-target" in target.get_attribute("class")
    target.dispatch_event("dragleave", {"dataTransfer": transfer})
    assert "drop-target" not in target.get_attribute("class")
    target.dispatch_event("dragover", {"dataTransfer": transfer})
    target.dispatch_event("drop", {"dataTransfer": transfer})
    assert "drop-target" not in target.get_attribute("class")
    pad.wait_for_function("sent.length === 1")
    image = sent(pad)[0]
    assert image["info"] == {"source": "file", "name": "zero.png"}
    assert np.array_equal(pixels(image["url"]), np.asarray(digit))


def test_the_panel_has_no_serious_accessibility_violation(pad):
    results = Axe().run(pad, options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}})
    serious = [f"{violation['id']}: {violation['help']}" for violation in results.response["violations"]
               if violation["impact"] in ("serious", "critical")]
    assert serious == []
    canvas = pad.get_by_test_id("draw-pad")
    assert canvas.get_attribute("tabindex") == "0"
    assert pad.get_by_role("img", name="Drawing pad").count() == 1
    assert pad.get_by_label("Open an image").get_attribute("data-testid") == "draw-upload"
    assert pad.get_by_label("Brush").get_attribute("data-testid") == "draw-brush"
