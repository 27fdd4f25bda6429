"""A model added without labels (one class) is coloured by a latent dimension of the user's choosing (issue 20).

A small d = 8 decoder made by the test goes through `latent-explorer add` with no `--labels`, then `serve` (and
`publish`) and the page. The colours are checked where they are drawn: the cloud's pixels at the points with the
chosen dimension's highest and lowest values, which the ramp draws yellow and blue.
"""
import urllib.parse

import numpy as np
import pytest
from playwright.sync_api import expect

from latent_explorer.added_models import add_model
from latent_explorer.tools.harness import open_explorer, start_explorer_server, start_static_site
from made_models import decoder_graph
from page_helpers import running
from test_security import RECORD_VIOLATIONS, wait_until

DATASET = "plain-8d"
DIMS = 8
COUNT = 2000
EXTREMES = 40  # points of highest and of lowest value whose drawn colour is read

# The cloud's pixel under each of the points `indices`, or null where another point lies in front of it.
PIXELS_OF = """indices => {
  explorer.drawNow();
  const canvas = document.querySelector('[data-testid=cloud]');
  const copy = document.createElement('canvas');
  [copy.width, copy.height] = [canvas.width, canvas.height];
  const context = copy.getContext('2d');
  context.drawImage(canvas, 0, 0);
  const rect = canvas.getBoundingClientRect();
  return indices.map((index) => {
    const at = explorer.screenPosition(index);
    if (!at || explorer.pick(at.x, at.y) !== index) return null;
    const x = Math.floor((at.x - rect.left) * canvas.width / rect.width);
    const y = Math.floor((at.y - rect.top) * canvas.height / rect.height);
    return Array.from(context.getImageData(x, y, 1, 1).data.slice(0, 3));
  });
}"""


@pytest.fixture(scope="session")
def latents():
    rng = np.random.default_rng(20)
    values = rng.normal(size=(COUNT, DIMS)).astype(np.float32)
    values[:, 0] *= 3  # a direction of largest variance, for the PCA view
    values[:, 1] = values[:, 1] * 2 + 1  # dimension 1 (from 0) spans about -3 to 5
    return values


@pytest.fixture(scope="session")
def plain_added(tmp_path_factory, latents):
    scratch = tmp_path_factory.mktemp("unlabelled")
    decoder, _, _ = decoder_graph(DIMS, 16, 16)
    (scratch / "decoder.onnx").write_bytes(decoder)
    np.save(scratch / "latents.npy", latents)
    add_model(DATASET, scratch / "decoder.onnx", scratch / "latents.npy", root=scratch / "added")
    return scratch / "added"


@pytest.fixture(scope="session")
def plain_server(tmp_path_factory, plain_added):
    with running(start_explorer_server, tmp_path_factory.mktemp("plain-server") / "server.log", added_dir=plain_added) as server:
        yield server


@pytest.fixture(scope="session")
def plain_site(tmp_path_factory, plain_added):
    with running(start_static_site, tmp_path_factory.mktemp("plain-site"), "site", added_dir=plain_added, originals=False) as server:
        yield server


@pytest.fixture(params=["served", "static"])
def plain(request):
    return request.getfixturevalue("plain_server" if request.param == "served" else "plain_site")


def query_of(page):
    return urllib.parse.parse_qs(urllib.parse.urlparse(page.url).query)


def hue(colour):
    """An [r, g, b] colour scaled to unit length: fog darkens a farther point towards the background, which
    changes its brightness, not its hue."""
    return colour / np.linalg.norm(colour)


def drawn_colours(page, latents, dimension):
    """The mean drawn colour of the visible points among the EXTREMES highest and the EXTREMES lowest in latent
    `dimension` (0-based): (highest, lowest), each [r, g, b]."""
    order = np.argsort(latents[:, dimension])
    means = []
    for indices in (order[-EXTREMES:], order[:EXTREMES]):
        pixels = [pixel for pixel in page.evaluate(PIXELS_OF, [int(index) for index in indices]) if pixel]
        assert len(pixels) >= 5, f"only {len(pixels)} of {EXTREMES} points are in sight to read their colour"
        means.append(np.mean(pixels, axis=0))
    return means


def test_a_model_without_labels_is_coloured_by_the_chosen_latent_dimension(page, plain, latents):
    explorer = open_explorer(page, plain.url, DATASET, f"?dataset={DATASET}")
    choice = explorer.get_by_test_id("colour-by")
    expect(choice).to_be_visible()
    expect(explorer.get_by_role("combobox", name="Colour by")).to_be_visible()
    values = choice.locator("option").evaluate_all("options => options.map((option) => option.value)")
    assert values == ["class", *[f"dim:{k}" for k in range(DIMS)]]
    assert explorer.evaluate("explorer.state().colourBy") == "class"
    expect(explorer.get_by_test_id("legend-item")).to_have_count(1)
    highest, lowest = drawn_colours(explorer, latents, 1)
    assert np.abs(hue(highest) - hue(lowest)).max() < 0.03, "by class, every point has the one class colour"

    choice.select_option("dim:1")
    explorer.wait_for_function("explorer.state().colourBy === 'dim:1'")
    assert query_of(explorer)["colour"] == ["dim:1"]
    check_coloured_by_dimension_1(explorer, latents)

    explorer.reload()
    explorer.wait_for_function("id => performance.getEntriesByName('cloud-drawn:' + id).length > 0", arg=DATASET)
    explorer.wait_for_function("explorer.state().colourBy === 'dim:1'")
    expect(explorer.get_by_test_id("colour-by")).to_have_value("dim:1")
    check_coloured_by_dimension_1(explorer, latents)

    explorer.get_by_test_id("colour-by").select_option("class")
    explorer.wait_for_function("explorer.state().colourBy === 'class'")
    assert "colour" not in query_of(explorer)
    expect(explorer.get_by_test_id("legend-item")).to_have_count(1)
    highest, lowest = drawn_colours(explorer, latents, 1)
    assert np.abs(hue(highest) - hue(lowest)).max() < 0.03, "back to one colour"


def check_coloured_by_dimension_1(page, latents):
    """The legend shows the ramp of dimension 1 over its 2nd to 98th percentile, and the cloud is drawn in it."""
    ramp = page.get_by_test_id("legend-ramp")
    expect(ramp).to_be_visible()
    expect(ramp).to_contain_text("latent dimension 1")
    expect(page.get_by_test_id("legend-item")).to_have_count(0)
    low, high = np.percentile(latents[:, 1], [2, 98])
    shown = [float(page.get_by_test_id(end).inner_text()) for end in ("ramp-low", "ramp-high")]
    assert shown == pytest.approx([low, high], rel=0.01), "the ramp's ends are the dimension's 2nd and 98th percentiles"
    assert "linear-gradient" in ramp.locator(".ramp-bar").evaluate("bar => getComputedStyle(bar).backgroundImage")
    highest, lowest = drawn_colours(page, latents, 1)
    # The ramp runs from blue (#2A788E) to yellow (#FDE725): far more red and green at the top, less blue.
    assert highest[0] > lowest[0] + 80 and highest[1] > lowest[1] + 40 and highest[2] < lowest[2] - 30, (highest, lowest)


def test_a_data_set_of_several_classes_drops_the_choice_and_hides_it(page, plain):
    explorer = open_explorer(page, plain.url, DATASET, f"?dataset={DATASET}&colour=dim:1")
    expect(explorer.get_by_test_id("colour-by")).to_have_value("dim:1")
    explorer.get_by_test_id("dataset-select").select_option("mnist")
    explorer.wait_for_function("id => performance.getEntriesByName('cloud-drawn:' + id).length > 0", arg="mnist")
    expect(explorer.get_by_test_id("colour-by")).to_be_hidden()
    expect(explorer.get_by_test_id("legend-item")).to_have_count(10)
    assert explorer.evaluate("explorer.state().colourBy") == "class"
    explorer.wait_for_function("!location.search.includes('colour=')")

    explorer.go_back()  # the link of the unlabelled model, coloured as it was
    explorer.wait_for_function("explorer.state().dataset === 'plain-8d' && explorer.state().colourBy === 'dim:1'")
    expect(explorer.get_by_test_id("legend-ramp")).to_contain_text("latent dimension 1")


def test_a_link_that_colours_a_labelled_data_set_by_a_dimension_says_so(page, plain_server):
    explorer = open_explorer(page, plain_server.url, "mnist", "?dataset=mnist&colour=dim:1")
    expect(explorer.get_by_test_id("notice")).to_contain_text("colour")
    expect(explorer.get_by_test_id("colour-by")).to_be_hidden()
    assert explorer.evaluate("explorer.state().colourBy") == "class"


def test_the_ramp_breaks_no_rule_of_the_content_security_policy(chromium, plain_server):
    context = chromium.new_context(viewport={"width": 1280, "height": 800})  # the policy kept: see test_security.py
    try:
        page = context.new_page()
        page.add_init_script(RECORD_VIOLATIONS)
        page.goto(f"{plain_server.url}/?dataset={DATASET}&colour=dim:1")
        wait_until(page, f"performance.getEntriesByName('cloud-drawn:{DATASET}').length > 0")
        expect(page.get_by_test_id("legend-ramp")).to_be_visible()
        assert "linear-gradient" in page.evaluate("getComputedStyle(document.querySelector('.ramp-bar')).backgroundImage")
        assert page.evaluate("window.cspViolations") == []
    finally:
        context.close()
