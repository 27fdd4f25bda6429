"""The data-set registry: everything that differs between data sets.

Adding a data set (say KMNIST) is one entry in ``DATASETS``. Its raw files are read by
raw_data.py and downloaded by fetch.py, from torchvision's mirrors with its checksums, so that
neither serving nor fetching needs torch.
"""
from collections.abc import Callable
from dataclasses import dataclass

from latent_explorer.preprocess import fit_box_by_centre_of_mass, fit_field_centred


@dataclass(frozen=True)
class DatasetSpec:
    id: str
    title: str
    torchvision_name: str  # the class in torchvision.datasets, which is also its folder under the data root
    classes: tuple
    mirrors: tuple  # base URLs, tried in order, each ending in "/"
    resources: tuple  # (file name, MD5 of the file) of the four .gz files, downloaded from a mirror
    # Light ink on black (H, W) -> the (28, 28) image the encoder expects, made as this data set's images were
    # (preprocess.py); raises preprocess.ImageRejected when there is nothing to encode.
    preprocess: Callable
    kind: str = "shipped"  # beside the models a user adds (added_store.py)

    @property
    def folder_name(self):
        """The folder torchvision reads under the data root, e.g. ``MNIST``."""
        return self.torchvision_name


# The mirrors and checksums are torchvision's own (torchvision 0.29, torchvision/datasets/mnist.py:
# MNIST.mirrors and .resources, FashionMNIST.mirrors and .resources), so that a fetch writes the
# files torchvision's downloader would.
DATASETS = {
    spec.id: spec
    for spec in (
        DatasetSpec(
            "mnist",
            "MNIST",
            "MNIST",
            tuple(str(digit) for digit in range(10)),
            mirrors=("https://ossci-datasets.s3.amazonaws.com/mnist/", "http://yann.lecun.com/exdb/mnist/"),
            resources=(("train-images-idx3-ubyte.gz", "f68b3c2dcbeaaa9fbdd348bbdeb94873"),
                       ("train-labels-idx1-ubyte.gz", "d53e105ee54ea40749a09fcbcd1e9432"),
                       ("t10k-images-idx3-ubyte.gz", "9fb629c4189551a2d022fa330f9573f3"),
                       ("t10k-labels-idx1-ubyte.gz", "ec29112dd5afa0611ce80d1b7f02629c")),
            preprocess=fit_box_by_centre_of_mass,
        ),
        DatasetSpec(
            "fashion-mnist",
            "Fashion-MNIST",
            "FashionMNIST",
            ("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
             "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"),
            mirrors=("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/",),
            resources=(("train-images-idx3-ubyte.gz", "8d4fb7e6c68d591d4c3dfef9ec88bf0d"),
                       ("train-labels-idx1-ubyte.gz", "25c81989df183df01b3e8a0aad5dffbe"),
                       ("t10k-images-idx3-ubyte.gz", "bef4ecab320f06d8554ea6380940ec79"),
                       ("t10k-labels-idx1-ubyte.gz", "bb300cfdad3c16e7a12a480ee83cd310")),
            preprocess=fit_field_centred,
        ),
    )
}


def get_spec(dataset_id):
    try:
        return DATASETS[dataset_id]
    except KeyError:
        raise KeyError(f"unknown data set {dataset_id!r}; known: {', '.join(DATASETS)}") from None


def split_name(index, train_count):
    """'train' or 'test': the split of the point at ``index``, training images first (the order of latents.npy)."""
    return "train" if index < train_count else "test"
