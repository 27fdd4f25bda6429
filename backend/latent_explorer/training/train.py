"""Training a VAE on one data set: seeded, with a progress bar, writing its checkpoint atomically."""
import hashlib
import io
import math
import platform
import time
from dataclasses import asdict

import numpy as np
import torch
import torchvision
from tqdm import tqdm

from latent_explorer.datasets import get_spec
from latent_explorer.raw_data import load_split
from latent_explorer.files import atomic_path, sha256_of
from latent_explorer.model_card import new_card, write_card
from latent_explorer.neighbors import knn_accuracy_among
from latent_explorer.training.inference import posterior, test_loss, to_unit_float
from latent_explorer.training.timeline import TimelineRecorder
from latent_explorer.training.model import VAE, checkpoint_dict, loss_terms


def kl_weight(step, warmup_steps):
    return 1.0 if warmup_steps == 0 else min(1.0, step / warmup_steps)


def train(dataset_id, settings, checkpoint_path, card_path, data_root=None, progress=True, timeline_dir=None):
    """Train on the data set's 60,000 training images with ``settings`` (a TrainingSettings); write the
    checkpoint and its model card, and with ``timeline_dir`` the timeline (training/timeline.py) there.

    The files are written only when training completes, so an interrupted run leaves the
    previous ones as they were. Returns the card.
    """
    spec = get_spec(dataset_id)
    train_images = torch.from_numpy(load_split(dataset_id, train=True, data_root=data_root)[0])
    test_images, test_labels = load_split(dataset_id, train=False, data_root=data_root)
    if settings.threads:
        torch.set_num_threads(settings.threads)
    torch.manual_seed(settings.seed)
    shuffle_generator = torch.Generator().manual_seed(settings.seed)
    model = VAE(settings.hidden_sizes, settings.latent_dim)
    optimizer = torch.optim.Adam(model.parameters(), lr=settings.learning_rate)
    steps_per_epoch = math.ceil(len(train_images) / settings.batch_size)
    total_steps = steps_per_epoch * settings.epochs
    scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=total_steps)
    warmup_steps = steps_per_epoch * settings.kl_warmup_epochs

    history = []
    timeline = TimelineRecorder(test_images, settings.epochs) if timeline_dir else None
    started = time.perf_counter()
    if timeline:
        model.eval()
        at_start = _test_figures(model, test_images, test_labels, settings.seed, timeline.record(model, 0))

    step = 0
    for epoch in range(1, settings.epochs + 1):
        model.train()
        order = torch.randperm(len(train_images), generator=shuffle_generator)
        bar = tqdm(range(steps_per_epoch), desc=f"{dataset_id} epoch {epoch}/{settings.epochs}",
                   disable=not progress, leave=False)
        running_loss = None
        for batch in bar:
            x = to_unit_float(train_images[order[batch * settings.batch_size:(batch + 1) * settings.batch_size]])
            logits, mu, logvar = model(x)
            reconstruction, kl = loss_terms(logits, x, mu, logvar)
            loss = (reconstruction + kl_weight(step, warmup_steps) * kl).mean()
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            scheduler.step()
            step += 1
            running_loss = loss.item() if running_loss is None else 0.98 * running_loss + 0.02 * loss.item()
            bar.set_postfix(loss=f"{running_loss:.2f}")
        model.eval()
        means = timeline.record(model, epoch) if timeline else posterior(model, test_images)[0]
        figures = {"epoch": epoch, "train_loss": round(running_loss, 4),
                   **_test_figures(model, test_images, test_labels, settings.seed, means)}
        history.append(figures)
        if progress:
            tqdm.write(f"{dataset_id} epoch {epoch:3d}: train loss {running_loss:.2f}  test loss "
                       f"{figures['test_loss']:.2f} (reconstruction {figures['test_reconstruction']:.2f} + KL "
                       f"{figures['test_kl']:.2f}), 5-NN among test points {figures['test_knn5']:.2%}")
    wall_time = time.perf_counter() - started

    # Through memory: saved to a path, torch names the archive's records after the (temporary) file.
    buffer = io.BytesIO()
    torch.save(checkpoint_dict(model), buffer)
    if timeline:
        timeline.write(timeline_dir, settings.latent_dim, at_start, hashlib.sha256(buffer.getvalue()).hexdigest())
    with atomic_path(checkpoint_path) as temporary:
        temporary.write_bytes(buffer.getvalue())
    card = new_card(
        spec, {**model.architecture(), "parameters": sum(p.numel() for p in model.parameters())},
        {**asdict(settings), "hidden_sizes": list(settings.hidden_sizes), "threads": torch.get_num_threads(),
         "optimizer": "Adam", "schedule": "cosine learning rate over all steps, linear KL warm-up",
         "train_images": len(train_images)},
        history, wall_time,
        versions={"python": platform.python_version(), "torch": torch.__version__,
                  "torchvision": torchvision.__version__, "numpy": np.__version__},
        machine=f"{platform.machine()} {platform.system()}, {torch.get_num_threads()} threads",
        checkpoint_sha256=sha256_of(checkpoint_path))
    write_card(card_path, card)
    return card


def _test_figures(model, test_images, test_labels, seed, test_means):
    """The test loss and its terms (one z a test image, seeded), and the 5-NN accuracy of the test points'
    posterior means ``test_means`` among themselves: a model card's history entry."""
    reconstruction, kl = test_loss(model, test_images, seed=seed)
    return {"test_loss": round(reconstruction + kl, 4), "test_reconstruction": round(reconstruction, 4),
            "test_kl": round(kl, 4), "test_knn5": round(knn_accuracy_among(test_means, test_labels), 4)}
