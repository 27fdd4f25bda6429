"""The model card, ``models/<id>.json``: what a checkpoint is, how it was trained and how well it does.

Its one home: training writes a new card (``new_card``), ``evaluate`` records the metrics
(``record_metrics``), and the server reads what it needs through ``read_card``. No torch here.
"""
import json
import platform
from dataclasses import dataclass

from latent_explorer.files import write_json

# What training minimises and `evaluate` reports as the test loss. For grey levels strictly between 0 and 1
# binary cross-entropy is not a normalised likelihood (a Bernoulli's outcomes are 0 and 1), so the loss is a
# negative ELBO, and a log-likelihood bound, only for binarised images: compare it between models on the
# same data, not with published log-likelihoods.
LOSS = ("binary cross-entropy of the decoded pixel probabilities against the grey levels in [0, 1], summed over "
        "the pixels, plus the KL divergence of q(z|x) from the N(0, I) prior; nats per image. Not a normalised "
        "likelihood for grey levels between 0 and 1, so the test loss is not a log-likelihood")


class ModelCardError(Exception):
    """A card that is missing, unreadable, or lacks what the server needs; the message names the file."""


@dataclass(frozen=True)
class ModelCard:
    """A card as read from disk: the whole JSON object, and the fields the server checks by name."""
    data: dict

    @property
    def architecture(self):
        return self.data["architecture"]

    @property
    def checkpoint_sha256(self):
        return self.data["checkpoint_sha256"]

    @property
    def train_count(self):
        """The number of training images, which come first among the exported points."""
        return self.data["training"]["train_images"]

    @property
    def metrics(self):
        """What `evaluate` measured, or {} before it ran."""
        return self.data.get("metrics", {})


def new_card(spec, architecture, settings, history, wall_time, versions, machine, checkpoint_sha256):
    """The card of a finished training run: ``architecture`` is the model's own (with its parameter count),
    ``settings`` the run's as a dict (threads resolved, image count included), ``history`` one entry per epoch."""
    return {
        "dataset": spec.id,
        "title": spec.title,
        "classes": list(spec.classes),
        "architecture": {**architecture, "prior": "N(0, I)"},
        "loss": LOSS,
        "training": settings,
        # Millisecond precision: a tiny run on a fast machine takes well under 0.1 s.
        "wall_time_seconds": round(wall_time, 3),
        "seconds_per_epoch": round(wall_time / settings["epochs"], 3),
        "versions": versions,
        "machine": machine,
        "history": history,
        "checkpoint_sha256": checkpoint_sha256,
    }


def new_classifier_card(spec, architecture, settings, history, wall_time, versions, checkpoint_sha256, onnx_sha256):
    """The card of a trained class-map classifier (``models/<id>-classifier.json``), kept like a VAE's: `evaluate`
    adds its metrics."""
    return {
        "dataset": spec.id, "title": f"{spec.title} classifier", "classes": list(spec.classes),
        "architecture": architecture, "loss": "cross-entropy of the class logits against the labels",
        "training": settings, "wall_time_seconds": round(wall_time, 3),
        "seconds_per_epoch": round(wall_time / settings["epochs"], 3), "versions": versions,
        "machine": f"{platform.machine()} {platform.system()}, {settings['threads']} threads",
        "history": history, "checkpoint_sha256": checkpoint_sha256, "onnx_sha256": onnx_sha256,
    }


def read_card(path):
    """The ModelCard at ``path``; raise ModelCardError naming the file and what is wrong."""
    try:
        data = json.loads(path.read_text())
        card = ModelCard(data)
        if not (isinstance(card.architecture, dict) and isinstance(card.checkpoint_sha256, str)
                and type(card.train_count) is int and card.train_count > 0 and isinstance(card.metrics, dict)):
            raise TypeError("'architecture', 'checkpoint_sha256', 'training.train_images' or 'metrics' has the "
                            "wrong type")
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
        raise ModelCardError(f"model card {path} is missing or unreadable ({error!r})") from None
    return card


def write_card(path, card):
    write_json(path, card)


def record_metrics(path, metrics):
    """Put ``metrics`` into the card at ``path`` (replacing earlier ones), written atomically."""
    card = read_card(path)
    write_card(path, {**card.data, "metrics": metrics})
