"""Unit tests of frontend/js/selectors.js, the values derived from the state, in headless Chromium."""
import pytest

from module_runner import run_module

STATE = """
  const { initialState } = await import('/js/state.js');
  const points = { latents: new Float32Array([0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3]), labels: new Uint8Array([0, 2, 2, 11]), count: 4 };
  const classes = Array.from({ length: 12 }, (_, i) => `c${i}`);
  const state = { ...initialState, datasets: [{ id: 'x', classes }], dataset: 'x', points,
                  viewport: { width: 400, height: 300, pixelRatio: 1 } };
"""


def selectors(js, body):
    return js.evaluate(f"""async () => {{
      const module = await import('/js/selectors.js');
      {STATE}
      {body}
    }}""")


def test_class_counts_and_palette_are_sized_by_the_data_sets_class_list(js):
    result = selectors(js, """
      return { counts: module.classCounts(state), colors: module.classPalette(state),
               sameCounts: module.classCounts(state) === module.classCounts({ ...state }),
               empty: module.classCounts({ ...state, points: null }) };
    """)
    assert result["counts"] == [1, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 1]
    assert len(result["colors"]) == 12 and len(set(result["colors"])) == 12
    assert result["sameCounts"] is True, "computed once per points and class list"
    assert result["empty"] == [0] * 12


def test_home_camera_frames_the_points_and_the_matrix_follows_camera_and_viewport(js):
    result = selectors(js, """
      const home = module.homeCamera(state);
      const withCamera = { ...state, camera: home };
      const matrix = module.viewProjection(withCamera);
      return { home, fit: module.fitDistance(withCamera), same: matrix === module.viewProjection({ ...withCamera }),
               resized: matrix === module.viewProjection({ ...withCamera, viewport: { width: 800, height: 300, pixelRatio: 1 } }),
               none: module.homeCamera({ ...state, points: null }), latent: module.latentOf(state, 2) };
    """)
    assert result["home"]["target"] == pytest.approx([0.25, 0.5, 0.75])
    assert result["fit"] == result["home"]["distance"]
    assert result["same"] is True and result["resized"] is False
    assert result["none"] is None
    assert result["latent"] == [0, 2, 0]


def test_the_majority_class_of_neighbours_is_the_first_met_of_a_tie(js):
    result = selectors(js, """
      const of = (labels) => module.majorityClass(labels.map((label) => ({ label })));
      return [of([3]), of([1, 2, 2, 1, 2]), of([4, 1, 1, 4]), of([0, 5, 6])];
    """)
    assert result == [{"label": 3, "count": 1}, {"label": 2, "count": 3}, {"label": 4, "count": 2}, {"label": 0, "count": 1}]
