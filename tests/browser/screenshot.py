"""Take docs/screenshot.png, the page on the shipped MNIST model with a path through five digits, and
docs/generate.png, the decoded grid around a hovered 5 and a drawn 7 encoded into the cloud.

Run from the repository root: .venv/bin/python tests/browser/screenshot.py [output-folder]
(uses the same server and Chromium set-up as the browser tests; not collected by pytest).
"""
import sys
import tempfile
from pathlib import Path

import numpy as np
from playwright.sync_api import sync_playwright

from latent_explorer.layout import CHECKOUT
from latent_explorer.tools.harness import (explorer_points_dir, launch_chromium, new_context, open_explorer,
                                           start_explorer_server)

PATH_CLASSES = (2, 0, 3, 7, 1)  # a walk through digits that face the default view


def typical_members(dataset_id, label, count=1500):
    """Indices of the class's points nearest to its median latent, most typical first."""
    latents = np.load(explorer_points_dir() / dataset_id / "latents.npy")
    labels = np.load(explorer_points_dir() / dataset_id / "labels.npy")
    members = np.flatnonzero(labels == label)
    distances = np.linalg.norm(latents[members] - np.median(latents[members], axis=0), axis=1)
    return members[np.argsort(distances)[:count]].tolist()


# The first place, over one of `candidates`, where a click picks one of them (the front
# point there may be another of them, but not a point of another class).
FIRST_PICKABLE = """candidates => {
  const wanted = new Set(candidates);
  for (const index of candidates) {
    const position = explorer.screenPosition(index);
    if (!position) continue;
    const [x, y] = [Math.round(position.x), Math.round(position.y)];
    if (wanted.has(explorer.pick(x, y))) return { x, y };
  }
  return null;
}"""


def main(folder):
    with tempfile.TemporaryDirectory() as scratch:
        server = start_explorer_server(Path(scratch) / "server.log")
        try:
            with sync_playwright() as playwright:
                browser = launch_chromium(playwright)
                page = new_context(browser, viewport={"width": 1440, "height": 900}).new_page()
                open_explorer(page, server.url, "mnist", "?dataset=mnist")
                for label in PATH_CLASSES:
                    position = page.evaluate(FIRST_PICKABLE, typical_members("mnist", label))
                    if position is None:
                        raise SystemExit(f"class {label} is hidden in this view; choose other PATH_CLASSES")
                    page.mouse.click(position["x"], position["y"])
                page.wait_for_function(f"explorer.state().traversal?.steps === 64 && explorer.state().controlPoints.length === {len(PATH_CLASSES)}")
                page.get_by_test_id("traversal-slider").fill("27")
                position = page.evaluate(FIRST_PICKABLE, typical_members("mnist", 3))
                page.mouse.move(position["x"], position["y"])
                page.wait_for_function("document.querySelector('[data-testid=decoded-image]').complete "
                                       "&& explorer.state().hovered !== null")
                page.evaluate("document.activeElement.blur()")
                page.screenshot(path=str(folder / "screenshot.png"))
                generate_view(new_context(browser, viewport={"width": 1440, "height": 900}).new_page(), server.url, folder / "generate.png")
                browser.close()
        finally:
            server.stop()
    print(f"wrote {folder / 'screenshot.png'} and {folder / 'generate.png'}")


def generate_view(page, url, output):
    """A 7 drawn on the pad and flown to, with the grid pinned around a typical 5 on the x-y plane."""
    open_explorer(page, url, "mnist", "?dataset=mnist")
    page.get_by_test_id("grid-open").check()
    page.get_by_test_id("grid-plane").select_option("xy")
    position = page.evaluate(FIRST_PICKABLE, typical_members("mnist", 5))
    page.mouse.move(position["x"], position["y"])
    page.wait_for_function("explorer.state().hovered !== null")
    latents = np.load(explorer_points_dir() / "mnist" / "latents.npy")
    # The grid moves there once the pointer has rested: pin it then.
    page.wait_for_function("([x, y, z]) => { const [cx, cy, cz] = explorer.state().grid.center;"
                           " return Math.abs(cx - x) + Math.abs(cy - y) + Math.abs(cz - z) < 1e-6; }",
                           arg=latents[page.evaluate("explorer.state().hovered")].tolist())
    page.get_by_test_id("grid-pin").check()
    pad = page.get_by_test_id("draw-pad")
    pad.scroll_into_view_if_needed()
    box = pad.bounding_box()
    stroke = [(0.28, 0.24), (0.5, 0.23), (0.74, 0.24), (0.62, 0.45), (0.52, 0.66), (0.45, 0.82)]
    page.mouse.move(box["x"] + box["width"] * stroke[0][0], box["y"] + box["height"] * stroke[0][1])
    page.mouse.down()
    for fx, fy in stroke[1:]:
        page.mouse.move(box["x"] + box["width"] * fx, box["y"] + box["height"] * fy, steps=4)
    page.mouse.up()
    page.wait_for_function("explorer.state().encoded !== null")
    # The camera's flight ends on the drawing's place.
    page.wait_for_function("""() => { const { camera, encoded } = explorer.state();
      return camera.target.every((value, axis) => Math.abs(value - encoded.mean[axis]) < 1e-6); }""")
    page.evaluate("document.activeElement.blur()")
    for _ in range(4):  # back out a little, to show the grid's square beside the drawing
        page.keyboard.press("-")
    page.evaluate("document.querySelector('.grid-panel').scrollIntoView({ block: 'start' })")
    page.wait_for_function("document.querySelector('[data-testid=grid-image]').complete")
    page.screenshot(path=str(output))


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else CHECKOUT / "docs")
