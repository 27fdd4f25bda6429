"""Unit tests of frontend/js/latent-view.js, the linear view of a d-D latent space as the 3-D cloud, in headless Chromium.

The principal view is held to numpy: the page projects with the listing's axes exactly as (latents - origin) @ axes.T.
"""
import numpy as np
import pytest

from module_runner import run_module

MODULE = "/js/latent-view.js"


def call(js, body, *args):
    return run_module(js, MODULE, body, list(args))


def principal_entry(latents):
    """A listing entry for `latents` (N, d) with the principal view the server lists: mean, top three axes, shares."""
    mean = latents.mean(axis=0)
    variances, vectors = np.linalg.eigh(np.cov(latents - mean, rowvar=False))
    order = np.argsort(variances)[::-1][:3]
    view = {"origin": mean.tolist(), "axes": vectors[:, order].T.tolist(), "explained": (variances[order] / variances.sum()).tolist(),
            "mean": mean.tolist()}
    return {"latent_dim": latents.shape[1], "view": view}


@pytest.fixture(scope="module")
def cloud():
    """400 points in 16-D, most of their spread in a few directions, as a trained model's would be."""
    rng = np.random.default_rng(16)
    return (rng.normal(size=(400, 16)) * np.geomspace(3, 0.1, 16) @ np.linalg.qr(rng.normal(size=(16, 16)))[0] + 0.5).astype(np.float32)


def test_a_3d_space_is_its_own_view_and_its_latents_are_drawn_from_their_own_array(js):
    result = call(js, """const view = module.viewOf({ latent_dim: 3, view: null });
      const latents = new Float32Array([0.1, -2, 3.3, 4, 5, 6]);
      const position = [0.1, -2.5, 1e-300];
      return { kind: view.kind, same: module.toPositions(latents, 3, view) === latents,
               there: module.fromLatent(view, position), back: module.toLatent(view, position),
               direction: module.toLatentDirection(view, [0, 0.6, 0.8]), spread: module.spreadOf(view, [0.5, 0.25, 1]) };""")
    assert result["kind"] == "identity" and result["same"] is True
    assert result["there"] == result["back"] == [0.1, -2.5, 1e-300]  # the same numbers, not a product of them
    assert result["direction"] == [0, 0.6, 0.8] and result["spread"] == [0.5, 0.25, 1]


def test_a_2d_space_lies_on_the_plane_z_0_and_comes_back_without_z(js):
    result = call(js, """const view = module.viewOf({ latent_dim: 2, view: null });
      return { kind: view.kind, positions: Array.from(module.toPositions(new Float32Array([1, 2, -3, 0.5]), 2, view)),
               back: module.toLatent(view, [1.5, -2, 7]), there: module.fromLatent(view, [1.5, -2]),
               spread: module.spreadOf(view, [0.5, 2]), right: module.toLatentDirection(view, [0.6, 0.8, 0]) };""")
    assert result["kind"] == "plane"
    assert result["positions"] == [1, 2, 0, -3, 0.5, 0]
    assert result["back"] == [1.5, -2] and result["there"] == [1.5, -2, 0]
    assert result["spread"] == [0.5, 2, 0] and result["right"] == [0.6, 0.8]


def test_the_principal_view_projects_as_numpy_does(js, cloud):
    entry = principal_entry(cloud.astype(np.float64))
    page = np.array(call(js, """const view = module.viewOf(args[0]);
      return Array.from(module.toPositions(Float32Array.from(args[1]), 16, view));""", entry, cloud.ravel().tolist())).reshape(-1, 3)
    view = entry["view"]
    expected = (cloud.astype(np.float64) - view["origin"]) @ np.array(view["axes"]).T
    assert np.abs(page - expected).max() <= 1e-5 * np.abs(expected).max()  # float32 positions of float64 sums
    assert np.allclose(page.mean(axis=0), 0, atol=1e-4), "the view is centred on the data's mean"
    assert np.all(np.diff(page.var(axis=0)) < 0), "x holds the most variance, then y, then z"


def test_positions_and_latents_go_back_and_forth_through_the_slice(js, cloud):
    entry = principal_entry(cloud.astype(np.float64))
    rng = np.random.default_rng(3)
    positions, latents = rng.normal(size=(20, 3)), rng.normal(size=(20, 16))
    result = call(js, """const view = module.viewOf(args[0]);
      return { again: args[1].map((p) => module.fromLatent(view, module.toLatent(view, p))),
               lifted: args[1].map((p) => module.toLatent(view, p)),
               shadow: args[2].map((z) => module.toLatent(view, module.fromLatent(view, z))) };""",
                  entry, positions.tolist(), latents.tolist())
    assert np.allclose(result["again"], positions, atol=1e-12), "a view position is the position of the latent it stands for"
    origin, axes = np.array(entry["view"]["origin"]), np.array(entry["view"]["axes"])
    assert np.allclose(result["lifted"], origin + positions @ axes, atol=1e-12)
    # A latent seen in the view and lifted back is its orthogonal projection onto the slice.
    assert np.allclose(result["shadow"], origin + (latents - origin) @ axes.T @ axes, atol=1e-12)


def test_directions_keep_their_length_and_right_angles_and_spreads_are_the_axes_share(js, cloud):
    entry = principal_entry(cloud.astype(np.float64))
    std = np.random.default_rng(4).uniform(0.1, 2, 16)
    result = call(js, """const view = module.viewOf(args[0]);
      const s = Math.SQRT1_2;
      return { right: module.toLatentDirection(view, [s, s, 0]), up: module.toLatentDirection(view, [-s, s, 0]),
               spread: module.spreadOf(view, args[1]) };""", entry, std.tolist())
    right, up = np.array(result["right"]), np.array(result["up"])
    assert np.linalg.norm(right) == pytest.approx(1, abs=1e-12) and np.linalg.norm(up) == pytest.approx(1, abs=1e-12)
    assert right @ up == pytest.approx(0, abs=1e-12)
    axes = np.array(entry["view"]["axes"])
    assert np.allclose(result["spread"], np.sqrt((axes ** 2) @ std ** 2), atol=1e-12)  # each axis's 1-σ of the diagonal posterior


def test_three_chosen_dimensions_are_shown_as_they_are_and_the_rest_held_at_the_mean(js, cloud):
    entry = principal_entry(cloud.astype(np.float64))
    mean = np.array(entry["view"]["mean"])
    result = call(js, """const view = module.viewOf(args[0], [7, 0, 3]);
      return { kind: view.kind, choice: view.choice, positions: Array.from(module.toPositions(Float32Array.from(args[1]), 16, view)),
               back: module.toLatent(view, [1.5, -2, 0.25]) };""", entry, cloud.ravel().tolist())
    assert result["kind"] == "axes" and result["choice"] == [7, 0, 3]
    assert np.array_equal(np.array(result["positions"], np.float32).reshape(-1, 3), cloud[:, [7, 0, 3]])
    expected = mean.copy()
    expected[[7, 0, 3]] = [1.5, -2, 0.25]
    assert np.allclose(result["back"], expected, atol=1e-15)


@pytest.mark.parametrize("choice, problem", [([0, 1, 2], None), ([15, 3, 9], None), ([0, 0, 1], "the three must differ"),
                                             ([0, 1, 16], "each must be from 0 to 15"), ([0, 1], "three whole numbers are needed"),
                                             ([0, 1.5, 2], "three whole numbers are needed"), ("pca", "three whole numbers are needed")])
def test_a_choice_of_axes_is_three_different_dimensions_of_the_space_else_the_principal_view(js, cloud, choice, problem):
    entry = principal_entry(cloud.astype(np.float64))
    result = call(js, "return { problem: module.axesProblem(args[1], 16), kind: module.viewOf(args[0], args[1]).kind };", entry, choice)
    assert result["problem"] == problem
    assert result["kind"] == ("axes" if problem is None else "pca")


def test_choices_compare_by_value(js):
    assert call(js, """return [module.sameChoice('pca', 'pca'), module.sameChoice([1, 2, 3], [1, 2, 3]),
      module.sameChoice([1, 2, 3], [1, 3, 2]), module.sameChoice('pca', [0, 1, 2]), module.sameChoice('pca', undefined)];""") == \
        [True, True, False, False, False]


def test_a_million_points_in_32d_are_placed_in_a_few_seconds(js):
    seconds = call(js, """const dims = 32;
      const latents = new Float32Array(1_000_000 * dims);
      for (let i = 0; i < latents.length; i++) latents[i] = ((i * 7919) % 101) / 50 - 1;
      const axes = [0, 1, 2].map((a) => Array.from({ length: dims }, (_, j) => (j % 3 === a ? 1 / Math.sqrt(Math.ceil((dims - a) / 3)) : 0)));
      const view = module.viewOf({ latent_dim: dims, view: { origin: new Array(dims).fill(0), axes, explained: [0.1, 0.1, 0.1],
                                                            mean: new Array(dims).fill(0) } });
      const started = performance.now();
      const positions = module.toPositions(latents, dims, view);
      return [positions.length, (performance.now() - started) / 1000];""")
    assert seconds[0] == 3_000_000
    assert seconds[1] < 5, f"{seconds[1]:.1f} s to place a million 32-D points"
