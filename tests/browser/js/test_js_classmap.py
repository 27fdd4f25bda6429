"""Unit tests of frontend/js/classmap.js, the class map's lattice and slice, held to backend/latent_explorer/classmap.py
(the reference), and of the class map's part of the link (url-state.js), in headless Chromium."""
import numpy as np
import pytest

from latent_explorer.classmap import DATA_FLOOR, lattice_centres, summary
from latent_explorer.limits import LIMITS
from module_runner import run_module

MODULE = "/js/classmap.js"
LOW, HIGH, SIZE = [-5.25, -5.1, -4.8], [6.2, 4.9, 3.9], 16
LATTICE = {"size": SIZE, "low": LOW, "high": HIGH, "floorLevel": int(np.ceil(DATA_FLOOR * 255))}
# A camera turned 90° about y (quaternion x, y, z, w): it looks along -x, its right is -z and its up is +y.
TURNED = {"target": [0.5, -0.2, 0.1], "rotation": [0, 0.7071067811865476, 0, 0.7071067811865476], "distance": 9,
          "fovY": 0.6981317007977318}


def call(js, body, *args):
    return run_module(js, MODULE, body, list(args))


def test_the_description_s_floor_is_the_least_level_that_holds_data_as_python_compares(js):
    for floor in (DATA_FLOOR, 0.2, 0.1, 1 / 255, 0):
        level = call(js, "return module.latticeOf({ size: 2, low: [0, 0, 0], high: [1, 1, 1], data_floor: args[0] }).floorLevel;", floor)
        assert all((density >= level) == (density >= floor * 255) for density in range(256)), floor


def test_every_cell_centre_is_python_s_and_lies_in_its_own_cell(js):
    centres = lattice_centres(np.array(LOW), np.array(HIGH), SIZE)
    page = call(js, """const [lattice] = args; const centres = []; const cells = [];
        for (let k = 0; k < lattice.size; k++) for (let j = 0; j < lattice.size; j++) for (let i = 0; i < lattice.size; i++) {
          const centre = module.cellCentre(lattice, [i, j, k]);
          centres.push(centre);
          cells.push(module.cellNumber(lattice.size, module.cellOf(lattice, centre)));
        }
        return { centres, cells };""", LATTICE)
    np.testing.assert_allclose(page["centres"], centres, atol=1e-5)
    assert page["cells"] == list(range(SIZE ** 3)), "the cell holding each centre is that centre's, in the file's x-fastest order"


def test_a_position_s_cell_is_the_one_whose_centre_is_nearest_and_outside_the_box_there_is_none(js):
    rng = np.random.default_rng(3)
    positions = rng.uniform(LOW, HIGH, (500, 3))
    positions[:3] = [LOW, HIGH, [HIGH[0], LOW[1], 0]]
    page = call(js, "return args[1].map((position) => module.cellOf(args[0], position));", LATTICE, positions.tolist())
    centres = [LOW[axis] + (np.arange(SIZE) + 0.5) * (HIGH[axis] - LOW[axis]) / SIZE for axis in range(3)]
    nearest = [[int(np.abs(centres[axis] - value).argmin()) for axis, value in enumerate(position)] for position in positions]
    assert page == nearest
    outside = [[LOW[0] - 1e-6, 0, 0], [0, HIGH[1] + 1e-6, 0], [0, 0, 100]]
    assert call(js, "return args[1].map((position) => module.cellOf(args[0], position));", LATTICE, outside) == [None] * 3


def made_map(size, classes, seed=5):
    """A map as classmap.py lays it out, with ties between densities, and cells below and at the data floor."""
    rng = np.random.default_rng(seed)
    array = np.zeros((size, size, size, 2 + classes), np.uint8)
    array[..., 0] = rng.integers(0, classes, (size, size, size))
    array[..., 1] = rng.integers(26, 256, (size, size, size))
    array[..., 2:] = rng.choice([0, 3, 5, 6, 40, 255], (size, size, size, classes))
    return array


def packed(js, array):
    return np.array(call(js, "return Array.from(module.packLattice({ shape: args[0], data: Uint8Array.from(args[1]) }));",
                         list(array.shape), array.ravel().tolist()), np.uint8).reshape(-1, 4)


def test_the_packed_lattice_holds_the_read_class_its_confidence_and_the_densest_class_as_numpy_picks_it(js):
    array = made_map(6, 10)
    texels = packed(js, array)
    cells = array.reshape(-1, 12)
    np.testing.assert_array_equal(texels[:, 0], cells[:, 0])
    np.testing.assert_array_equal(texels[:, 1], cells[:, 1])
    np.testing.assert_array_equal(texels[:, 2], cells[:, 2:].argmax(axis=1)), "a tie goes to the first class, as argmax"
    np.testing.assert_array_equal(texels[:, 3], cells[:, 2:].max(axis=1))


@pytest.mark.parametrize("axis", [0, 1, 2])
def test_the_cells_with_data_and_those_that_disagree_are_python_s_layer_by_layer(js, axis):
    size, classes = 6, 4
    array = made_map(size, classes, seed=axis)
    lattice = {**LATTICE, "size": size}
    counts = call(js, """const [lattice, shape, data, axis] = args;
        const texels = module.packLattice({ shape, data: Uint8Array.from(data) });
        return Array.from({ length: lattice.size }, (_, layer) => module.layerCounts(texels, lattice, axis, layer));""",
                  lattice, list(array.shape), array.ravel().tolist(), axis)
    for layer, count in enumerate(counts):
        cut = np.take(array, [layer], axis=2 - axis)  # the file is [z, y, x]
        expected = summary(cut, classes)
        assert (count["withData"], count["disagreeing"]) == (expected["cells_with_data"], expected["disagreeing_cells"])
    whole = summary(array, classes)
    assert sum(count["disagreeing"] for count in counts) == whole["disagreeing_cells"] > 0


def test_an_axis_slice_shows_the_layer_holding_its_position(js):
    positions = np.random.default_rng(1).uniform(0, 1, 300).tolist() + [0, 1, 0.5]
    layers = call(js, "return args[0].map((position) => module.sliceLayer(position, args[1]));", positions, SIZE)
    centres = (np.arange(SIZE) + 0.5) / SIZE
    assert layers == [int(np.abs(centres - position).argmin()) for position in positions[:-3]] + [0, SIZE - 1, SIZE // 2]


@pytest.mark.parametrize("axis, index", [("x", 0), ("y", 1), ("z", 2)])
def test_an_axis_slice_is_the_box_s_section_at_its_position(js, axis, index):
    plane = call(js, "return module.slicePlane({ axis: args[0], position: 0.25 }, args[1], null);", axis, LATTICE)
    at = LOW[index] + 0.25 * (HIGH[index] - LOW[index])
    corners = np.array(plane["corners"])
    assert np.allclose(corners[:, index], at) and plane["axis"] == index and plane["layer"] == SIZE // 4
    others = [other for other in range(3) if other != index]
    assert {tuple(corner[others]) for corner in corners} == {(LOW[a] if lo else HIGH[a], LOW[b] if lo2 else HIGH[b])
                                                             for a, b in [others] for lo in (True, False) for lo2 in (True, False)}
    assert plane["normal"][index] == 1


def test_the_view_slice_faces_the_camera_through_its_focus_and_moves_along_the_view(js):
    through, farther = call(js, """return [0.5, 0.75].map((position) => module.slicePlane({ axis: 'view', position }, args[0], args[1]));""",
                            LATTICE, TURNED)
    assert np.allclose(through["normal"], [1, 0, 0], atol=1e-9), "its normal is the camera's back: it looks along -x"
    assert np.allclose(through["point"], TURNED["target"])
    diagonal = np.linalg.norm(np.subtract(HIGH, LOW))
    assert np.allclose(farther["point"], np.add(TURNED["target"], [-0.25 * diagonal, 0, 0]))
    corners = np.array(through["corners"])
    assert np.allclose(corners[:, 0], TURNED["target"][0]), "the corners lie in the plane"
    assert corners[:, 1].min() <= LOW[1] and corners[:, 1].max() >= HIGH[1] and corners[:, 2].min() <= LOW[2], "they hold the box's section"


def test_the_point_under_the_pointer_is_on_the_slice_inside_the_box(js):
    hits = call(js, """const [lattice, camera] = args;
        const view = module.slicePlane({ axis: 'view', position: 0.5 }, lattice, camera);
        const side = module.slicePlane({ axis: 'x', position: 0.5 }, lattice, camera);
        return [module.slicePointAt(view, lattice, camera, 200, 150, 400, 300), module.slicePointAt(side, lattice, camera, 200, 150, 400, 300),
                module.slicePointAt(view, lattice, camera, 0, 0, 400, 300),
                module.slicePointAt(module.slicePlane({ axis: 'z', position: 0.5 }, lattice, camera), lattice, camera, 200, 150, 400, 300)];""",
                LATTICE, TURNED)
    assert np.allclose(hits[0], TURNED["target"]), "the middle of the view is the focus"
    assert np.allclose(hits[1], [(LOW[0] + HIGH[0]) / 2, TURNED["target"][1], TURNED["target"][2]])
    assert hits[2] is None, "the corner of the view looks past the box"
    assert hits[3] is None, "the camera looks along the z slice, never through it"


URL_STATE = "/js/url-state.js"
MAPPED = [{"id": "mnist", "title": "MNIST", "classes": [str(digit) for digit in range(10)], "classmap": {"size": 64}},
          {"id": "own", "title": "Own", "classes": ["a"], "classmap": None}]


def decode(js, search):
    return run_module(js, URL_STATE, "return module.decodeView(args.search, args.context);",
                      {"search": search, "context": {"datasets": MAPPED, "limits": LIMITS}})


def encode(js, view):
    return run_module(js, URL_STATE, "return module.encodeView(args, {});", view)


def test_the_link_keeps_the_slice_and_its_options_not_at_their_defaults(js):
    shown = {"axis": "z", "position": 0.35, "mode": "decoder", "disagreeing": False, "dim": True}
    assert encode(js, {"dataset": "mnist", "classmap": shown}) == "dataset=mnist&classmap=z,0.35,decoder"
    both = {"axis": "view", "position": 0.123456, "mode": "data", "disagreeing": True, "dim": False}
    search = encode(js, {"dataset": "mnist", "classmap": both})
    assert search == "dataset=mnist&classmap=view,0.123,data,disagreeing,undimmed"
    assert decode(js, search) == {"view": {"dataset": "mnist", "classmap": {**both, "position": 0.123}}, "ignored": []}
    assert decode(js, "classmap=z,0.35,decoder")["view"]["classmap"] == shown


@pytest.mark.parametrize("search, classmap, said", [
    ("classmap=w,0.5,data", {"position": 0.5, "mode": "data", "disagreeing": False, "dim": True}, 'classmap: axis "w" is not one of x, y, z, view'),
    ("classmap=x,7,data", {"axis": "x", "position": 1, "mode": "data", "disagreeing": False, "dim": True}, "classmap position: 7 is above 1; using 1"),
    ("classmap=x,0.2,dreams", {"axis": "x", "position": 0.2, "disagreeing": False, "dim": True}, 'mode "dreams" is not one of decoder, data'),
    ("classmap=y,0.2,data,loud", {"axis": "y", "position": 0.2, "mode": "data", "disagreeing": False, "dim": True}, 'option "loud" is not one of'),
    ("classmap=y,middle", {"axis": "y", "disagreeing": False, "dim": True}, 'classmap position: "middle" is not a number'),
])
def test_a_bad_part_of_the_slice_is_named_and_the_rest_kept(js, search, classmap, said):
    decoded = decode(js, search)
    assert decoded["view"]["classmap"] == classmap
    assert len(decoded["ignored"]) == 1 and said in decoded["ignored"][0], decoded["ignored"]


def test_a_slice_of_a_data_set_without_a_map_is_named_and_dropped(js):
    decoded = decode(js, "dataset=own&classmap=z,0.5,decoder")
    assert "classmap" not in decoded["view"]
    assert decoded["ignored"] == ["classmap: Own has no class map; ignored it"]


def test_the_grid_keeps_its_class_borders(js):
    assert encode(js, {"grid": {"size": 11, "pinned": False, "classes": True}}) == "grid=11,,,classes"
    assert decode(js, "grid=11,0.25,xy,classes")["view"]["grid"] == {"size": 11, "spacing": 0.25, "plane": "xy", "pinned": False,
                                                                      "classes": True}
