"""For the test modules of the training side: ``torch = import_torch()`` before importing latent_explorer.training
skips the whole module, saying how to install torch, where the training extra is not installed."""
import pytest


def import_torch():
    return pytest.importorskip("torch", reason="needs torch, the training extra: bash scripts/setup.sh --train "
                                               "(bash scripts/test.sh installs it)")


def import_onnx():
    """The onnx package (the training extra), for tests that make small ONNX graphs; skip, saying how, without it."""
    return pytest.importorskip("onnx", reason="needs onnx, the training extra: bash scripts/setup.sh --train "
                                              "(bash scripts/test.sh installs it)")
