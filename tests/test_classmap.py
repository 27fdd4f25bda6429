"""The class map: its lattice and densities, the file and description `classmap` writes, and how it is served."""
import gzip
import io
import json
import shutil

import numpy as np
import pytest

from werkzeug.test import Client

from latent_explorer.added_models import add_model
from latent_explorer.app import create_app
from latent_explorer.classmap import (BOX_OUTSIDE, DATA_FLOOR, ClassMapError, class_densities, cloud_box,
                                      lattice_centres, write_classmap)
from latent_explorer.cli import main
from latent_explorer.datasets import DATASETS
from latent_explorer.layout import CLASSIFIER, CLASSMAP, CLASSMAP_INFO, DECODER
from latent_explorer.publish import publish
from latent_explorer.served_model import ServedClassifier, ServedModel, session
from made_models import classifier_graph
from test_added_models import made

SIZE = 8  # a small lattice: 512 decodes


@pytest.fixture
def copied(pipeline, tmp_path):
    """A copy of the tiny pipeline's models and points, which a test may change."""
    for name in ("MODELS_DIR", "POINTS_DIR"):
        shutil.copytree(pipeline[name], tmp_path / name)
    return {**pipeline, "MODELS_DIR": tmp_path / "MODELS_DIR", "POINTS_DIR": tmp_path / "POINTS_DIR"}


@pytest.fixture
def mapped(copied):
    """The copy with a made classifier beside MNIST's decoder and a class map of SIZE cells a side."""
    folder = copied["POINTS_DIR"] / "mnist"
    (folder / CLASSIFIER).write_bytes(classifier_graph(10))
    write_classmap(folder, DATASETS["mnist"], size=SIZE)
    return copied


def test_the_lattice_runs_x_fastest_through_cell_centres():
    centres = lattice_centres(np.array([0.0, 0, 0]), np.array([4.0, 2, 1]), 2)
    assert centres.shape == (8, 3)
    np.testing.assert_allclose(centres[:3], [[1, 0.5, 0.25], [3, 0.5, 0.25], [1, 1.5, 0.25]])
    np.testing.assert_allclose(centres[4], [1, 0.5, 0.75])


def test_the_box_leaves_out_only_the_farthest_points_on_each_axis():
    latents = np.random.default_rng(0).standard_normal((100_000, 3)) * [1, 2, 0.5]
    latents[:10] = 50  # far outliers do not stretch the box
    low, high = cloud_box(latents)
    inside = (latents >= low) & (latents <= high)
    np.testing.assert_allclose(inside.mean(axis=0), 1 - BOX_OUTSIDE, atol=1e-4)
    assert np.all(high < 10)


def test_a_point_s_density_peaks_in_its_cell_and_falls_off_evenly():
    low, high = np.zeros(3), np.full(3, 9.0)
    latents = np.array([[4.5, 4.5, 4.5], [0.5, 8.5, 0.5]])
    densities = class_densities(latents, np.array([0, 1]), 2, low, high, size=9, sigma=1.0)
    first = densities[0]
    assert np.unravel_index(first.argmax(), first.shape) == (4, 4, 4)
    assert first[4, 4, 3] == pytest.approx(first[4, 4, 5]) and first[4, 4, 3] == pytest.approx(first[3, 4, 4])
    assert first[4, 4, 3] < first[4, 4, 4]
    assert np.unravel_index(densities[1].argmax(), first.shape) == (0, 8, 0)  # [z, y, x]


def test_each_cell_holds_what_the_classifier_reads_at_its_centre(mapped):
    folder = mapped["POINTS_DIR"] / "mnist"
    array = np.load(folder / CLASSMAP)
    description = json.loads((folder / CLASSMAP_INFO).read_text())
    assert array.shape == (SIZE, SIZE, SIZE, 12) and array.dtype == np.uint8
    latents = np.load(folder / "latents.npy")
    low, high = cloud_box(latents)
    np.testing.assert_allclose(description["low"], low, atol=1e-6)
    np.testing.assert_allclose(description["high"], high, atol=1e-6)
    model = ServedModel(None, session((folder / DECODER).read_bytes()))
    classifier = ServedClassifier(session((folder / CLASSIFIER).read_bytes()))
    centres = lattice_centres(np.array(description["low"]), np.array(description["high"]), SIZE)
    classes, confidences = classifier.read(model.decode(centres))
    np.testing.assert_array_equal(array[..., 0].ravel(), classes)
    np.testing.assert_array_equal(array[..., 1].ravel(), np.round(confidences * 255))
    assert array[..., 2:].max() == 255
    assert sum(description["decoder_shares"]) == pytest.approx(1, abs=1e-3)
    assert sum(description["data_shares"]) == pytest.approx(1, abs=1e-3)
    with_data = array[..., 2:].max(axis=-1) >= DATA_FLOOR * 255
    disagreeing = with_data & (array[..., 0] != array[..., 2:].argmax(axis=-1))
    assert (description["cells_with_data"], description["disagreeing_cells"]) == (with_data.sum(), disagreeing.sum())


def test_the_map_is_the_same_bytes_each_time(mapped):
    folder = mapped["POINTS_DIR"] / "mnist"
    first = (folder / CLASSMAP).read_bytes()
    write_classmap(folder, DATASETS["mnist"], size=SIZE)
    assert (folder / CLASSMAP).read_bytes() == first


def test_without_a_classifier_the_command_says_which_to_run_and_writes_nothing(copied, capsys):
    code = main(["classmap", "mnist", "--points-dir", str(copied["POINTS_DIR"])])
    assert code == 2
    assert "latent-explorer train-classifier mnist" in capsys.readouterr().err
    assert not (copied["POINTS_DIR"] / "mnist" / CLASSMAP).exists()


def test_a_classifier_of_the_wrong_class_count_is_refused(copied):
    folder = copied["POINTS_DIR"] / "mnist"
    (folder / CLASSIFIER).write_bytes(classifier_graph(7))
    with pytest.raises(ClassMapError, match="reads 7 classes"):
        write_classmap(folder, DATASETS["mnist"], size=SIZE)
    assert not (folder / CLASSMAP).exists()


def test_the_listing_describes_the_map_and_the_file_is_served_with_etag_and_gzip(mapped):
    client = create_app(mapped).test_client()
    entries = {entry["id"]: entry for entry in client.get("/api/datasets").get_json()["datasets"]}
    mnist, fashion = entries["mnist"], entries["fashion-mnist"]
    assert mnist["classifier"] is True and mnist["classmap_missing"] is None
    assert mnist["classmap"]["shape"] == [SIZE, SIZE, SIZE, 12] and mnist["classmap"]["kernel_sigma"] > 0
    assert "decoder_sha256" not in mnist["classmap"]
    assert fashion["classmap"] is None and "train-classifier fashion-mnist" in fashion["classmap_missing"]
    response = client.get("/api/datasets/mnist/classmap.npy", headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200 and response.headers["Content-Encoding"] == "gzip"
    served = np.load(io.BytesIO(gzip.decompress(response.data)))
    np.testing.assert_array_equal(served, np.load(mapped["POINTS_DIR"] / "mnist" / CLASSMAP))
    again = client.get("/api/datasets/mnist/classmap.npy", headers={"If-None-Match": response.headers["ETag"],
                                                                    "Accept-Encoding": "gzip"})
    assert again.status_code == 304
    missing = client.get("/api/datasets/fashion-mnist/classmap.npy")
    assert missing.status_code == 404 and "train-classifier fashion-mnist" in missing.get_json()["error"]


def test_a_map_made_with_another_classifier_is_not_served(mapped):
    (mapped["POINTS_DIR"] / "mnist" / CLASSIFIER).write_bytes(classifier_graph(10, seed=1))
    client = create_app(mapped).test_client()
    mnist = client.get("/api/datasets").get_json()["datasets"][0]
    assert mnist["classifier"] is True and mnist["classmap"] is None
    assert "another decoder or classifier" in mnist["classmap_missing"]
    assert "latent-explorer classmap mnist" in mnist["classmap_missing"]
    assert client.get("/api/datasets/mnist/classmap.npy").status_code == 404


def test_decode_and_samples_answer_the_class_read_when_asked(mapped):
    client = create_app(mapped).test_client()
    folder = mapped["POINTS_DIR"] / "mnist"
    points = [[0.1, -0.2, 0.3], [1.5, 0.5, -1.0]]
    answer = client.post("/api/datasets/mnist/decode", json={"points": points, "classify": True}).get_json()
    model = ServedModel(None, session((folder / DECODER).read_bytes()))
    classes, confidences = ServedClassifier(session((folder / CLASSIFIER).read_bytes())).read(
        model.decode(np.array(points, np.float32)))
    assert [entry["label"] for entry in answer["classes"]] == classes.tolist()
    np.testing.assert_allclose([entry["confidence"] for entry in answer["classes"]], confidences, atol=1e-4)
    plain = client.post("/api/datasets/mnist/decode", json={"points": points}).get_json()
    assert "classes" not in plain and plain["images"] == answer["images"]
    sample = client.get("/api/datasets/mnist/samples/3?classify=true").get_json()
    assert 0 <= sample["class_read"]["label"] < 10 and 0 < sample["class_read"]["confidence"] <= 1
    assert "class_read" not in client.get("/api/datasets/mnist/samples/3?classify=false").get_json()


@pytest.mark.parametrize("request_kind, expected", [
    ("decode fashion", "fashion-mnist has no classifier"),
    ("decode not boolean", "'classify' must be true or false"),
    ("sample not boolean", "'classify' must be true or false"),
    ("sample other parameter", "unknown query parameter"),
])
def test_a_bad_classify_request_is_refused_by_name(mapped, request_kind, expected):
    client = create_app(mapped).test_client()
    response = {
        "decode fashion": lambda: client.post("/api/datasets/fashion-mnist/decode",
                                              json={"points": [[0, 0, 0]], "classify": True}),
        "decode not boolean": lambda: client.post("/api/datasets/mnist/decode", json={"points": [[0, 0, 0]],
                                                                                      "classify": "yes"}),
        "sample not boolean": lambda: client.get("/api/datasets/mnist/samples/0?classify=1"),
        "sample other parameter": lambda: client.get("/api/datasets/mnist/samples/0?size=9"),
    }[request_kind]()
    assert response.status_code == 400 and expected in response.get_json()["error"]


def test_the_fast_path_answers_classify_as_flask_does(mapped):
    app = create_app(mapped)
    body = {"points": [[0.2, 0.1, -0.4]], "classify": True}
    fast, flask_only = app.test_client(), Client(app.wsgi_app.wsgi_app.flask)
    answers = [client.post("/api/datasets/mnist/decode", json=body).get_data() for client in (fast, flask_only)]
    assert answers[0] == answers[1] and b'"classes"' in answers[0]
    samples = [client.get("/api/datasets/mnist/samples/9?classify=true").get_data() for client in (flask_only, fast)]
    assert samples[0] == samples[1] and b'"class_read"' in samples[0]


def test_a_hover_asking_the_class_read_is_answered_without_flask_from_one_decode(mapped):
    app = create_app({**mapped, "SAMPLE_CACHE_SIZE": 0})
    fast_path, dataset = app.wsgi_app.wsgi_app, app.extensions["datasets"].available["mnist"]

    def flask(environ, start_response):
        raise AssertionError(f"Flask answered {environ['PATH_INFO']}?{environ['QUERY_STRING']}")

    fast_path.flask = flask
    decodes = []
    decode = dataset.model.decode
    dataset.model.decode = lambda points: decodes.append(len(points)) or decode(points)
    answer = app.test_client().get("/api/datasets/mnist/samples/12?classify=true")
    assert answer.status_code == 200 and "class_read" in answer.get_json() and decodes == [1]


def test_publish_takes_the_map_and_the_classifier_into_the_site(mapped, tmp_path):
    site = tmp_path / "site"
    publish(site, create_app(mapped), ["mnist"], originals=False)
    folder = mapped["POINTS_DIR"] / "mnist"
    assert (site / "datasets/mnist" / CLASSMAP).read_bytes() == (folder / CLASSMAP).read_bytes()
    assert (site / "datasets/mnist" / CLASSIFIER).read_bytes() == (folder / CLASSIFIER).read_bytes()
    listing = json.loads((site / "datasets.json").read_text())
    assert listing["datasets"][0]["classmap"]["size"] == SIZE


def test_an_added_model_has_no_map_and_says_so(mapped, tmp_path):
    files = made(tmp_path / "made", dims=3, height=28, width=28)
    add_model("own", files / "decoder.onnx", files / "latents.npy", root=tmp_path / "added")
    client = create_app({**mapped, "ADDED_DIR": tmp_path / "added"}).test_client()
    own = {entry["id"]: entry for entry in client.get("/api/datasets").get_json()["datasets"]}["own"]
    assert own["classifier"] is False and own["classmap"] is None and "shipped data sets" in own["classmap_missing"]
    response = client.post("/api/datasets/own/decode", json={"points": [[0, 0, 0]], "classify": True})
    assert response.status_code == 400 and "own has no classifier" in response.get_json()["error"]
