"""The VAE: a 3-D Gaussian latent with an N(0, I) prior, trained with binary cross-entropy on grey levels plus KL.

An MLP rather than a convnet: decoding a point runs on every hover in the page, and a
small MLP decodes in tens of microseconds on a laptop CPU.
"""
import torch
from torch import nn
from torch.nn import functional as F

from latent_explorer.images import IMAGE_PIXELS, IMAGE_SIDE
from latent_explorer.served_model import std_from_log_variance

CHECKPOINT_FORMAT = 1


class CheckpointError(Exception):
    """A checkpoint file is missing, truncated, or not one of ours."""


class VAE(nn.Module):
    def __init__(self, hidden_sizes=(1024, 512), latent_dim=3):
        super().__init__()
        self.hidden_sizes = tuple(hidden_sizes)
        self.latent_dim = latent_dim
        self.encoder = _mlp([IMAGE_PIXELS, *self.hidden_sizes])
        self.to_mu = nn.Linear(self.hidden_sizes[-1], latent_dim)
        self.to_logvar = nn.Linear(self.hidden_sizes[-1], latent_dim)
        self.decoder = nn.Sequential(
            _mlp([latent_dim, *reversed(self.hidden_sizes)]),
            nn.Linear(self.hidden_sizes[0], IMAGE_PIXELS),
        )

    def encode(self, x):
        """``x`` float ``(N, 1, 28, 28)`` in [0, 1] -> ``(mu, logvar)``, each ``(N, latent_dim)``."""
        hidden = self.encoder(x.reshape(-1, IMAGE_PIXELS))
        return self.to_mu(hidden), self.to_logvar(hidden)

    def reparameterize(self, mu, logvar):
        return mu + torch.randn_like(mu) * std_from_log_variance(logvar)

    def decode_logits(self, z):
        return self.decoder(z).reshape(-1, 1, IMAGE_SIDE, IMAGE_SIDE)

    def decode(self, z):
        """``z`` ``(N, latent_dim)`` -> pixel probabilities ``(N, 1, 28, 28)`` in [0, 1]."""
        return torch.sigmoid(self.decode_logits(z))

    def forward(self, x):
        mu, logvar = self.encode(x)
        return self.decode_logits(self.reparameterize(mu, logvar)), mu, logvar

    def architecture(self):
        return {"kind": "mlp-vae", "hidden_sizes": list(self.hidden_sizes), "latent_dim": self.latent_dim}


def _mlp(sizes):
    layers = []
    for size_in, size_out in zip(sizes, sizes[1:]):
        layers += [nn.Linear(size_in, size_out), nn.ReLU()]
    return nn.Sequential(*layers)


def loss_terms(logits, x, mu, logvar):
    """Per-image ``(reconstruction, kl)`` in nats, each ``(N,)``.

    Reconstruction: binary cross-entropy summed over the 784 pixels with the grey levels in [0, 1]
    as targets. It is a Bernoulli negative log-likelihood only for binary pixels; for grey levels it
    is not normalised, so the loss is not a log-likelihood (model_card.LOSS says so). KL: the closed form of
    KL(N(mu, sigma^2) || N(0, I)) from Kingma & Welling (2014), appendix B.
    """
    reconstruction = F.binary_cross_entropy_with_logits(
        logits.reshape(len(x), -1), x.reshape(len(x), -1), reduction="none"
    ).sum(dim=1)
    kl = -0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp(), dim=1)
    return reconstruction, kl


def checkpoint_dict(model):
    """What ``models/<id>.pt`` holds: tensors and plain values only, so it loads with weights_only."""
    return {"format": CHECKPOINT_FORMAT, "architecture": model.architecture(), "state_dict": model.state_dict()}


def load_checkpoint(path, kind, checkpoint_format, build):
    """The module a checkpoint at ``path`` holds, in eval mode, loaded without unpickling code: ``build(architecture)``
    makes it and the state dict fills it. ``kind`` ("model", "classifier") names the file in errors."""
    try:
        checkpoint = torch.load(path, map_location="cpu", weights_only=True)
        if checkpoint.get("format") != checkpoint_format:
            raise ValueError(f"format {checkpoint.get('format')!r}, this version reads format {checkpoint_format}")
        model = build(checkpoint["architecture"])
        model.load_state_dict(checkpoint["state_dict"])
    except FileNotFoundError:
        raise CheckpointError(f"{kind} file {path} does not exist") from None
    except Exception as error:
        raise CheckpointError(f"{kind} file {path} is not a valid checkpoint ({type(error).__name__}: {error})") from error
    return model.eval()


def load_model(path):
    """Load a VAE checkpoint; returns the VAE in eval mode."""
    return load_checkpoint(path, "model", CHECKPOINT_FORMAT,
                           lambda architecture: VAE(architecture["hidden_sizes"], architecture["latent_dim"]))
