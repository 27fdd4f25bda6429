"""Latent Space Explorer: train 3-D VAEs on MNIST and Fashion-MNIST, export their latent points, serve the explorer."""
__version__ = "0.2.0"


def __getattr__(name):
    # `from latent_explorer import explore` without loading the notebook's machinery for every other import.
    if name == "explore":
        from latent_explorer.notebook import explore
        return explore
    raise AttributeError(f"module 'latent_explorer' has no attribute {name!r}")
