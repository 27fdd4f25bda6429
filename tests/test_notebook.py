"""explore(): the notebook's model checked and served by the kernel, and the widget's messages, without a notebook.

The widget's channel to the page is the kernel's comm; here its outgoing messages are recorded instead (there
is no page), and its incoming ones are handed to it as the comm would. The page side runs in a real JupyterLab in
tests/browser/test_notebook_widget.py.
"""
import base64
import io
import json

import numpy as np
import pytest
from PIL import Image

from latent_explorer import explore
from latent_explorer.added_models import AddRefused
from latent_explorer.notebook import page_files

from needs_torch import import_torch

RNG = np.random.default_rng(7)
LATENTS = RNG.normal(size=(300, 4)).astype(np.float32)
WEIGHTS = RNG.normal(size=(4, 12 * 10)).astype(np.float32)


def decoder(z):
    return (1 / (1 + np.exp(-(z @ WEIGHTS)))).reshape(len(z), 12, 10)


def recording(widget):
    sent = []
    widget.send = lambda content, buffers=None: sent.append((content, buffers or []))
    return sent


def ask(widget, method, path, body=None):
    """One API request as the page sends it; the kernel's answer: (status, parsed JSON or bytes)."""
    sent = recording(widget)
    widget._answer(widget, {"kind": "request", "id": "r1", "method": method, "path": path,
                            "headers": {"Content-Type": "application/json"}},
                   [] if body is None else [json.dumps(body).encode()])
    (content, buffers), = sent
    assert content["id"] == "r1"
    data = bytes(buffers[0])
    return content["status"], json.loads(data) if content["headers"]["Content-Type"] == "application/json" else data


def test_the_listing_and_a_decode_come_from_the_notebook_model():
    widget = explore(decoder, LATENTS, (LATENTS[:, 0] > 0).astype(int), class_names=["low", "high"], title="Mine")
    status, listing = ask(widget, "GET", "api/datasets")
    entry, = listing["datasets"]
    assert status == 200
    assert (entry["title"], entry["classes"], entry["count"], entry["latent_dim"], entry["image_shape"]) == \
        ("Mine", ["low", "high"], 300, 4, [12, 10, 1])
    status, answer = ask(widget, "POST", f"api/datasets/{entry['id']}/decode", {"points": [[0.5, 0, 0, -1]]})
    assert status == 200 and answer["images"][0].startswith("data:image/png;base64,")
    status, points = ask(widget, "GET", f"api/datasets/{entry['id']}/latents.npy")
    assert status == 200 and points.startswith(b"\x93NUMPY")


def test_a_decoder_that_fails_later_is_named_in_the_answer_and_on_the_widget_which_keeps_working():
    broken = {"now": False}

    def flaky(z):
        if broken["now"]:
            raise ValueError("out of memory, say")
        return decoder(z)

    widget = explore(flaky, LATENTS)
    broken["now"] = True
    status, answer = ask(widget, "POST", "api/datasets/notebook/decode", {"points": [[0, 0, 0, 0]]})
    assert status == 500
    assert answer["error"] == "the decoder raised ValueError on (1, 4) float32 inputs: out of memory, say"
    assert widget.error == answer["error"]
    broken["now"] = False
    status, _ = ask(widget, "POST", "api/datasets/notebook/decode", {"points": [[0, 0, 0, 0]]})
    assert status == 200


def test_a_decoder_that_changes_shape_after_its_check_fails_the_request_naming_both_shapes():
    shapes = iter([(12, 10)] + [(5, 5)] * 10)
    widget = explore(lambda z: np.full((len(z), *next(shapes)), 0.5, np.float32), LATENTS)
    status, answer = ask(widget, "POST", "api/datasets/notebook/decode", {"points": [[0, 0, 0, 0]]})
    assert status == 500
    assert answer["error"] == ("the decoder returned shape (1, 5, 5) for 1 latents; when it was checked it "
                               "returned (12, 10) an image")


def test_what_the_page_reports_reaches_the_traits():
    widget = explore(decoder, LATENTS)
    seen = []
    widget.observe(lambda change: seen.append(change["new"]), names="selection")
    widget._answer(widget, {"kind": "state", "state": {
        "selection": [3, 9], "hovered": 9, "control_points": [[0, 0, 0, 1], [1, 1, 1, 1]], "closed": True,
        "path": [[0, 0, 0, 1]], "highlight": [0], "camera": {"distance": 4.0}}}, [])
    assert (widget.selection, widget.hovered, widget.control_points, widget.closed, widget.path, widget.camera) == \
        ([3, 9], 9, [[0, 0, 0, 1], [1, 1, 1, 1]], True, [[0, 0, 0, 1]], {"distance": 4.0})
    assert seen == [[3, 9]]


def test_the_page_files_are_the_page_without_the_in_browser_runtime():
    files = page_files()
    assert {"index.html", "style.css", "js/main.js", "js/api-kernel.js", "vendor/gifenc/gifenc.esm.js"} <= set(files)
    assert not any("onnxruntime" in path or path == "widget.js" for path in files)


@pytest.mark.parametrize("arguments, message", [
    (dict(latents=LATENTS[:, :2]), "the decoder raised ValueError on (16, 2) float32 inputs"),
    (dict(latents=np.full((3, 4), np.nan, np.float32)), "latents holds 3 points with NaN or infinite coordinates"),
    (dict(labels=np.arange(299)), "labels must hold 300 whole numbers, one per point"),
    (dict(labels=np.arange(300) % 3, class_names=["a", "b"]), "labels holds label 2, but class_names names 2 classes"),
    (dict(images=np.zeros((300, 28, 28))), "images must hold 300 images of the decoder's shape (12, 10)"),
    (dict(decoder=lambda z: np.ones((len(z), 120)) * 2), "say their shape with image_shape H,W"),
    (dict(decoder=lambda z: decoder(z) * 3), "the decoder must output images in [0, 1]"),
    (dict(decoder=42), "the decoder must be a torch module, the path of an ONNX file, or a function"),
    (dict(encoder=lambda images: images), "the encoder must return (mean, log_variance)"),
])
def test_what_explore_refuses_it_names_as_the_notebook_gave_it(arguments, message):
    given = {"decoder": decoder, "latents": LATENTS, **arguments}
    with pytest.raises(AddRefused) as refused:
        explore(given.pop("decoder"), given.pop("latents"), **given)
    assert message in str(refused.value)


def test_a_flat_decoder_takes_its_image_shape_and_an_encoder_makes_the_pictures_encodable():
    flat = explore(lambda z: decoder(z).reshape(len(z), -1), LATENTS, image_shape=(12, 10),
                   encoder=lambda images: (np.zeros((len(images), 4)), np.zeros((len(images), 4))))
    status, listing = ask(flat, "GET", "api/datasets")
    assert listing["datasets"][0]["image_shape"] == [12, 10, 1] and listing["datasets"][0]["encoder"] is True


def test_a_shipped_data_set_by_its_id_and_an_unknown_one_refused():
    widget = explore("mnist")
    assert ask(widget, "GET", "api/datasets")[1]["datasets"][0]["id"] == "mnist"
    with pytest.raises(ValueError, match="'kmnist' is not a shipped data set"):
        explore("kmnist")
    with pytest.raises(TypeError, match="explore needs latents"):
        explore(decoder)


@pytest.mark.torch
def test_a_torch_module_runs_in_the_kernel_as_it_is():
    torch = import_torch()
    module = torch.nn.Sequential(torch.nn.Linear(4, 120), torch.nn.Sigmoid(), torch.nn.Unflatten(1, (1, 12, 10)))
    module.train()
    widget = explore(module, torch.from_numpy(LATENTS))
    assert module.training  # explore does not change the notebook's module
    status, listing = ask(widget, "GET", "api/datasets")
    assert listing["datasets"][0]["image_shape"] == [12, 10, 1]
    with torch.no_grad():
        expected = module(torch.zeros(1, 4)).numpy()[0, 0]
    status, answer = ask(widget, "POST", "api/datasets/notebook/decode", {"points": [[0, 0, 0, 0]]})
    assert status == 200
    png = base64.b64decode(answer["images"][0].split(",", 1)[1])
    assert np.array_equal(np.asarray(Image.open(io.BytesIO(png))), np.rint(expected * 255).astype(np.uint8))


def test_a_failing_decoder_is_run_once_a_request():
    calls = []

    def failing(z):
        calls.append(len(z))
        if len(calls) > 1:  # the first call is explore's check
            raise ValueError("broken")
        return decoder(z)

    widget = explore(failing, LATENTS)
    status, _ = ask(widget, "POST", "api/datasets/notebook/decode", {"points": [[0, 0, 0, 0]]})
    assert status == 500 and calls[1:] == [1]
