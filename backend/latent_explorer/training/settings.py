"""The settings of a training run, apart from training itself so that the command line reads them without torch."""
from dataclasses import dataclass


@dataclass(frozen=True)
class TrainingSettings:
    epochs: int = 60
    batch_size: int = 128
    learning_rate: float = 1e-3
    # The KL weight rises linearly from 0 to 1 over these epochs, so the encoder spreads the
    # classes apart before the prior pulls them together (better separated clusters).
    kl_warmup_epochs: int = 10
    hidden_sizes: tuple = (1024, 512)
    latent_dim: int = 3  # the shipped models' 3-D latent; another size gives a model to add beside them
    seed: int = 0
    threads: int = 0  # 0: torch's default for this machine

    def __post_init__(self):
        _check_run(self)
        if not 1 <= self.latent_dim <= 1024:
            raise ValueError(f"latent_dim must be from 1 to 1024, got {self.latent_dim}")
        if self.kl_warmup_epochs < 0 or self.threads < 0:
            raise ValueError("kl_warmup_epochs and threads must not be negative")


@dataclass(frozen=True)
class ClassifierSettings:
    """The class map's classifier (training/classifier.py): a few epochs of Adam, the learning rate cosine-annealed."""
    epochs: int = 8
    batch_size: int = 128
    learning_rate: float = 2e-3
    channels: tuple = (32, 64, 64)  # of its three convolutions, each followed by a 2x2 max-pool
    seed: int = 0
    threads: int = 0  # 0: torch's default for this machine

    def __post_init__(self):
        _check_run(self)
        if len(self.channels) != 3 or min(self.channels) < 1:
            raise ValueError(f"channels must be three positive widths, got {self.channels}")
        if self.threads < 0:
            raise ValueError("threads must not be negative")


def _check_run(settings):
    """What every training run's settings must hold: at least one epoch and one image a step, a positive rate."""
    for name in ("epochs", "batch_size"):
        if getattr(settings, name) < 1:
            raise ValueError(f"{name} must be at least 1, got {getattr(settings, name)}")
    if not settings.learning_rate > 0:
        raise ValueError(f"learning_rate must be positive, got {settings.learning_rate}")
