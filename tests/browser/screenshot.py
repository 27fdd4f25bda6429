"""Take docs/screenshot.png: the page on the shipped MNIST model with a path through four digits.

Run from the repository root: .venv/bin/python tests/browser/screenshot.py [output.png]
(uses the same server and Chromium set-up as the browser tests; not collected by pytest).
"""
import sys
import tempfile
from pathlib import Path

import numpy as np
from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent))
from explorer_harness import REPO_ROOT, ExplorerServer, launch_chromium, open_explorer, points_dir  # noqa: E402

PATH_CLASSES = (0, 6, 1, 7, 9)  # a walk that morphs through visibly different digits


def class_medoids(dataset_id, classes):
    """For each class, the index of its point nearest to the class's median latent."""
    latents = np.load(points_dir() / dataset_id / "latents.npy")
    labels = np.load(points_dir() / dataset_id / "labels.npy")
    indices = []
    for label in classes:
        members = np.flatnonzero(labels == label)
        centre = np.median(latents[members], axis=0)
        indices.append(int(members[np.argmin(np.linalg.norm(latents[members] - centre, axis=1))]))
    return indices


def main(output):
    with tempfile.TemporaryDirectory() as scratch:
        server = ExplorerServer(Path(scratch) / "server.log")
        try:
            with sync_playwright() as playwright:
                browser = launch_chromium(playwright)
                page = browser.new_page(viewport={"width": 1440, "height": 900})
                open_explorer(page, server.url, "mnist", "?dataset=mnist")
                for index in class_medoids("mnist", PATH_CLASSES):
                    position = page.evaluate("index => explorer.screenPosition(index)", index)
                    page.mouse.click(position["x"], position["y"])
                page.wait_for_function(f"explorer.state().traversal?.steps === 64 && explorer.state().controlPoints.length === {len(PATH_CLASSES)}")
                page.get_by_test_id("traversal-slider").fill("27")
                hovered = class_medoids("mnist", (3,))[0]
                position = page.evaluate("index => explorer.screenPosition(index)", hovered)
                page.mouse.move(position["x"], position["y"])
                page.wait_for_function("document.querySelector('[data-testid=decoded-image]').complete "
                                       "&& explorer.state().hovered !== null")
                page.evaluate("document.activeElement.blur()")
                page.screenshot(path=str(output))
                browser.close()
        finally:
            server.stop()
    print(f"wrote {output}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else REPO_ROOT / "docs" / "screenshot.png")
