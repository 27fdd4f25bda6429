"""The data points nearest a position in latent space (Euclidean), from a k-d tree built once per data set."""
import numpy as np
from scipy.spatial import cKDTree


def latent_tree(latents):
    """A k-d tree over the points ``(N, latent_dim)``: about 30 ms for 70,000 points in 3-D, at start-up."""
    return cKDTree(latents)


def nearest(tree, point, k):
    """``(indices, distances)`` of the ``k`` points nearest ``point`` (all of them, if fewer), nearest first."""
    distances, indices = tree.query(np.asarray(point, np.float64), k=min(k, tree.n))
    return np.atleast_1d(indices), np.atleast_1d(distances)
