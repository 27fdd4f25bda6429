"""Accessibility: axe-core finds no serious or critical WCAG 2.1 AA violation in the main states,
and what assistive technology reads says what is shown."""
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from page_helpers import empty_space, find_pickable_point

WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def serious_violations(page):
    results = Axe().run(page, options=WCAG_AA)
    return [f"{violation['id']} ({violation['impact']}): {violation['help']} — "
            f"{[node['target'] for node in violation['nodes']][:3]}"
            for violation in results.response["violations"] if violation["impact"] in ("serious", "critical")]


def test_no_serious_violations_in_the_main_states(explorer):
    assert serious_violations(explorer) == [], "at start"
    point = find_pickable_point(explorer)
    explorer.mouse.move(point["x"], point["y"])
    expect(explorer.get_by_test_id("hover-info")).to_contain_text(f"#{point['index']}")
    explorer.get_by_test_id("legend-item").nth(4).click()
    for spot in empty_space(explorer, 3):
        explorer.mouse.click(spot["x"], spot["y"])
    explorer.wait_for_function("explorer.state().traversal?.steps === 64")
    assert serious_violations(explorer) == [], "with a hovered point, a highlighted class and a path"


def test_names_and_announcements_say_what_is_shown(explorer, labels):
    item = explorer.get_by_test_id("legend-item").first
    count = int((labels["mnist"] == 0).sum())
    expect(item).to_have_accessible_name(f"class 0: {count:,} images")
    point = find_pickable_point(explorer)
    explorer.mouse.move(point["x"], point["y"])
    label = int(labels["mnist"][point["index"]])
    expect(explorer.get_by_test_id("decoded-image")).to_have_attribute("alt", f"Decoded image of data point #{point['index']}, class {label}")
    expect(explorer.locator("#announcer")).to_contain_text(f"Data point {point['index']}, class {label}")
    spot, = empty_space(explorer)
    explorer.mouse.move(spot["x"], spot["y"])
    expect(explorer.locator("#announcer")).to_contain_text("Empty space, nearest data points mostly class")
