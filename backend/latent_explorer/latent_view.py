"""The linear view of a latent space of more than three dimensions that the page draws by default.

Its principal axes: the three directions of largest variance of the points, through their mean. The page
(frontend/js/latent-view.js) projects each point onto them, and maps a position in the view back to the
full latent as mean + the axes weighted by the position, so what it decodes between points is a slice.
"""
import numpy as np


def principal_view(latents):
    """``{origin, axes, explained, mean}`` of float ``latents`` ``(N, d)`` with d > 3: the mean (``origin`` and
    ``mean`` alike), the three principal axes (unit rows, each signed so that its largest component is
    positive, which makes the view the same on every machine), and the share of the variance along each."""
    points = np.asarray(latents, np.float64)
    mean = points.mean(axis=0)
    covariance = np.cov(points - mean, rowvar=False)
    variances, vectors = np.linalg.eigh(covariance)
    order = np.argsort(variances)[::-1][:3]
    axes = vectors[:, order].T
    axes *= np.sign(axes[np.arange(3), np.abs(axes).argmax(axis=1)])[:, None]
    total = float(variances.sum())
    explained = (variances[order] / total if total > 0 else np.zeros(3)).tolist()
    return {"origin": mean.tolist(), "axes": axes.tolist(), "explained": explained, "mean": mean.tolist()}
