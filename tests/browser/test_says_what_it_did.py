"""End-to-end: the page says what it did — a clamped value next to its field, what find found
(or what to type), a link's unused parts as a short list out of the cloud's way, originals that
arrive while the page is open, the grid while the server is away."""
import re

import pytest
from playwright.sync_api import expect

from latent_explorer.limits import LIMITS
from latent_explorer.tools.harness import open_explorer, real_data_location, real_data_root
from page_helpers import empty_space, require_datasets

LIMIT = LIMITS["coordinate"]


def add_points(page, count):
    for spot in empty_space(page, count):
        page.mouse.click(spot["x"], spot["y"])
    page.wait_for_function(f"explorer.state().controlPoints.length === {count}")


def test_a_typed_coordinate_outside_the_limits_is_clamped_and_said_next_to_it(explorer):
    add_points(explorer, 2)
    field = explorer.get_by_label("Point 1 x")
    field.fill("500")
    field.press("Enter")
    explorer.wait_for_function(f"explorer.state().controlPoints[0][0] === {LIMIT}")
    note = explorer.get_by_test_id("control-point").first.locator(".field-note")
    expect(note).to_be_visible()
    expect(note).to_contain_text(f"500 is above {LIMIT}: using {LIMIT}")
    expect(explorer.get_by_test_id("control-point").nth(1).locator(".field-note")).to_have_count(0)


def test_typed_steps_outside_the_limits_are_clamped_and_said_next_to_the_box(explorer):
    steps = explorer.get_by_test_id("steps")
    steps.fill("5000")
    steps.press("Enter")
    highest = LIMITS["steps"][1]
    expect(steps).to_have_value(str(highest))
    note = explorer.locator(".traversal-options .field-note")
    expect(note).to_be_visible()
    expect(note).to_contain_text(f"5000 is above {highest}: using {highest}")
    steps.fill("40")  # typing again clears the note
    expect(note).to_be_hidden()


def find(page, text):
    box = page.get_by_test_id("find")
    box.fill(text)
    box.press("Enter")
    return page.locator(".find + .field-note")


def test_find_says_what_it_found_and_a_bare_number_is_an_image_even_where_classes_are_digits(explorer, labels):
    note = find(explorer, "7")
    explorer.wait_for_function("explorer.focus === 7")
    expect(note).to_have_text(f'image 7 (a {labels["mnist"][7]}); for the class type "class 7"')
    note = find(explorer, "class 7")
    explorer.wait_for_function("explorer.focus !== 7")
    assert labels["mnist"][explorer.evaluate("explorer.focus")] == 7
    expect(note).to_contain_text("Enter again for another")
    find(explorer, "")
    expect(note).to_contain_text("Type an image number (0 to 69,999) or a class")
    assert "Type an image number" in explorer.get_by_test_id("find").evaluate("input => input.validationMessage")


def test_find_takes_a_part_of_a_class_name_and_asks_when_it_fits_several(explorer, explorer_server, labels):
    require_datasets(explorer_server, "fashion-mnist")
    explorer.get_by_test_id("dataset-select").select_option("fashion-mnist")
    explorer.wait_for_function("explorer.state().dataset === 'fashion-mnist' && explorer.state().count > 0")
    note = find(explorer, "boot")
    explorer.wait_for_function("explorer.focus !== null")
    assert labels["fashion-mnist"][explorer.evaluate("explorer.focus")] == 9  # Ankle boot
    expect(note).to_contain_text("an Ankle boot")
    shown = explorer.evaluate("explorer.focus")
    note = find(explorer, "shirt")
    expect(note).to_contain_text('"shirt" is in 2 classes')
    expect(note).to_contain_text('"class T-shirt/top"')
    expect(note).to_contain_text('"class Shirt"')
    assert explorer.evaluate("explorer.focus") == shown, "an ambiguous part shows nothing new"
    find(explorer, "class shirt")
    explorer.wait_for_function("shown => explorer.focus !== shown", arg=shown)
    assert labels["fashion-mnist"][explorer.evaluate("explorer.focus")] == 6  # Shirt


def test_a_bad_link_is_reported_as_a_short_list_below_the_top_of_the_cloud_and_dismissed(page, explorer_server):
    open_explorer(page, explorer_server.url, query="?dataset=mnist&rotation=abc&highlight=3,42&steps=5000&points=1,2,3;x")
    notice = page.get_by_test_id("notice")
    expect(notice).to_contain_text("Part of this link was not used")
    items = notice.locator("li")
    expect(items).to_have_count(4)
    expect(items.first).to_contain_text('rotation "abc"')
    expect(page.get_by_test_id("error")).to_be_hidden()
    cloud = page.get_by_test_id("cloud").bounding_box()
    box = notice.bounding_box()
    assert box["y"] > cloud["y"] + cloud["height"] / 2, "the report leaves the top of the cloud clear"
    notice.get_by_role("button", name="Dismiss the note").click()
    expect(notice).to_be_hidden()


@pytest.mark.skipif(real_data_root() is None, reason="needs the raw data sets: set $LATENT_EXPLORER_DATA")
def test_originals_that_arrive_while_the_page_is_open_make_show_images_usable(page, start_server, tmp_path):
    data_root = tmp_path / "data"
    data_root.mkdir()
    server = start_server(data_root=data_root)
    open_explorer(page, server.url)
    toggle = page.get_by_test_id("show-images")
    expect(toggle).to_be_disabled()
    reason = page.get_by_test_id("images-missing")
    expect(reason).to_be_visible()  # on a touch screen too: not only in a tooltip
    expect(reason).to_contain_text("latent-explorer fetch mnist")
    expect(reason).not_to_contain_text("and restart")
    for folder in ("MNIST", "FashionMNIST"):
        (data_root / folder).symlink_to(real_data_location() / folder)
    expect(toggle).to_be_enabled(timeout=20_000)  # the server rechecks, the page asks again: no reload
    expect(reason).to_be_hidden()


def test_the_grid_says_the_server_is_away_instead_of_a_black_square(page, start_server):
    server = start_server()
    open_explorer(page, server.url)
    server.stop()
    page.get_by_test_id("grid-open").check()
    away = page.get_by_test_id("grid-away")
    expect(away).to_be_visible()
    expect(away).to_contain_text("not answering")
    start_server(port=server.port)
    expect(away).to_be_hidden(timeout=10_000)
    expect(page.get_by_test_id("grid-image")).to_have_attribute("src", re.compile(r"^blob:"))
