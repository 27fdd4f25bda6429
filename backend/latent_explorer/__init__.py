"""Latent Space Explorer: train 3-D VAEs on MNIST and Fashion-MNIST, export their latent points, serve the explorer."""
__version__ = "0.2.0"
