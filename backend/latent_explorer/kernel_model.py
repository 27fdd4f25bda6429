"""A notebook's model, run in the kernel as the notebook gave it, and the data set built around it in memory.

``explore`` (notebook.py) takes a torch module, the path of an ONNX file or any function from ``(N, d)`` float32
latents to images. KernelModel stands where the server's ServedModel stands (served_model.py), with its interface,
so that every API route answers for it unchanged. It is checked once, on a few latents, the way `latent-explorer
add` checks a decoder (added_models.py, whose checks and messages it shares); after that a decoder that raises, or
answers in another shape or range than it did then, fails the one request with ModelFailed, which names it.
"""
import os
import sys
from pathlib import Path

import numpy as np

from latent_explorer.added_models import (RANGE_TOLERANCE, AddRefused, check_pixel_range, checked_images,
                                          checked_labels, checked_latents, checked_stds, decoder_output_layout,
                                          probe_points)
from latent_explorer.added_store import AddedCard, AddedSpec, ImagesGiven
from latent_explorer.api.responses import ApiError
from latent_explorer.atlas import AtlasGrid
from latent_explorer.layout import LABELS, LATENTS, STDS
from latent_explorer.served_files import ServedFile
from latent_explorer.served_model import session
from latent_explorer.store import LoadedDataset

MODEL_ID = "notebook"  # the id of a notebook's data set in the API's paths: a widget serves only its own


class ModelFailed(ApiError):
    """The notebook's decoder or encoder raised, or answered unlike it did when it was checked. The request fails
    with a JSON error that names it (500: the model's fault, not the request's); the widget shows it too."""

    def __init__(self, message):
        super().__init__(500, message)


def as_function(model, what):
    """``model`` (a torch module or a bound method of one, the path of an ONNX file, or a function) as a function
    from a float32 numpy array to a numpy array, or a tuple of them for a model of several outputs."""
    if isinstance(model, (str, os.PathLike)):
        try:
            graph = session(Path(model).read_bytes())
        except OSError as error:
            raise AddRefused(f"{what} {model} cannot be read ({error.strerror})") from None
        except Exception as error:  # noqa: BLE001: onnxruntime raises its own types for a file it cannot load
            raise AddRefused(f"{what} {model} is not an ONNX graph that ONNX Runtime can run ({error})") from None
        name = graph.get_inputs()[0].name
        return lambda inputs: _numpy(graph.run(None, {name: inputs}))
    torch = sys.modules.get("torch")  # a torch module exists only where torch was imported
    module = model if torch and isinstance(model, torch.nn.Module) else getattr(model, "__self__", None)
    if torch is not None and isinstance(module, torch.nn.Module):
        parameter = next(module.parameters(), None)
        device = parameter.device if parameter is not None else "cpu"

        def run(inputs):
            # As it is: no eval() here, which would change the notebook's module under it; only no gradients.
            with torch.no_grad():
                return _numpy(model(torch.as_tensor(inputs, device=device)))
        return run
    if not callable(model):
        raise AddRefused(f"{what} must be a torch module, the path of an ONNX file, or a function from (N, d) float32 "
                         f"latents to images; found {type(model).__name__}")
    return lambda inputs: _numpy(model(inputs))


def _numpy(output):
    """A model's answer as numpy: a lone output unwrapped, a torch tensor brought to the CPU as float32."""
    if isinstance(output, (tuple, list)):
        parts = tuple(_numpy(part) for part in output)
        return parts[0] if len(parts) == 1 else parts
    if hasattr(output, "detach"):
        output = output.detach().float().cpu().numpy()
    return np.asarray(output)


class KernelModel:
    def __init__(self, decoder, latents, image_shape=None, encoder=None):
        """``decoder`` and ``encoder`` (or None): functions of as_function; checked on a few of ``latents``."""
        self._decoder, self._encoder = decoder, encoder
        self.latent_dim = latents.shape[1]
        probes = probe_points(latents)
        output = self._run(decoder, probes, "the decoder", AddRefused)
        if not isinstance(output, np.ndarray):
            raise AddRefused(f"the decoder must return one array of images, it returned {len(output)} outputs")
        self.layout = decoder_output_layout(output.shape, image_shape, "the decoder", "image_shape")
        check_pixel_range(output, "the decoder")
        self._output_shape = output.shape[1:]
        if encoder is not None:
            self._encode_checked(self.layout.as_hwc(output), AddRefused)

    @property
    def can_encode(self):
        return self._encoder is not None

    def decode(self, z):
        """float32 ``(N, latent_dim)`` -> pixel probabilities float32 ``(N, H, W, C)`` in [0, 1]."""
        z = np.asarray(z, np.float32)
        output = self._run(self._decoder, z, "the decoder", ModelFailed)
        if not isinstance(output, np.ndarray) or output.shape != (len(z), *self._output_shape):
            found = f"{len(output)} outputs" if isinstance(output, tuple) else f"shape {output.shape}"
            raise ModelFailed(f"the decoder returned {found} for {len(z)} latents; when it was checked it returned "
                              f"{self._output_shape} an image")
        if not (np.isfinite(output).all() and output.min() >= -RANGE_TOLERANCE and output.max() <= 1 + RANGE_TOLERANCE):
            raise ModelFailed(f"the decoder returned values outside [0, 1] (from {np.nanmin(output):g} to "
                              f"{np.nanmax(output):g}, or not finite) for {len(z)} latents")
        return self.layout.as_hwc(np.clip(output, 0, 1))

    def encode(self, images):
        """float32 images ``(N, H, W, C)`` in [0, 1] -> ``(mean, log_variance)``, each float32 ``(N, latent_dim)``."""
        return self._encode_checked(images, ModelFailed)

    def _encode_checked(self, images, failure):
        answer = self._run(self._encoder, self.layout.from_hwc(images), "the encoder", failure)
        shapes = [np.shape(part) for part in answer] if isinstance(answer, tuple) else [np.shape(answer)]
        if len(shapes) != 2 or any(shape != (len(images), self.latent_dim) for shape in shapes) or \
                not all(np.isfinite(part).all() for part in answer):
            raise failure(f"the encoder must return (mean, log_variance), each finite ({len(images)}, "
                          f"{self.latent_dim}) for {len(images)} images; it returned shapes {shapes}")
        return tuple(np.asarray(part, np.float32) for part in answer)

    @staticmethod
    def _run(function, inputs, what, failure):
        try:
            return function(inputs)
        except Exception as error:  # noqa: BLE001: whatever the notebook's code raises is reported, named
            raise failure(f"{what} raised {type(error).__name__} on {inputs.shape} float32 inputs: {error}") from None


def notebook_dataset(decoder, latents, labels=None, *, images=None, encoder=None, class_names=None, title=None,
                     stds=None, image_shape=None, dataset_id=MODEL_ID):
    """The LoadedDataset of a notebook's model and points, checked as `latent-explorer add` checks files."""
    points = checked_latents(latents)
    model = KernelModel(as_function(decoder, "the decoder"), points, image_shape,
                        None if encoder is None else as_function(encoder, "the encoder"))
    label_array, classes = checked_labels(labels, len(points), tuple(class_names) if class_names else None,
                                          "class_names")
    image_array = None if images is None else checked_images(images, len(points), model.layout)
    std_array = None if stds is None else checked_stds(stds, points)
    files = {LATENTS: ServedFile.of_array(points), LABELS: ServedFile.of_array(label_array)}
    if std_array is not None:
        files[STDS] = ServedFile.of_array(std_array)
    if image_array is not None and model.layout.channels == 1:
        image_array = image_array[..., 0]  # grey originals as (N, H, W), as the store keeps them
    height, width, _ = model.layout.shape
    originals = ImagesGiven(image_array, "the notebook gave no original images (explore's images=), so reconstructions "
                                         "stand in")
    return LoadedDataset(AddedSpec(dataset_id, title or "Notebook model", classes), model, AddedCard({}), points,
                         label_array, std_array, len(points), files, originals, {}, grid=AtlasGrid(max(height, width)))
