"""End-to-end: the decoded grid (follows the hover, pins, a cell click centres it), drawing on the pad and
seeing where the encoder puts it, and points sized by their posterior's spread."""
import base64
import io
import re

import numpy as np
from PIL import Image, ImageDraw
from playwright.sync_api import expect

from latent_explorer.tools.harness import explorer_points_dir, open_explorer
from page_helpers import canvas_summary, empty_space, find_pickable_point, wait_for_a_new_picture

# The colour of the pixel at a client position after a fresh frame: [r, g, b].
PIXEL_AT = """({ x, y }) => {
  explorer.drawNow();
  const canvas = document.querySelector('[data-testid=cloud]');
  const rect = canvas.getBoundingClientRect();
  const copy = document.createElement('canvas');
  [copy.width, copy.height] = [canvas.width, canvas.height];
  const context = copy.getContext('2d');
  context.drawImage(canvas, 0, 0);
  const ratio = canvas.width / rect.width;
  return Array.from(context.getImageData(Math.round((x - rect.left) * ratio), Math.round((y - rect.top) * ratio), 1, 1).data.slice(0, 3));
}"""


def latent(index):
    return np.load(explorer_points_dir() / "mnist" / "latents.npy")[index]


def grid_state(page):
    return page.evaluate("explorer.state().grid")


def wait_for_mosaic(page, size):
    """The grid's mosaic for an N x N grid has loaded: one PNG of 28 N pixels a side."""
    page.wait_for_function("size => { const image = document.querySelector('[data-testid=grid-image]');"
                           " return image.complete && image.naturalWidth === 28 * size; }", arg=size)


def test_grid_follows_the_hover_pins_and_centres_on_a_clicked_cell(explorer):
    explorer.get_by_test_id("grid-open").check()
    grid = explorer.get_by_test_id("grid")
    expect(grid).to_have_attribute("data-size", "11")
    wait_for_mosaic(explorer, 11)

    first_mosaic = explorer.get_by_test_id("grid-image").get_attribute("src")
    point = find_pickable_point(explorer)
    explorer.mouse.move(point["x"], point["y"])
    explorer.wait_for_function("index => explorer.state().hovered === index", arg=point["index"])
    # The grid follows once the pointer has rested there.
    explorer.wait_for_function("([x, y, z]) => { const [cx, cy, cz] = explorer.state().grid.center;"
                               " return Math.abs(cx - x) + Math.abs(cy - y) + Math.abs(cz - z) < 1e-6; }",
                               arg=latent(point["index"]).tolist())
    explorer.wait_for_function("src => document.querySelector('[data-testid=grid-image]').src !== src", arg=first_mosaic)

    explorer.get_by_test_id("grid-pin").check()
    pinned = grid_state(explorer)
    assert pinned["pinned"] is True
    spot, = empty_space(explorer)
    explorer.mouse.move(spot["x"], spot["y"])
    explorer.wait_for_function("() => explorer.state().hovered === null")
    assert grid_state(explorer)["center"] == pinned["center"], "a pinned grid stays where it was"

    # The cell one right of the middle, along the plane's right axis (here the x axis).
    explorer.get_by_test_id("grid-plane").select_option("xy")
    explorer.get_by_test_id("grid-size").fill("5")
    explorer.get_by_test_id("grid-size").press("Enter")
    expect(grid).to_have_attribute("data-size", "5")
    wait_for_mosaic(explorer, 5)
    box = explorer.get_by_test_id("grid-image").bounding_box()
    explorer.mouse.click(box["x"] + box["width"] * 3.5 / 5, box["y"] + box["height"] * 2.5 / 5)
    spacing = grid_state(explorer)["spacing"]
    assert np.allclose(grid_state(explorer)["center"], np.add(pinned["center"], [spacing, 0, 0]), atol=1e-6)
    assert grid_state(explorer)["plane"] == "xy" and grid_state(explorer)["size"] == 5


def test_grid_options_are_kept_in_the_link(explorer):
    explorer.get_by_test_id("grid-open").check()
    explorer.get_by_test_id("grid-plane").select_option("yz")
    explorer.get_by_test_id("grid-spacing").fill("0.4")
    explorer.get_by_test_id("grid-spacing").press("Enter")
    explorer.get_by_test_id("grid-pin").check()
    explorer.wait_for_function("() => location.search.includes('pin=')")
    expected = grid_state(explorer)
    explorer.reload()
    explorer.wait_for_function("() => window.explorer?.state().grid != null")
    reopened = grid_state(explorer)
    assert reopened["plane"] == "yz" and reopened["spacing"] == 0.4 and reopened["pinned"] is True
    assert np.allclose(reopened["center"], expected["center"], atol=1e-4)


def draw_seven(page):
    box = page.get_by_test_id("draw-pad").bounding_box()
    x0, y0, side = box["x"], box["y"], box["width"]
    page.mouse.move(x0 + side * 0.25, y0 + side * 0.22)
    page.mouse.down()
    for step in range(10):
        page.mouse.move(x0 + side * (0.25 + 0.05 * step), y0 + side * 0.22)
    for step in range(12):
        page.mouse.move(x0 + side * (0.72 - 0.025 * step), y0 + side * (0.22 + 0.05 * step))
    page.mouse.up()


def test_a_drawn_stroke_is_encoded_marked_in_the_cloud_and_flown_to(explorer):
    camera_before = explorer.evaluate("explorer.state().camera.target")
    explorer.get_by_test_id("draw-pad").scroll_into_view_if_needed()
    draw_seven(explorer)
    explorer.wait_for_function("() => explorer.state().encoded !== null")
    encoded = explorer.evaluate("explorer.state().encoded")
    assert len(encoded["mean"]) == 3 and all(sigma > 0 for sigma in encoded["std"])
    # The camera flies to the encoded point.
    explorer.wait_for_function("""mean => explorer.state().camera.target.every((value, axis) => Math.abs(value - mean[axis]) < 1e-6)""",
                               arg=encoded["mean"])
    assert camera_before != encoded["mean"]
    panel = explorer.get_by_test_id("encoded")
    expect(panel).to_be_visible()
    expect(panel).to_contain_text(re.compile(r"among the \d+s: \d of 5 neighbours"))
    expect(panel.locator("img").first).to_have_attribute("src", re.compile("^data:image/png"))
    # The marker, in the accent colour, sits where the point projects.
    explorer.get_by_test_id("cloud").scroll_into_view_if_needed()
    position = explorer.evaluate("explorer.encodedPosition()")
    red, green, blue = explorer.evaluate(PIXEL_AT, position)
    assert red > 200 and green < 140, f"no encoded marker at {position}: pixel {red, green, blue}"

    explorer.get_by_test_id("encoded-add").click()
    assert np.allclose(explorer.evaluate("explorer.state().controlPoints")[-1], encoded["mean"], atol=1e-6)
    explorer.get_by_test_id("draw-clear").click()
    explorer.wait_for_function("() => explorer.state().encoded === null")
    expect(panel).to_be_hidden()


def test_an_uploaded_image_dark_on_white_is_encoded(explorer, tmp_path):
    image = Image.new("L", (120, 160), 255)
    ImageDraw.Draw(image).line([(30, 20), (90, 20), (50, 140)], fill=0, width=12)
    path = tmp_path / "seven.png"
    image.save(path)
    explorer.get_by_test_id("draw-upload").set_input_files(str(path))
    explorer.wait_for_function("() => explorer.state().encoded !== null")
    seen = explorer.locator("#encoded-input").get_attribute("src")
    pixels = np.asarray(Image.open(io.BytesIO(base64.b64decode(seen.split(",", 1)[1]))))
    assert pixels.shape == (28, 28)
    assert pixels[0].max() < 30 and pixels.max() > 200, "inverted to light ink on black, like the data"


def test_size_by_uncertainty_fetches_the_deviations_only_when_asked(explorer):
    fetched = "() => performance.getEntriesByType('resource').some((entry) => entry.name.endsWith('/mnist/stds.npy'))"
    before = canvas_summary(explorer)["hash"]
    assert not explorer.evaluate(fetched), "stds.npy is fetched only when needed"
    explorer.get_by_test_id("size-by-uncertainty").check()
    explorer.wait_for_function(fetched)
    explorer.wait_for_function("() => location.search.includes('uncertainty=1')")
    wait_for_a_new_picture(explorer, before)  # the points drawn at new sizes, once the deviations are in


def test_a_grid_the_server_cannot_answer_is_not_asked_for_again_and_again(page, explorer_server):
    explorer = open_explorer(page, explorer_server.url)
    sent = []  # the grid's requests and the listing's, in the order the page sent them
    explorer.on("request", lambda request: sent.append(request.url.rsplit("/", 1)[-1]))
    explorer.route("**/grid.png", lambda route: route.abort())
    # The page finds the server away, and asks the listing whether it is back a second later: a
    # retry on every state change would have sent about 16 grid requests before that probe.
    with explorer.expect_request("**/api/datasets"):
        explorer.get_by_test_id("grid-open").check()
        expect(explorer.get_by_test_id("error")).to_be_visible()
    before_probe = sent[:sent.index("datasets")]
    assert before_probe.count("grid.png") == 1, f"{before_probe.count('grid.png')} grid requests for one unchanged grid"
