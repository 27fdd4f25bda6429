"""Models a user adds: any VAE's decoder and points, checked once and kept in the user folder beside the shipped ones.

``latent-explorer add`` checks everything before it copies anything: the points (finite, one row per image),
the decoder (an ONNX graph from ``(N, d)`` latents to images in [0, 1] of one of the layouts below), the
optional encoder, labels, class names, original images and standard deviations. Then it writes the model's
folder under ``<home>/added/<name>/`` in a temporary folder beside it and renames it into place, so nothing
half-copied is ever left. Each added folder holds the arrays as the server reads them (float32 latents, uint8
labels and images), the graphs as given, and ``model.json``: what the checks found.
"""
import json
import os
import re
import shutil
import tempfile
from pathlib import Path

import numpy as np

from latent_explorer.datasets import DATASETS
from latent_explorer.files import UMASK
from latent_explorer.layout import DECODER, ENCODER, LABELS, LATENTS, STDS, home
from latent_explorer.served_model import ImageLayout

ADDED_FOLDER = "added"
INFO = "model.json"
IMAGES = "images.npy"
NAME_PATTERN = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")
MAX_POINTS = 1_000_000
IMAGE_SIDES = (8, 256)  # the smallest and largest width or height of a model's images
CHANNELS = (1, 3)
MAX_CLASSES = 256  # labels are kept as uint8
PROBE_POINTS = 16  # latents the decoder (and the encoder) are tried on at add
RANGE_TOLERANCE = 1e-5  # a sigmoid's output may round a hair past 0 or 1 in float32
MEAN_NAMES = ("mean", "mu", "z_mean")
LOG_VARIANCE_NAMES = ("log_variance", "logvar", "log_var", "z_log_var")


class AddRefused(ValueError):
    """A model that cannot be added; the message says what was found and what is expected."""


def added_root():
    return home() / ADDED_FOLDER


def check_name(name):
    if not NAME_PATTERN.fullmatch(name or ""):
        raise AddRefused(f"the name {name!r} must be 1 to 64 lower-case letters, digits, '-' or '_', starting with a "
                         "letter or digit (it names a folder and appears in links); e.g. fashion-16d")
    if name in DATASETS:
        raise AddRefused(f"the name {name!r} is a shipped data set's; choose another, e.g. {name}-mine")
    return name


def named(source, flag):
    """How a message names an input: ``--flag path`` for a file given to `add`, the keyword (``labels``) for an
    array given to ``explore``."""
    return f"{flag} {source}" if isinstance(source, (str, os.PathLike)) else flag.lstrip("-").replace("-", "_")


def load_array(source, flag):
    """The array in the .npy file ``source`` (never unpickled), refused with the flag that named it; an array (numpy's,
    a torch tensor, anything numpy reads) is taken as it is."""
    if not isinstance(source, (str, os.PathLike)):
        if hasattr(source, "detach"):  # a torch tensor, on any device
            source = source.detach().cpu().numpy()
        array = np.asarray(source)
        if array.dtype.kind not in "biuf":
            raise AddRefused(f"{named(source, flag)} must be an array of numbers, found {type(source).__name__} of "
                             f"{array.dtype}")
        return array
    path = Path(source)
    try:
        return np.load(path, allow_pickle=False)
    except FileNotFoundError:
        raise AddRefused(f"{flag} file {path} does not exist") from None
    except (OSError, ValueError) as error:
        raise AddRefused(f"{flag} file {path} is not a .npy file numpy can read without pickle ({error}); save it "
                         "with numpy.save from a numeric array") from None


def checked_latents(path):
    what = named(path, "--latents")
    latents = load_array(path, "--latents")
    if latents.ndim != 2 or latents.shape[0] < 1 or latents.shape[1] < 1 or latents.dtype.kind not in "fiu":
        raise AddRefused(f"{what} must hold numbers of shape (N, d), found {latents.dtype} {latents.shape}")
    if len(latents) > MAX_POINTS:
        raise AddRefused(f"{what} holds {len(latents):,} points, more than the {MAX_POINTS:,} the page draws; "
                         "keep a sample of them")
    latents = latents.astype(np.float32)
    bad = ~np.isfinite(latents).all(axis=1)
    if bad.any():
        raise AddRefused(f"{what} holds {int(bad.sum())} points with NaN or infinite coordinates (the first: "
                         f"row {int(np.flatnonzero(bad)[0])}); drop or fix them")
    return latents


def onnx_session(path, flag):
    from latent_explorer.served_model import session
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise AddRefused(f"{flag} {path} cannot be read ({error.strerror})") from None
    try:
        return session(data), data
    except Exception as error:  # noqa: BLE001: onnxruntime raises its own types for a file it cannot load
        raise AddRefused(f"{flag} {path} is not an ONNX graph that ONNX Runtime can run "
                         f"({' '.join(str(error).split())[:300]})") from None


def decoder_layout(session, latents, image_shape, path):
    """The ImageLayout of the decoder ``session`` for points of ``latents``' size, checked on a few of them."""
    inputs, outputs = session.get_inputs(), session.get_outputs()
    dims = latents.shape[1]
    if len(inputs) != 1 or len(inputs[0].shape) != 2 or inputs[0].shape[1] not in (dims, None) and \
            not isinstance(inputs[0].shape[1], str):
        found = ", ".join(f"{item.name} {item.shape}" for item in inputs)
        raise AddRefused(f"--decoder {path} must take one input of shape (N, {dims}), the latents' size; it takes {found}")
    if "float" not in inputs[0].type:
        raise AddRefused(f"--decoder {path} must take float input, it takes {inputs[0].type}")
    output = run_decoder(session, probe_points(latents), path)
    layout = decoder_output_layout(output.shape, image_shape, f"--decoder {path}")
    check_pixel_range(output, f"--decoder {path}")
    return layout, len(outputs)


def check_pixel_range(output, what):
    low, high = float(np.min(output)), float(np.max(output))
    if not (np.isfinite(output).all() and low >= -RANGE_TOLERANCE and high <= 1 + RANGE_TOLERANCE):
        raise AddRefused(f"{what} must output images in [0, 1] (pixel probabilities, e.g. after a sigmoid), "
                         f"found values from {low:g} to {high:g}")


def probe_points(latents):
    """A few latents to try a graph on: some data points and their mean."""
    picked = latents[np.linspace(0, len(latents) - 1, min(PROBE_POINTS - 1, len(latents))).astype(int)]
    return np.vstack([picked, latents.mean(axis=0, keepdims=True)]).astype(np.float32)


def run_decoder(session, points, path):
    try:
        return np.asarray(session.run(None, {session.get_inputs()[0].name: points})[0])
    except Exception as error:  # onnxruntime raises its own types for a graph that cannot run on these inputs
        raise AddRefused(f"--decoder {path} failed on {points.shape} float32 latents "
                         f"({' '.join(str(error).split())[:300]})") from None


def decoder_output_layout(shape, image_shape, what, shape_flag="--image-shape"):
    """The ImageLayout of a decoder whose output for N latents has ``shape``; ``what`` names the decoder in messages."""
    expected = "(N, H, W), (N, H, W, C) or (N, C, H, W) with C = 1 or 3, or (N, H·W·C) with --image-shape"
    if len(shape) == 2:
        if image_shape is None:
            raise AddRefused(f"{what} outputs flat images {tuple(shape)}; say their shape with "
                             f"{shape_flag} H,W or H,W,C (e.g. 28,28)")
        height, width, channels = (*image_shape, 1)[:3]
        if height * width * channels != shape[1]:
            raise AddRefused(f"{shape_flag} {','.join(map(str, image_shape))} has {height * width * channels} values, "
                             f"but {what} outputs {shape[1]} per image")
        layout = ImageLayout("flat", height, width, channels)
    elif len(shape) == 3:
        layout = ImageLayout("hw", shape[1], shape[2], 1)
    elif len(shape) == 4 and shape[3] in CHANNELS:
        layout = ImageLayout("hwc", shape[1], shape[2], shape[3])
    elif len(shape) == 4 and shape[1] in CHANNELS:
        layout = ImageLayout("chw", shape[2], shape[3], shape[1])
    else:
        raise AddRefused(f"{what} outputs {tuple(shape)}, which is not an image batch; expected {expected}")
    if layout.channels not in CHANNELS:
        raise AddRefused(f"{what} outputs images of {layout.channels} channels; expected {expected}")
    for side in (layout.height, layout.width):
        if not IMAGE_SIDES[0] <= side <= IMAGE_SIDES[1]:
            raise AddRefused(f"{what} outputs {layout.height}x{layout.width} images; each side must be from "
                             f"{IMAGE_SIDES[0]} to {IMAGE_SIDES[1]} pixels")
    return layout


def encoder_outputs(session, layout, latents, decoder, path, order):
    """The names of the encoder's mean and log-variance outputs, checked on images the decoder made."""
    outputs = [item.name for item in session.get_outputs()]
    dims = latents.shape[1]
    if len(outputs) != 2:
        raise AddRefused(f"--encoder {path} must have two outputs, the mean and the log-variance; it has {outputs}")
    if order:
        names = order
        unknown = [name for name in names if name not in outputs]
        if unknown:
            raise AddRefused(f"--encoder-outputs names {unknown}, which --encoder {path} does not have; it has {outputs}")
    else:
        mean = [name for name in outputs if name.lower() in MEAN_NAMES]
        log_variance = [name for name in outputs if name.lower() in LOG_VARIANCE_NAMES]
        if len(mean) != 1 or len(log_variance) != 1:
            raise AddRefused(f"cannot tell the mean from the log-variance among --encoder {path}'s outputs {outputs}; "
                             "say which is which with --encoder-outputs MEAN,LOG_VARIANCE")
        names = (mean[0], log_variance[0])
    images = layout.from_hwc(layout.as_hwc(run_decoder(decoder, probe_points(latents), "the decoder")))
    try:
        answers = dict(zip(outputs, session.run(None, {session.get_inputs()[0].name: images})))
    except Exception as error:  # noqa: BLE001: onnxruntime's own error types
        raise AddRefused(f"--encoder {path} failed on the decoder's images {images.shape} "
                         f"({' '.join(str(error).split())[:300]})") from None
    for name in names:
        if np.shape(answers[name]) != (len(images), dims) or not np.isfinite(answers[name]).all():
            raise AddRefused(f"--encoder {path}'s output {name!r} must be finite ({len(images)}, {dims}) for "
                             f"{len(images)} images, found {np.shape(answers[name])}")
    return list(names)


def checked_labels(path, count, classes, classes_flag="--classes"):
    if path is None:
        return np.zeros(count, np.uint8), classes or ("all",)
    what = named(path, "--labels")
    labels = load_array(path, "--labels")
    if labels.shape != (count,) or labels.dtype.kind not in "iu":
        raise AddRefused(f"{what} must hold {count} whole numbers, one per point, found {labels.dtype} "
                         f"{labels.shape}")
    if labels.min() < 0:
        raise AddRefused(f"{what} holds negative labels (the first at row {int(np.argmax(labels < 0))}); "
                         "labels count classes from 0")
    top = int(labels.max())
    classes = classes or tuple(str(label) for label in range(top + 1))
    if top >= len(classes):
        raise AddRefused(f"{what} holds label {top}, but {classes_flag} names {len(classes)} classes (labels 0 "
                         f"to {len(classes) - 1}); name every class")
    if len(classes) > MAX_CLASSES:
        raise AddRefused(f"{classes_flag} names {len(classes)} classes; at most {MAX_CLASSES} can be told apart")
    return labels.astype(np.uint8), classes


def checked_images(path, count, layout):
    what = named(path, "--images")
    images = load_array(path, "--images")
    expected = (count, layout.height, layout.width, layout.channels)
    if images.shape == expected[:3] and layout.channels == 1:
        images = images[..., None]
    if images.shape != expected:
        raise AddRefused(f"{what} must hold {count} images of the decoder's shape "
                         f"({layout.height}, {layout.width}{'' if layout.channels == 1 else ', 3'}), found {images.shape}")
    if images.dtype == np.uint8:
        return images
    if images.dtype.kind != "f" or not (np.isfinite(images).all() and images.min() >= 0 and images.max() <= 1):
        raise AddRefused(f"{what} must be uint8, or floats in [0, 1]; found {images.dtype} from "
                         f"{images.min()} to {images.max()}")
    return np.rint(images * 255).astype(np.uint8)


def checked_stds(path, latents):
    what = named(path, "--stds")
    stds = load_array(path, "--stds").astype(np.float32)
    if stds.shape != latents.shape:
        raise AddRefused(f"{what} must hold one row of {latents.shape[1]} per point, {latents.shape}, found "
                         f"{stds.shape}")
    if not (np.isfinite(stds) & (stds > 0)).all():
        raise AddRefused(f"{what} must hold finite positive standard deviations")
    return stds


def add_model(name, decoder, latents, labels=None, classes=None, encoder=None, images=None, stds=None, title=None,
              image_shape=None, encoder_order=None, root=None, metrics=None, train_count=None):
    """Check everything, then copy it into ``root/<name>/`` (default: the user folder's ``added/``); return its info.

    ``metrics`` (a model card's) and ``train_count`` (how many of the points, first, are training images) come from
    ``export --name``, which adds a model this project trained; a user's model has neither."""
    root = Path(root or added_root())
    check_name(name)
    if (root / name).exists():
        raise AddRefused(f"a model named {name!r} is already added ({root / name}); remove it first: "
                         f"latent-explorer remove {name}")
    points = checked_latents(latents)
    decoder_session, decoder_bytes = onnx_session(decoder, "--decoder")
    layout, _ = decoder_layout(decoder_session, points, image_shape, decoder)
    label_array, class_names = checked_labels(labels, len(points), tuple(classes) if classes else None)
    info = {
        "name": name, "title": title or name, "classes": list(class_names), "count": len(points),
        "latent_dim": int(points.shape[1]), "image_shape": [layout.height, layout.width, layout.channels],
        "decoder": {"input": decoder_session.get_inputs()[0].name, "layout": layout.kind},
        "encoder": None, "images": images is not None, "stds": stds is not None, "labels": labels is not None,
        "metrics": metrics or {}, "train_count": train_count or len(points),
    }
    arrays = {LATENTS: points, LABELS: label_array}
    if images is not None:
        arrays[IMAGES] = checked_images(images, len(points), layout)
    if stds is not None:
        arrays[STDS] = checked_stds(stds, points)
    graphs = {DECODER: decoder_bytes}
    if encoder is not None:
        encoder_session, graphs[ENCODER] = onnx_session(encoder, "--encoder")
        info["encoder"] = {"input": encoder_session.get_inputs()[0].name,
                           "outputs": encoder_outputs(encoder_session, layout, points, decoder_session, encoder,
                                                      encoder_order)}
    root.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(prefix=f".{name}.adding-", dir=root))
    try:
        for file_name, array in arrays.items():
            np.save(building / file_name, array, allow_pickle=False)
        for file_name, data in graphs.items():
            (building / file_name).write_bytes(data)
        (building / INFO).write_text(json.dumps(info, indent=2) + "\n")
        os.chmod(building, 0o777 & ~UMASK)  # mkdtemp's folder is the owner's alone, unlike any other folder made
        os.rename(building, root / name)
    finally:
        shutil.rmtree(building, ignore_errors=True)
    return info


def added_models(root=None):
    """name -> info of every model added under ``root`` (default: the user folder's ``added/``)."""
    root = Path(root or added_root())
    models = {}
    for folder in sorted(root.iterdir()) if root.is_dir() else ():
        if folder.is_dir() and NAME_PATTERN.fullmatch(folder.name) and (folder / INFO).is_file():
            try:
                models[folder.name] = json.loads((folder / INFO).read_text())
            except ValueError:
                models[folder.name] = None  # unreadable: the store names it
    return models


def remove_model(name, root=None):
    root = Path(root or added_root())
    folder = root / name
    if not NAME_PATTERN.fullmatch(name or "") or not (folder / INFO).is_file():
        known = ", ".join(added_models(root)) or "none"
        raise AddRefused(f"no added model is named {name!r}; added: {known}")
    # Renamed first, so that a removal cut short leaves no half-model that the server would try to load.
    doomed = Path(tempfile.mkdtemp(prefix=f".{name}.removing-", dir=root))
    os.rename(folder, doomed / name)
    shutil.rmtree(doomed)
