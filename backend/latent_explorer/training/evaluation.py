"""Quality measures of a trained VAE on the 10,000 test images."""
import numpy as np

from latent_explorer.neighbors import knn_accuracy
from latent_explorer.raw_data import load_split
from latent_explorer.training.inference import posterior, test_loss

# A latent dimension the encoder really uses spreads its means by more than this.
ACTIVE_VARIANCE = 0.01


def evaluate(model, dataset_id, data_root=None, seed=0):
    """Return the model card's metrics: test loss and its terms, 5-NN accuracy, active dimensions."""
    train_images, train_labels = load_split(dataset_id, train=True, data_root=data_root)
    test_images, test_labels = load_split(dataset_id, train=False, data_root=data_root)
    reconstruction, kl = test_loss(model, test_images, seed=seed)
    test_means, _ = posterior(model, test_images)
    variances = test_means.var(axis=0)
    return {
        "test_loss": round(reconstruction + kl, 3),
        "test_reconstruction": round(reconstruction, 3),
        "test_kl": round(kl, 3),
        "knn5_accuracy": round(knn_accuracy(posterior(model, train_images)[0], train_labels,
                                            test_means, test_labels), 4),
        "active_dims": int(np.sum(variances > ACTIVE_VARIANCE)),
        "latent_variances": [round(float(v), 4) for v in variances],
        "test_images": len(test_images),
        "loss_samples": "one z from q(z|x) per test image, seed %d" % seed,
    }
