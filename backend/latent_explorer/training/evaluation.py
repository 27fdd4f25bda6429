"""Quality measures of a trained VAE on the 10,000 test images."""
import numpy as np
import torch

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


def evaluate_classifier(classifier, vae, dataset_id, class_names, data_root=None):
    """The class-map classifier's card metrics: its accuracy on the test images, overall and per class, and how
    often it reads each data point's reconstruction (the VAE's decoding of its posterior mean) as the point's label:
    where the decoder draws another class than the data it encodes."""
    from latent_explorer.training.classifier import read_classes
    splits = [load_split(dataset_id, train=train, data_root=data_root) for train in (True, False)]
    test_images, test_labels = splits[1]
    correct = read_classes(classifier, test_images)[0] == test_labels
    labels = np.concatenate([split_labels for _, split_labels in splits])
    means = np.concatenate([posterior(vae, images)[0] for images, _ in splits])
    with torch.inference_mode():
        reconstructions = np.concatenate([vae.decode(torch.from_numpy(means[start:start + 5000])).numpy()
                                          for start in range(0, len(means), 5000)])
    agree = read_classes(classifier, reconstructions)[0] == labels
    return {
        "test_accuracy": round(float(correct.mean()), 4),
        "test_accuracy_per_class": _per_class(correct, test_labels, class_names),
        "reconstructions_read_as_label": round(float(agree.mean()), 4),
        "reconstructions_read_as_label_per_class": _per_class(agree, labels, class_names),
        "test_images": len(test_images), "points": len(labels),
    }


def _per_class(hits, labels, class_names):
    return {name: round(float(hits[labels == label].mean()), 4) for label, name in enumerate(class_names)}
