"""Running a trained VAE: on one thread, over a whole data set, and its test loss."""
from contextlib import contextmanager

import numpy as np
import torch

from latent_explorer.served_model import std_from_log_variance
from latent_explorer.training.model import loss_terms

# Fixed so that the same checkpoint always gives the same bytes.
ENCODE_BATCH = 1000


@contextmanager
def one_torch_thread():
    """Run torch on one thread inside the block: sums split across threads round differently,
    so one thread gives the same bits whatever the machine's thread count."""
    previous = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(previous)


def to_unit_float(images):
    """uint8 ``(N, 28, 28)`` (numpy or torch) -> float32 ``(N, 1, 28, 28)`` grey levels in [0, 1]."""
    return torch.as_tensor(images).unsqueeze(1).to(torch.float32) / 255.0


def posterior(model, images):
    """uint8 images ``(N, 28, 28)`` -> the posterior q(z|x) of each: ``(means, stds)``, each float32
    ``(N, latent_dim)``, the same bits anywhere."""
    means, stds = [], []
    with one_torch_thread(), torch.inference_mode():
        for start in range(0, len(images), ENCODE_BATCH):
            mean, log_variance = model.encode(to_unit_float(images[start:start + ENCODE_BATCH]))
            means.append(mean)
            stds.append(std_from_log_variance(log_variance))
        return torch.cat(means).numpy().astype(np.float32), torch.cat(stds).numpy().astype(np.float32)


def test_loss(model, images, seed, batch_size=1000):
    """Mean test ``(reconstruction, kl)`` in nats, one z drawn from q(z|x) per image, seeded."""
    generator = torch.Generator().manual_seed(seed)
    reconstruction_sum = kl_sum = 0.0
    with torch.inference_mode():
        for start in range(0, len(images), batch_size):
            x = to_unit_float(images[start:start + batch_size])
            mu, logvar = model.encode(x)
            z = mu + torch.randn(mu.shape, generator=generator) * std_from_log_variance(logvar)
            reconstruction, kl = loss_terms(model.decode_logits(z), x, mu, logvar)
            reconstruction_sum += reconstruction.sum().item()
            kl_sum += kl.sum().item()
    return reconstruction_sum / len(images), kl_sum / len(images)
