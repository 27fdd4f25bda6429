import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from latent_explorer.traversal import DuplicateControlPoints, spline_through, traversal_path

CONTROL_POINTS = np.array([[0, 0, 0], [1, 0, 0], [1.5, 1, 0.5], [0, 2, 1], [-1, 1, 2.0]])


def step_lengths(path, closed=False):
    if closed:
        path = np.vstack([path, path[:1]])
    return np.linalg.norm(np.diff(path, axis=0), axis=1)


@pytest.mark.parametrize("closed", [False, True])
def test_curve_passes_through_every_control_point_in_order(closed):
    curve, end = spline_through(CONTROL_POINTS, closed)
    knots = curve.x[:len(CONTROL_POINTS)]
    assert np.allclose(curve(knots), CONTROL_POINTS)
    assert np.all(np.diff(knots) > 0)
    if closed:
        assert np.allclose(curve(end), CONTROL_POINTS[0])


def test_open_path_starts_and_ends_at_the_control_points():
    path = traversal_path(CONTROL_POINTS, 50)
    assert path.shape == (50, 3)
    assert np.array_equal(path[0], CONTROL_POINTS[0]) and np.array_equal(path[-1], CONTROL_POINTS[-1])


@pytest.mark.parametrize("closed", [False, True])
def test_samples_are_evenly_spaced_in_arc_length(closed):
    lengths = step_lengths(traversal_path(CONTROL_POINTS, 200, closed), closed)
    # Chords of equal arcs differ only by curvature, which is small at this step size.
    assert lengths.max() / lengths.min() < 1.01


def test_arc_length_spacing_on_a_curve_with_uneven_control_points():
    control_points = [[0, 0, 0], [0.1, 0, 0], [5, 0, 0], [5, 5, 0]]
    lengths = step_lengths(traversal_path(control_points, 400))
    assert lengths.max() / lengths.min() < 1.01


def test_two_points_give_a_straight_segment():
    path = traversal_path([[0, 0, 0], [2, 4, -2]], 5)
    assert np.allclose(path, [[0, 0, 0], [0.5, 1, -0.5], [1, 2, -1], [1.5, 3, -1.5], [2, 4, -2]])


def test_closed_loop_starts_at_the_first_point_and_returns_towards_it():
    path = traversal_path(CONTROL_POINTS, 100, closed=True)
    assert np.array_equal(path[0], CONTROL_POINTS[0])
    lengths = step_lengths(path, closed=True)
    assert np.isclose(lengths[-1], lengths.mean(), rtol=0.01)  # last step closes the loop


def test_closed_loop_is_smooth_at_the_join():
    curve, end = spline_through(CONTROL_POINTS, closed=True)
    assert np.allclose(curve(0, 1), curve(end, 1)) and np.allclose(curve(0, 2), curve(end, 2))


def test_consecutive_duplicates_are_refused():
    with pytest.raises(ValueError, match="differ"):
        traversal_path([[0, 0, 0], [0, 0, 0], [1, 1, 1]], 10)


@pytest.mark.parametrize("control_points, closed, indices", [
    ([[0, 0, 0], [1, 1, 1], [1, 1, 1]], False, (1, 2)),
    ([[0, 0, 0], [1, 1, 1], [0, 0, 0]], True, (2, 0)),
])
def test_duplicates_are_named_by_their_positions(control_points, closed, indices):
    with pytest.raises(DuplicateControlPoints) as error:
        traversal_path(control_points, 10, closed)
    assert error.value.indices == indices


@pytest.mark.parametrize("closed", [False, True])
def test_points_too_close_to_build_a_curve_through_are_refused_by_index(closed):
    # The audit's spline: a chord of 1e-40 against a running sum of 13 made scipy's knots stop increasing.
    with pytest.raises(DuplicateControlPoints) as raised:
        traversal_path([[-100, -100, -100], [0, 0, 0], [0, 0, 1e-40]], 4, closed)
    assert raised.value.indices == (1, 2) and raised.value.distance == pytest.approx(1e-40)


coordinates = st.one_of(st.floats(-100, 100), st.sampled_from([0.0, 1e-40, -1e-300, 5e-324, 1e-12, 100.0]))


@settings(max_examples=300, deadline=None)
@given(control_points=st.lists(st.lists(coordinates, min_size=3, max_size=3), min_size=2, max_size=6),
       steps=st.integers(2, 50), closed=st.booleans())
def test_any_control_points_give_a_finite_path_or_a_refusal_by_index(control_points, steps, closed):
    try:
        path = traversal_path(control_points, steps, closed)
    except DuplicateControlPoints as error:
        first, second = error.indices
        assert second == (first + 1) % len(control_points)
        return
    assert path.shape == (steps, 3) and np.all(np.isfinite(path))
    assert np.allclose(path[0], control_points[0])
