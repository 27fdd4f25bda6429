"""The served model: the exported encoder and decoder, run by ONNX Runtime without torch.

One intra-op thread per session and sequential execution: the server answers requests in
parallel on its own threads, and a thread pool inside each call would only add hand-offs
that cost more than a one-point decode. Sessions are built once, at start-up, and are safe
to run from several threads at once.
"""
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


class ServedModel:
    def __init__(self, encoder, decoder):
        """``encoder`` and ``decoder``: sessions of the graphs that export writes."""
        self._encoder, self._decoder = encoder, decoder
        self.latent_dim = decoder.get_inputs()[0].shape[1]

    @classmethod
    def from_graphs(cls, encoder, decoder):
        """From the bytes of the two ONNX files."""
        return cls(session(encoder), session(decoder))

    def encode(self, pixels):
        """float32 ``(N, 784)`` in [0, 1] -> ``(mean, log_variance)``, each float32 ``(N, latent_dim)``."""
        return tuple(self._encoder.run(None, {"pixels": np.asarray(pixels, np.float32)}))

    def decode(self, z):
        """float32 ``(N, latent_dim)`` -> pixel probabilities float32 ``(N, 784)`` in [0, 1]."""
        return self._decoder.run(None, {"z": np.asarray(z, np.float32)})[0]
