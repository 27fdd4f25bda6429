"""The served model: the exported encoder and decoder, run by ONNX Runtime without torch.

One intra-op thread per session and sequential execution: the server answers requests in
parallel on its own threads, and a thread pool inside each call would only add hand-offs
that cost more than a one-point decode. Sessions are built once, at start-up, and are safe
to run from several threads at once.
"""
from dataclasses import dataclass

import numpy as np
import onnxruntime


def std_from_log_variance(log_variance):
    """The posterior's standard deviation exp(log σ² / 2), of a numpy array or a torch tensor: each is
    exponentiated by its own library, so that what export writes keeps torch's bits."""
    half = 0.5 * log_variance
    return half.exp() if hasattr(half, "exp") else np.exp(half)


def session(graph):
    """An ONNX Runtime session for ``graph``, the bytes of an ONNX file: one thread, sequential."""
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    options.execution_mode = onnxruntime.ExecutionMode.ORT_SEQUENTIAL
    return onnxruntime.InferenceSession(graph, options, providers=["CPUExecutionProvider"])


@dataclass(frozen=True)
class ImageLayout:
    """How a decoder's output holds its images: ``kind`` "hw", "hwc", "chw" or "flat" (the shipped ones: 784 values
    an image), and the images' shape. The encoder takes images in the same layout."""
    kind: str
    height: int
    width: int
    channels: int

    @property
    def shape(self):
        return self.height, self.width, self.channels

    def as_hwc(self, output):
        """The decoder's output ``(N, ...)`` as float32 ``(N, H, W, C)``."""
        output = np.asarray(output, np.float32)
        if self.kind == "chw":
            return output.transpose(0, 2, 3, 1)
        return output.reshape(len(output), *self.shape)

    def from_hwc(self, images):
        """Images ``(N, H, W, C)`` in the decoder's own layout, as the encoder takes them."""
        images = np.asarray(images, np.float32)
        if self.kind == "chw":
            return images.transpose(0, 3, 1, 2)
        return images.reshape({"hw": images.shape[:3], "hwc": images.shape, "flat": (len(images), -1)}[self.kind])


# The shipped models: 28 x 28 grey images, flat.
SHIPPED_LAYOUT = ImageLayout("flat", 28, 28, 1)


class ServedModel:
    def __init__(self, encoder, decoder, layout=SHIPPED_LAYOUT, encoder_outputs=None):
        """``encoder`` (or None) and ``decoder``: sessions of the graphs; ``layout``: the decoder's ImageLayout;
        ``encoder_outputs``: the names of the encoder's mean and log-variance (default: its two outputs in order)."""
        self._encoder, self._decoder = encoder, decoder
        self.layout = layout
        self.latent_dim = decoder.get_inputs()[0].shape[1]
        self._decoder_input = decoder.get_inputs()[0].name
        if encoder is not None:
            self._encoder_input = encoder.get_inputs()[0].name
            self._encoder_outputs = list(encoder_outputs or [output.name for output in encoder.get_outputs()])

    @classmethod
    def from_graphs(cls, encoder, decoder):
        """From the bytes of the two ONNX files."""
        return cls(session(encoder), session(decoder))

    @property
    def can_encode(self):
        return self._encoder is not None

    def encode(self, images):
        """float32 images ``(N, H, W, C)`` in [0, 1] -> ``(mean, log_variance)``, each float32 ``(N, latent_dim)``."""
        return tuple(self._encoder.run(self._encoder_outputs, {self._encoder_input: self.layout.from_hwc(images)}))

    def decode(self, z):
        """float32 ``(N, latent_dim)`` -> pixel probabilities float32 ``(N, H, W, C)`` in [0, 1]."""
        return self.layout.as_hwc(self._decoder.run(None, {self._decoder_input: np.asarray(z, np.float32)})[0])


class ServedClassifier:
    """The class map's classifier (train-classifier's classifier.onnx): grey 28 x 28 images as the decoder draws
    them -> the class each reads as and that class's probability."""

    def __init__(self, graph_session):
        self._session = graph_session
        self._input = graph_session.get_inputs()[0].name
        self.classes = graph_session.get_outputs()[0].shape[1]

    def read(self, images):
        """float32 ``(N, 28, 28, 1)`` in [0, 1] -> ``(classes uint8 (N,), confidences float32 (N,))``."""
        probabilities = self._session.run(None, {self._input: np.asarray(images, np.float32).reshape(len(images), -1)})[0]
        return probabilities.argmax(axis=1).astype(np.uint8), probabilities.max(axis=1).astype(np.float32)

    def classes_read(self, images):
        """``[{"label", "confidence"}, ...]``: what the API answers of ``read(images)``."""
        classes, confidences = self.read(images)
        return [{"label": int(label), "confidence": round(float(confidence), 4)}
                for label, confidence in zip(classes, confidences)]
