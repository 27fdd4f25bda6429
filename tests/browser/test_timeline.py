"""The Training control: the test points through training, the loss chart, the strip of what each kept decoder drew,
the epoch in the link, served and in a published site. No shipped data set has a timeline yet, so the tests make one
for MNIST: its test points moving from a random cloud to their exported places over EPOCHS epochs."""
import json
import shutil
import urllib.request

import numpy as np
import pytest
from playwright.sync_api import expect

from latent_explorer.tools.harness import (explorer_models_dir, explorer_points_dir, open_explorer,
                                           start_explorer_server, start_static_site)
from made_models import decoder_graph
from page_helpers import png_pixels, running

EPOCHS = 6
KEPT = (1, 2, 5, 6)
TEST_INDEX = 25  # a test point: data point first_index + 25


def made_timeline(folder):
    """MNIST's test points from a wide random cloud (epoch 0) to their exported latents (the last epoch), in float16,
    decoders of random weights for the kept epochs but the last, which is the exported decoder."""
    card = json.loads((explorer_models_dir() / "mnist.json").read_text())
    train_count = card["training"]["train_images"]
    final = np.load(folder / "latents.npy")[train_count:]
    start = np.random.default_rng(0).normal(0, 3, final.shape)
    share = np.linspace(0, 1, EPOCHS + 1)[:, None, None]
    points = ((1 - share) * start + share * final).astype(np.float16)
    timeline = folder / "timeline"
    timeline.mkdir()
    np.save(timeline / "timeline.npy", points)
    names = {epoch: f"decoder-epoch-{epoch:03d}.onnx" for epoch in KEPT}
    for epoch in KEPT[:-1]:
        (timeline / names[epoch]).write_bytes(decoder_graph(3, 28, 28, layout="flat", seed=epoch)[0])
    shutil.copy(folder / "decoder.onnx", timeline / names[EPOCHS])
    (timeline / "timeline.json").write_text(json.dumps({
        "epochs": EPOCHS, "decoders": {str(epoch): name for epoch, name in names.items()},
        "epoch_0": {"test_loss": 543.2, "test_reconstruction": 543.0, "test_kl": 0.2, "test_knn5": 0.31},
        "checkpoint_sha256": card["checkpoint_sha256"]}))
    return points.astype(np.float32), train_count


@pytest.fixture(scope="module")
def recorded(tmp_path_factory):
    """The shipped points with a timeline made for MNIST (Fashion-MNIST has none): {folder, points, first}."""
    folder = tmp_path_factory.mktemp("timeline") / "points"
    shutil.copytree(explorer_points_dir(), folder, ignore=shutil.ignore_patterns("timeline"))
    points, first = made_timeline(folder / "mnist")
    return {"folder": folder, "points": points, "first": first}


@pytest.fixture(scope="module")
def recorded_server(tmp_path_factory, recorded):
    with running(start_explorer_server, tmp_path_factory.mktemp("timeline-server") / "server.log", recorded["folder"]) as server:
        yield server


@pytest.fixture(scope="module")
def recorded_site(tmp_path_factory, recorded):
    with running(start_static_site, tmp_path_factory.mktemp("timeline-site"), "site", points=recorded["folder"], originals=False) as server:
        yield server


@pytest.fixture(params=["served", "static"])
def site(request):
    return request.getfixturevalue("recorded_server" if request.param == "served" else "recorded_site")


TIMELINE_FETCHED = r"performance.getEntriesByType('resource').map((entry) => entry.name).filter((name) => /timeline(\.npy|\/)/.test(name))"


def open_timeline(page, site, query=""):
    open_explorer(page, site.url, "mnist", query)
    if "epoch=" not in query:
        assert page.evaluate(TIMELINE_FETCHED) == [], "nothing of the timeline is fetched before it is opened"
        page.get_by_test_id("timeline").check()
    page.wait_for_function("explorer.state().epoch !== null && explorer.state().shownCount === 10000")
    return page


def go_to(page, epoch):
    page.get_by_test_id("timeline-slider").fill(str(epoch))
    page.wait_for_function("epoch => explorer.state().epoch === epoch", arg=epoch)
    page.evaluate("explorer.drawNow()")


def shown_at(page, index):
    return page.evaluate("index => explorer.screenPosition(index)", index)


def test_the_slider_moves_the_test_points_and_hover_picks_them_where_they_are_shown(page, site, recorded):
    open_timeline(page, site)
    assert page.evaluate("explorer.state().epoch") == EPOCHS, "the control opens on the space as trained"
    index = recorded["first"] + TEST_INDEX
    final_place = shown_at(page, index)
    assert final_place == page.evaluate("p => explorer.screenPositionOf(p)", recorded["points"][EPOCHS, TEST_INDEX].tolist())
    before = page.evaluate("explorer.drawCount")
    go_to(page, 1)
    assert page.evaluate("explorer.drawCount") > before + 1, "the points glide to the chosen epoch over several frames"
    early_place = shown_at(page, index)
    expected = page.evaluate("p => explorer.screenPositionOf(p)", recorded["points"][1, TEST_INDEX].tolist())
    assert abs(early_place["x"] - expected["x"]) < 0.01 and abs(early_place["y"] - expected["y"]) < 0.01
    assert abs(early_place["x"] - final_place["x"]) + abs(early_place["y"] - final_place["y"]) > 5

    # Picking reads the positions shown: a point is found where it is drawn at this epoch.
    picked = page.evaluate("""(first) => {
      for (let i = 0; i < 10000; i += 7) {
        const p = explorer.screenPosition(first + i);
        if (p && explorer.pick(Math.round(p.x), Math.round(p.y)) === first + i) return { index: first + i, ...p };
      }
      return null;
    }""", recorded["first"])
    assert picked is not None and picked["index"] >= recorded["first"]
    page.mouse.move(round(picked["x"]), round(picked["y"]))
    page.wait_for_function("i => explorer.state().hovered === i", arg=picked["index"])

    # The strip: the hovered point's place at this epoch, as each kept decoder drew it.
    frames = page.get_by_test_id("timeline-strip").locator("figure")
    expect(frames).to_have_count(len(KEPT))
    assert frames.locator("figcaption").all_text_contents() == [f"epoch {epoch}" for epoch in KEPT]
    assert all(src.startswith("data:image/png;base64,") for src in frames.locator("img").evaluate_all("els => els.map((e) => e.src)"))

    # The legend lights classes among the points shown: a point of a dimmed class is no longer picked where it is.
    label = int(np.load(explorer_points_dir() / "mnist" / "labels.npy")[picked["index"]])
    page.locator(f"[data-testid=legend-item][data-class='{(label + 1) % 10}']").click()
    page.wait_for_function("explorer.state().highlighted.length === 1")
    assert page.evaluate("([x, y]) => explorer.pick(x, y)", [round(picked["x"]), round(picked["y"])]) != picked["index"]
    page.locator("#show-all").click()

    # Closing returns to the final space, every point.
    page.get_by_test_id("timeline").uncheck()
    page.wait_for_function("explorer.state().epoch === null")
    assert page.evaluate("explorer.state().shownCount") == page.evaluate("explorer.state().count") == 70000
    closed_place = shown_at(page, index)  # the exported latent, which the last epoch holds to float16 precision
    assert abs(closed_place["x"] - final_place["x"]) < 0.1 and abs(closed_place["y"] - final_place["y"]) < 0.1
    expect(page.get_by_test_id("timeline-strip")).to_be_hidden()


def test_the_chart_marks_the_epoch_says_its_figures_and_a_click_goes_there(page, site):
    open_timeline(page, site)
    chart = page.get_by_test_id("loss-chart")
    expect(chart).to_be_visible()
    assert chart.locator("path").count() == 4
    box = chart.bounding_box()
    # The chart's x runs from epoch 0 at its left margin to the last at its right: aim at epoch 2.
    x = box["x"] + box["width"] * (4 + 2 / EPOCHS * (260 - 8)) / 260
    page.mouse.move(x, box["y"] + box["height"] / 2)
    expect(page.get_by_test_id("loss-chart-readout")).to_contain_text("epoch 2: test loss")
    page.mouse.click(x, box["y"] + box["height"] / 2)
    page.wait_for_function("explorer.state().epoch === 2")
    marker = chart.locator("line")
    assert float(marker.get_attribute("x1")) == pytest.approx(4 + 2 / EPOCHS * 252, abs=0.1)
    page.mouse.move(box["x"] + 2, box["y"] + 2)
    expect(page.get_by_test_id("loss-chart-readout")).to_contain_text("epoch 0: test loss 543.2 (reconstruction 543.0, KL 0.2), 5-NN accuracy 31.0%")

    page.get_by_test_id("timeline-play").click()
    page.wait_for_function(f"explorer.state().epoch > 2 && explorer.state().epoch < {EPOCHS}")
    page.wait_for_function(f"explorer.state().epoch === {EPOCHS}", timeout=30_000)
    expect(page.get_by_test_id("timeline-play")).to_have_text("Play")


def test_the_link_keeps_the_epoch_and_a_reload_restores_it(page, site):
    open_timeline(page, site)
    go_to(page, 3)
    page.wait_for_function("/[?&]epoch=3(&|$)/.test(location.search)")
    page.reload()
    page.wait_for_function("window.explorer?.state().epoch === 3 && explorer.state().shownCount === 10000")
    expect(page.get_by_test_id("timeline")).to_be_checked()
    expect(page.get_by_test_id("timeline-slider")).to_have_value("3")
    open_explorer(page, site.url, "mnist", "?epoch=40")
    page.wait_for_function(f"explorer.state().epoch === {EPOCHS}")
    expect(page.get_by_test_id("notice")).to_contain_text(f"epoch: 40 is past the last epoch ({EPOCHS}); using {EPOCHS}")


def test_a_data_set_without_a_timeline_has_the_control_switched_off_and_says_how_to_make_one(page, site):
    open_explorer(page, site.url, "fashion-mnist", "?dataset=fashion-mnist&epoch=3")
    expect(page.get_by_test_id("timeline")).to_be_disabled()
    expect(page.get_by_test_id("timeline-missing")).to_contain_text("latent-explorer train fashion-mnist --timeline")
    expect(page.get_by_test_id("notice")).to_contain_text("epoch: Fashion-MNIST has no timeline; ignored it")
    assert page.evaluate("explorer.state().epoch") is None
    page.get_by_test_id("dataset-select").select_option("mnist")
    page.wait_for_function("explorer.state().dataset === 'mnist'")
    expect(page.get_by_test_id("timeline")).to_be_enabled()


def test_a_published_site_decodes_a_position_through_training_as_the_server_does(page, recorded_site, recorded_server):
    open_explorer(page, recorded_site.url, "mnist")
    point = [0.4, -1.2, 0.7]
    in_page = page.evaluate("""async (point) => {
      const api = await import(new URL('js/api.js', document.baseURI).href);
      return api.decodeTimeline('mnist', point);
    }""", point)
    request = urllib.request.Request(f"{recorded_server.url}/api/datasets/mnist/timeline/decode", method="POST",
                                     data=json.dumps({"point": point}).encode(), headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request) as response:
        served = json.load(response)["images"]
    assert [entry["epoch"] for entry in in_page] == [entry["epoch"] for entry in served] == list(KEPT)
    for mine, theirs in zip(in_page, served):
        assert np.abs(png_pixels(mine["image"]).astype(int) - png_pixels(theirs["image"]).astype(int)).max() <= 1
