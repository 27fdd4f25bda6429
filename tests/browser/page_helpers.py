"""What the browser tests share: starting servers, finding things on the canvas and summarising its pixels."""
import base64
import io
import json
import urllib.request
from contextlib import contextmanager

import numpy as np
import pytest
from PIL import Image

from latent_explorer.tools.harness import HarnessError

BACKGROUND_RGB = (0x10, 0x14, 0x1C)

# Draw a frame, copy it while the drawing buffer is still valid (same task), and summarise it.
CANVAS_SUMMARY = """background => {
  explorer.drawNow();
  const canvas = document.querySelector('[data-testid=cloud]');
  const copy = document.createElement('canvas');
  copy.width = canvas.width;
  copy.height = canvas.height;
  const context = copy.getContext('2d');
  context.drawImage(canvas, 0, 0);
  const { data } = context.getImageData(0, 0, copy.width, copy.height);
  let differing = 0;
  let hash = 0;
  for (let i = 0; i < data.length; i += 4) {
    const distance = Math.abs(data[i] - background[0]) + Math.abs(data[i + 1] - background[1]) + Math.abs(data[i + 2] - background[2]);
    if (distance > 12) differing += 1;
    hash = (Math.imul(hash, 31) + data[i] + 7 * data[i + 1] + 13 * data[i + 2]) | 0;
  }
  return { differing, total: data.length / 4, hash };
}"""

# The drawing buffer has caught up with the canvas's box: after a change of layout (Present
# mode, a panel opening) screen positions and picks are only good once it has.
CANVAS_MATCHES_ITS_BOX = """() => {
  const canvas = document.querySelector('[data-testid=cloud]');
  const rect = canvas.getBoundingClientRect();
  return canvas.width === Math.round(rect.width * devicePixelRatio)
      && canvas.height === Math.round(rect.height * devicePixelRatio);
}"""

# Canvas positions where no data point is picked: empty space.
FIND_EMPTY_SPACE = """count => {
  const rect = document.querySelector('[data-testid=cloud]').getBoundingClientRect();
  const found = [];
  for (let y = rect.top + 40; y < rect.bottom - 60 && found.length < count; y += 37) {
    for (let x = rect.left + 40; x < rect.right - 40 && found.length < count; x += 53) {
      if (explorer.pick(x, y) === null) found.push({ x, y });
    }
  }
  return found;
}"""


def start_or_fail(start, *args, **kwargs):
    """The server the harness's `start` (start_explorer_server, start_static_site) starts with these arguments; one that
    does not start fails the test with the harness's reason."""
    try:
        return start(*args, **kwargs)
    except HarnessError as error:
        pytest.fail(str(error))


@contextmanager
def running(start, *args, **kwargs):
    """start_or_fail's server, stopped afterwards."""
    server = start_or_fail(start, *args, **kwargs)
    try:
        yield server
    finally:
        server.stop()


def png_pixels(data_uri):
    """The pixels of a PNG data URI, as numpy: PNGs of the same image from the server and the page differ in bytes."""
    return np.asarray(Image.open(io.BytesIO(base64.b64decode(data_uri.split(",", 1)[1]))))


def require_datasets(server, *dataset_ids):
    """Fail with the server's own reason when a data set a test needs is not served."""
    with urllib.request.urlopen(f"{server.url}/api/datasets") as response:
        listing = json.load(response)
    served = {entry["id"] for entry in listing["datasets"]}
    reasons = {entry["id"]: entry["error"] for entry in listing.get("unavailable", [])}
    missing = [f"{dataset_id}: {reasons.get(dataset_id, 'not listed')}" for dataset_id in dataset_ids if dataset_id not in served]
    assert not missing, f"this test needs data sets the server does not serve: {'; '.join(missing)}"


def canvas_summary(page):
    return page.evaluate(CANVAS_SUMMARY, list(BACKGROUND_RGB))


def wait_for_a_new_picture(page, before_hash):
    """Wait until a fresh frame differs from the one whose summary had `before_hash`."""
    page.wait_for_function(f"([background, before]) => ({CANVAS_SUMMARY})(background).hash !== before",
                           arg=[list(BACKGROUND_RGB), before_hash], polling=100)


# A data point that a hover at its (rounded) screen position picks. Points on the rim of
# the cloud are tried first: they are the ones no other point hides.
FIND_PICKABLE_POINT = """() => {
  const rect = document.querySelector('[data-testid=cloud]').getBoundingClientRect();
  const { count } = explorer.state();
  const sample = [];
  for (let index = 0; index < count; index += 37) {
    const position = explorer.screenPosition(index);
    if (position && position.x > rect.left + 30 && position.x < rect.right - 30
        && position.y > rect.top + 30 && position.y < rect.bottom - 60) sample.push({ index, ...position });
  }
  const cx = sample.reduce((sum, p) => sum + p.x, 0) / sample.length;
  const cy = sample.reduce((sum, p) => sum + p.y, 0) / sample.length;
  sample.sort((a, b) => Math.hypot(b.x - cx, b.y - cy) - Math.hypot(a.x - cx, a.y - cy));
  for (const { index, x, y } of sample.slice(0, 300)) {
    const [px, py] = [Math.round(x), Math.round(y)];
    if (explorer.pick(px, py) === index) return { index, x: px, y: py };
  }
  return null;
}"""


def find_pickable_point(page):
    page.wait_for_function(CANVAS_MATCHES_ITS_BOX)
    point = page.evaluate(FIND_PICKABLE_POINT)
    assert point is not None, "no data point on screen can be picked"
    return point


def empty_space(page, count=1):
    page.wait_for_function(CANVAS_MATCHES_ITS_BOX)
    spots = page.evaluate(FIND_EMPTY_SPACE, count)
    assert len(spots) == count, "the cloud fills the whole canvas: no empty space to hover"
    return spots

