import pytest

from needs_torch import import_torch

torch = import_torch()

from latent_explorer.training.model import VAE, CheckpointError, checkpoint_dict, load_model, loss_terms


@pytest.fixture
def saved_model(tmp_path):
    torch.manual_seed(0)
    model = VAE(hidden_sizes=(64, 32))
    path = tmp_path / "model.pt"
    torch.save(checkpoint_dict(model), path)
    return model, path


def test_encode_and_decode_shapes_and_ranges(saved_model):
    model, path = saved_model
    loaded = load_model(path)
    x = torch.rand(5, 1, 28, 28)
    mu, logvar = loaded.encode(x)
    assert mu.shape == logvar.shape == (5, 3)
    images = loaded.decode(torch.randn(7, 3) * 3)
    assert images.shape == (7, 1, 28, 28)
    assert images.min() >= 0 and images.max() <= 1


def test_load_model_restores_weights_in_eval_mode(saved_model):
    model, path = saved_model
    loaded = load_model(path)
    assert not loaded.training
    z = torch.randn(4, 3)
    assert torch.equal(loaded.decode(z), model.eval().decode(z))


def test_checkpoint_loads_without_unpickling_code(saved_model):
    _, path = saved_model
    checkpoint = torch.load(path, weights_only=True)
    assert checkpoint["architecture"] == {"kind": "mlp-vae", "hidden_sizes": [64, 32], "latent_dim": 3}


@pytest.mark.parametrize("damage", ["truncate", "garbage", "missing"])
def test_damaged_checkpoint_names_the_file(saved_model, damage):
    _, path = saved_model
    if damage == "truncate":
        path.write_bytes(path.read_bytes()[:1000])
    elif damage == "garbage":
        path.write_bytes(b"not a checkpoint")
    else:
        path.unlink()
    with pytest.raises(CheckpointError, match=str(path)):
        load_model(path)


def test_checkpoint_of_another_format_names_the_file_and_the_format(saved_model):
    model, path = saved_model
    torch.save({**checkpoint_dict(model), "format": 99}, path)
    with pytest.raises(CheckpointError, match=f"{path}.*format 99"):
        load_model(path)


def test_loss_terms_match_definitions():
    x = torch.full((2, 1, 28, 28), 0.5)
    logits = torch.zeros(2, 1, 28, 28)  # p = 0.5 everywhere: BCE = 784 * ln 2
    mu, logvar = torch.zeros(2, 3), torch.zeros(2, 3)  # q = prior: KL = 0
    reconstruction, kl = loss_terms(logits, x, mu, logvar)
    assert torch.allclose(reconstruction, torch.full((2,), 784 * torch.log(torch.tensor(2.0)).item()))
    assert torch.allclose(kl, torch.zeros(2))
    _, kl = loss_terms(logits, x, torch.ones(1, 3), torch.zeros(1, 3))
    assert kl.item() == pytest.approx(1.5)  # 0.5 * sum(mu^2) for unit variance
