"""Export: from one checkpoint, the posterior of every image (its mean, the point, and its standard deviations),
and the encoder and decoder as ONNX for the server.

Everything lands in ``data/<id>/``, each file through an atomic rename, the manifest last: it
records the checkpoint's checksum and the graphs', so the server can tell stale graphs from
good ones. The graphs' bytes depend only on the checkpoint (and the exporter's version); the
posteriors' bytes (means and standard deviations) on the checkpoint and the CPU's matrix kernels
(see the README).
"""
import io
import json
import shutil
from contextlib import redirect_stdout

import numpy as np
import torch

from latent_explorer.raw_data import load_split
from latent_explorer.files import atomic_folder, atomic_path, sha256_of, write_json
from latent_explorer.images import IMAGE_PIXELS
from latent_explorer.training.inference import one_torch_thread, posterior, to_unit_float
from latent_explorer.layout import DECODER, ENCODER, LABELS, LATENTS, MANIFEST, STDS, TIMELINE_DIR, TIMELINE_INFO
from latent_explorer.served_model import ServedModel

ONNX_OPSET = 20
# The ONNX graphs must reproduce the checkpoint: the largest difference allowed on a probe batch. ONNX Runtime's
# float32 kernels sum in another order than torch's; through the 1024- and 512-unit layers the MNIST retrain of
# 2026-12-02 differed by up to 2.0e-5 in a pixel (1e-5 refused it), a 200th of a grey level. An export that is
# wrong differs by orders of magnitude more.
AGREEMENT_TOLERANCE = 5e-5
STACK_TRACE_KEY = "pkg.torch.onnx.stack_trace"


class _Encoder(torch.nn.Module):
    """pixels float32 ``(N, 784)`` in [0, 1] -> ``(mean, log_variance)``, each ``(N, latent_dim)``."""

    def __init__(self, vae):
        super().__init__()
        self.vae = vae

    def forward(self, pixels):
        return self.vae.encode(pixels)


class _Decoder(torch.nn.Module):
    """z float32 ``(N, latent_dim)`` -> pixel probabilities float32 ``(N, 784)`` in [0, 1]."""

    def __init__(self, vae):
        super().__init__()
        self.vae = vae

    def forward(self, z):
        return self.vae.decode(z).reshape(-1, IMAGE_PIXELS)


def export(model, checkpoint_sha256, dataset_id, folder, data_root=None):
    """Write ``latents.npy``, ``labels.npy``, ``stds.npy``, ``encoder.onnx``, ``decoder.onnx`` and ``manifest.json``
    to ``folder``; return ``(latents, labels)``.

    The training images come first, then the test images, each in the raw files' order.
    """
    splits = [load_split(dataset_id, train=train, data_root=data_root) for train in (True, False)]
    posteriors = [posterior(model, images) for images, _ in splits]
    latents = np.concatenate([means for means, _ in posteriors])
    stds = np.concatenate([stds for _, stds in posteriors])
    labels = np.concatenate([labels for _, labels in splits]).astype(np.uint8)
    encoder = onnx_graph(_Encoder(model), ["pixels"], ["mean", "log_variance"], IMAGE_PIXELS)
    decoder = onnx_graph(_Decoder(model), ["z"], ["pixels"], model.latent_dim)
    check_agreement(model, ServedModel.from_graphs(encoder, decoder), splits[1][0])
    for name, array in ((LATENTS, latents), (LABELS, labels), (STDS, stds)):
        with atomic_path(folder / name) as temporary:
            with open(temporary, "wb") as file:
                np.save(file, array)
    for name, graph in ((ENCODER, encoder), (DECODER, decoder)):
        with atomic_path(folder / name) as temporary:
            temporary.write_bytes(graph)
    write_json(folder / MANIFEST, {
        "dataset": dataset_id, "checkpoint_sha256": checkpoint_sha256, "architecture": model.architecture(),
        "files": {name: sha256_of(folder / name) for name in (ENCODER, DECODER)},
    })
    return latents, labels


def copy_timeline(source, folder, checkpoint_sha256):
    """Copy ``train --timeline``'s folder ``source`` to ``folder``/timeline (replacing it whole) when it is there and was
    recorded by the checkpoint being exported; return what was done, for the command's report."""
    try:
        recorded = json.loads((source / TIMELINE_INFO).read_text()).get("checkpoint_sha256")
    except (OSError, ValueError):
        return None
    if recorded != checkpoint_sha256:
        return (f"left out {source}: it was recorded by another training run than this checkpoint's; "
                f"train again with --timeline to remake it")
    target = folder / TIMELINE_DIR
    with atomic_folder(target) as building:
        for path in sorted(source.iterdir()):
            shutil.copyfile(path, building / path.name)
    return f"copied the timeline to {target}"


def onnx_graph(module, input_names, output_names, input_width):
    """The bytes of ``module`` as an ONNX graph with a free batch dimension, the same for the same weights."""
    import onnx
    with one_torch_thread(), redirect_stdout(io.StringIO()):  # the exporter narrates its steps
        program = torch.onnx.export(module.eval(), (torch.zeros(2, input_width),), dynamo=True, opset_version=ONNX_OPSET,
                                    input_names=input_names, output_names=output_names, verbose=False,
                                    dynamic_shapes=({0: torch.export.Dim("n")},))
    proto = program.model_proto
    # "2.14.1+cu130" and "2.14.1+cpu" write the same graph; keep the build out of the bytes.
    proto.producer_version = torch.__version__.split("+")[0]
    # The exporter notes each node's Python stack: this file's path and line numbers and those of the
    # installed torch, which would make the bytes depend on where the code lives and on any edit to it.
    for node in proto.graph.node:
        kept = [entry for entry in node.metadata_props if entry.key != STACK_TRACE_KEY]
        del node.metadata_props[:]
        node.metadata_props.extend(kept)
    onnx.checker.check_model(proto)
    return proto.SerializeToString()


def check_agreement(model, served, images):
    """Raise unless the served graphs give the checkpoint's posteriors and images on ``images``."""
    for name, difference in largest_differences(model, served, images).items():
        if not difference <= AGREEMENT_TOLERANCE:
            raise RuntimeError(f"the ONNX export disagrees with the checkpoint: {name} differ by up to {difference:g} "
                               f"(allowed {AGREEMENT_TOLERANCE:g}); its files were not written")


def largest_differences(model, served, images, points=None, batch=5000):
    """The largest absolute differences between the served graphs and the checkpoint in torch, over uint8 ``images``
    ``(N, 28, 28)`` batch by batch: posterior means and log-variances, reconstructions (encode then decode, each
    side end to end), and, given ``points`` ``(N, latent_dim)``, those points decoded (what a hover shows)."""
    largest = dict.fromkeys(("mean", "log_variance", "reconstruction", *(("point",) if points is not None else ())), 0.0)
    with one_torch_thread(), torch.inference_mode():
        for start in range(0, len(images), batch):
            x = to_unit_float(images[start:start + batch])
            mean, log_variance = model.encode(x)
            served_mean, served_log_variance = served.encode(x.reshape(len(x), IMAGE_PIXELS).numpy())
            pairs = {"mean": (served_mean, mean.numpy()), "log_variance": (served_log_variance, log_variance.numpy()),
                     "reconstruction": (served.decode(served_mean).reshape(len(x), -1),
                                        model.decode(mean).reshape(len(x), -1).numpy())}
            if points is not None:
                z = np.asarray(points[start:start + batch], np.float32)
                pairs["point"] = (served.decode(z).reshape(len(z), -1),
                                  model.decode(torch.from_numpy(z)).reshape(len(z), -1).numpy())
            for name, (served_value, torch_value) in pairs.items():
                largest[name] = max(largest[name], float(np.abs(served_value - torch_value).max()))
    return largest
