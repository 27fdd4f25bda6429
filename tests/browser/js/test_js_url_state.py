"""Unit tests of frontend/js/url-state.js, the view <-> URL query codec, in headless Chromium."""
import math

import pytest

from module_runner import run_module
from latent_explorer.limits import LIMITS  # the server's own, as the page receives them

MODULE = "/js/url-state.js"
DATASETS = [
    {"id": "mnist", "title": "MNIST", "classes": [str(digit) for digit in range(10)]},
    {"id": "fashion-mnist", "title": "Fashion-MNIST", "classes": [f"c{i}" for i in range(10)]},
    {"id": "tiny", "title": "Tiny", "classes": ["a", "b"]},
]
CONTEXT = {"datasets": DATASETS, "limits": LIMITS}
FULL_VIEW = {
    "dataset": "fashion-mnist",
    "camera": {"target": [1.23456789, -0.000123456789, 42.5], "rotation": [0.1, -0.7, 0.2, 0.678233], "distance": 7.891011},
    "highlighted": [7, 0, 3],
    "controlPoints": [[0.123456, -1.5, 2], [-99.99994, 3.14159, 0], [5, 5, -5]],
    "closed": True,
    "steps": 200,
    "step": 57,
    "grid": {"size": 15, "spacing": 0.25, "plane": "xz", "pinned": True, "center": [0.5, -0.25, 1.125]},
    "images": True,
    "uncertainty": True,
}


def encode(js, view, limits=LIMITS):
    return run_module(js, MODULE, "return module.encodeView(args.view, { limits: args.limits });",
                      {"view": view, "limits": limits})


def decode(js, search, context=CONTEXT):
    return run_module(js, MODULE, "return module.decodeView(args.search, args.context);",
                      {"search": search, "context": context})


def assert_valid(view, datasets=DATASETS, limits=LIMITS):
    """Every field a decoded view may hold, within what the page and the server accept."""
    assert set(view) <= set(FULL_VIEW), view
    finite = lambda values, count: len(values) == count and all(math.isfinite(v) for v in values)
    inside = lambda values: all(abs(v) <= limits["coordinate"] for v in values)
    ids = {entry["id"]: entry for entry in datasets}
    assert view.get("dataset", "mnist") in ids
    camera = view.get("camera", {"distance": 1})
    assert camera and set(camera) <= {"target", "rotation", "distance"}
    if "target" in camera:
        assert finite(camera["target"], 3) and inside(camera["target"])
    if "rotation" in camera:
        assert finite(camera["rotation"], 4) and math.hypot(*camera["rotation"]) == pytest.approx(1)
    if "distance" in camera:
        assert math.isfinite(camera["distance"]) and camera["distance"] > 0
    classes = ids[view.get("dataset", datasets[0]["id"])]["classes"]
    highlighted = view.get("highlighted", [0])
    assert highlighted and len(set(highlighted)) == len(highlighted)
    assert all(type(index) is int and 0 <= index < len(classes) for index in highlighted)
    points = view.get("controlPoints", [[0, 0, 0]])
    assert 1 <= len(points) <= limits["control_points"][1]
    assert all(finite(point, 3) and inside(point) for point in points)
    assert all(points[i] != points[i - 1] for i in range(1, len(points)))
    for flag in ("closed", "images", "uncertainty"):
        assert type(view.get(flag, False)) is bool
    steps = view.get("steps", limits["default_steps"])
    assert type(steps) is int and limits["steps"][0] <= steps <= limits["steps"][1]
    assert type(view.get("step", 0)) is int and 0 <= view.get("step", 0) <= steps - 1
    grid = view.get("grid", {"pinned": False})
    assert set(grid) <= {"size", "spacing", "plane", "pinned", "center"} and type(grid["pinned"]) is bool
    low, high = limits["grid_size"]
    assert type(grid.get("size", low)) is int and low <= grid.get("size", low) <= high
    low, high = limits["grid_spacing"]
    assert low <= grid.get("spacing", low) <= high, "the server refuses a grid spacing outside its range"
    assert grid.get("plane", "view") in {"view", "xy", "yz", "xz"}
    assert ("center" in grid) == grid["pinned"]
    if grid["pinned"]:
        assert finite(grid["center"], 3) and inside(grid["center"])


def test_every_field_survives_a_round_trip_within_the_printed_precision(js):
    search = encode(js, FULL_VIEW)
    result = decode(js, search)
    assert result["ignored"] == [], search
    view = result["view"]
    assert set(view) == set(FULL_VIEW)
    for key in ("dataset", "highlighted", "closed", "steps", "step", "images", "uncertainty"):
        assert view[key] == FULL_VIEW[key], key
    camera = FULL_VIEW["camera"]
    assert view["camera"]["target"] == pytest.approx(camera["target"], rel=5e-6, abs=1e-12)
    assert view["camera"]["distance"] == pytest.approx(camera["distance"], rel=5e-6)
    assert view["camera"]["rotation"] == pytest.approx(camera["rotation"], abs=1e-6)
    for decoded, written in zip(view["controlPoints"], FULL_VIEW["controlPoints"], strict=True):
        assert decoded == pytest.approx(written, abs=5e-5)
    assert view["grid"] == FULL_VIEW["grid"]
    assert_valid(view)
    assert encode(js, view) == search, "a decoded link encodes to itself"


def test_the_link_is_compact_and_readable(js):
    search = encode(js, {**FULL_VIEW, "camera": {"target": [1.5, -2, 0.25], "rotation": [0, 0, 0, 1], "distance": 10}})
    assert search.startswith("dataset=fashion-mnist&target=1.5,-2,0.25&rotation=0,0,0,1&distance=10&highlight=7,0,3&")
    assert "points=0.1235,-1.5,2;-99.9999,3.1416,0;5,5,-5&steps=200&step=57" in search
    assert search.endswith("grid=15,0.25,xz&pin=0.5,-0.25,1.125&closed=1&images=1&uncertainty=1")
    assert "%" not in search and "?" not in search


def test_the_camera_reopens_with_every_point_within_a_pixel_of_where_it_was(js):
    result = js.evaluate("""async ([context]) => {
      const camera = await import('/js/camera.js');
      const codec = await import('/js/url-state.js');
      const [width, height] = [1280, 800];
      let random = 7;
      const next = () => ((random = (random * 16807) % 2147483647) / 2147483647) * 2 - 1;
      const cloud = Array.from({ length: 2000 }, () => [next() * 4 + 1.3, next() * 4 - 2.7, next() * 4 + 0.9]);
      const home = camera.fitCamera([1.3, -2.7, 0.9], 4);
      const moved = camera.pan(camera.orbit(camera.zoom(home, 0.31), 417, -263, height), 55, -31, height);
      const closest = camera.zoom(camera.orbit(home, -50, 700, height), 0);   // zoomed in as far as allowed
      const worst = [];
      for (const original of [home, moved, closest]) {
        const { view } = codec.decodeView(codec.encodeView({ camera: original }), context);
        const reopened = { ...original, ...view.camera };
        const before = camera.viewProjectionMatrix(original, width / height);
        const after = camera.viewProjectionMatrix(reopened, width / height);
        let most = 0;
        for (const point of cloud) {
          const [a, b] = [camera.projectPoint(before, point, width, height), camera.projectPoint(after, point, width, height)];
          if (a && b && a.x >= 0 && a.x <= width && a.y >= 0 && a.y <= height) most = Math.max(most, Math.hypot(a.x - b.x, a.y - b.y));
        }
        worst.push(most);
      }
      return worst;
    }""", [CONTEXT])
    assert max(result) < 0.5, result


def test_views_at_their_defaults_leave_the_link_empty_but_for_the_data_set(js):
    defaults = {"dataset": "mnist", "camera": None, "highlighted": [], "controlPoints": [], "closed": False,
                "steps": 64, "step": 0, "grid": None, "images": False, "uncertainty": False}
    assert encode(js, defaults) == "dataset=mnist"
    assert encode(js, {}) == ""
    assert encode(js, {"steps": 64}, limits=None) == "steps=64", "without limits it cannot know the default"
    assert encode(js, {"grid": {"size": 11, "pinned": False, "center": [1, 2, 3]}}) == "grid=11", "an unpinned centre follows the pointer"
    assert encode(js, {"grid": {"pinned": False}}) == "grid="
    assert decode(js, "grid=") == {"view": {"grid": {"pinned": False}}, "ignored": []}, "open with the page's defaults"
    for search in ("", "?", None):
        assert decode(js, search) == {"view": {}, "ignored": []}


@pytest.mark.parametrize("search", ["?dataset=fashion-mnist", "dataset=fashion-mnist"])
def test_old_links_with_only_the_data_set_still_open_it(js, search):
    assert decode(js, search) == {"view": {"dataset": "fashion-mnist"}, "ignored": []}


def test_highlight_is_checked_against_the_data_set_in_the_link_or_else_the_first(js):
    assert decode(js, "dataset=tiny&highlight=1,0,1")["view"]["highlighted"] == [1, 0]
    ignored = decode(js, "dataset=tiny&highlight=1,7")["ignored"]
    assert ignored == ["highlight: class \"7\" is not in Tiny (classes 0 to 1); ignored it"]
    assert decode(js, "highlight=9")["view"]["highlighted"] == [9], "MNIST, the first, has ten"


def test_a_server_with_no_data_set_still_gets_a_view(js):
    result = decode(js, "dataset=mnist&highlight=1&points=1,2,3", {"datasets": [], "limits": LIMITS})
    assert result["view"] == {"controlPoints": [[1, 2, 3]]}
    assert result["ignored"] == ["dataset: there is no data set \"mnist\"; showing none",
                                 "highlight: class \"1\" is not in any data set; ignored it"]


HUNDRED_AND_ONE = ";".join(f"{i},0,0" for i in range(101))
BAD_VALUES = [
    # (query, what the view holds for the field, a part of the message)
    ("rotation=abc", {}, "camera: rotation \"abc\" is not four numbers; using the default rotation"),
    ("rotation=0,0,0,0", {}, "camera: rotation \"0,0,0,0\" is zero"),
    ("rotation=0,0,0,1,5", {}, "is not four numbers"),
    ("rotation=1e308,1e308,1e308,1e308", {"camera": {"rotation": [0.5] * 4}}, None),
    ("rotation=-0,-0,0,-2", {"camera": {"rotation": [0, 0, 0, -1]}}, None),
    ("target=1,2", {}, "camera: target \"1,2\" is not three numbers; using the default target"),
    ("target=1,,2", {}, "is not three numbers"),
    ("target=NaN,0,0", {}, "\"NaN,0,0\" is not three numbers"),
    ("target=Infinity,0,0", {}, "is not three numbers"),
    ("target=1e400,0,0", {}, "is not three numbers"),
    ("target=250,0,-1e3", {"camera": {"target": [100, 0, -100]}}, "camera: target x 250 is outside ±100; clamped to 100"),
    ("target=0x10,0,0", {}, "is not three numbers"),
    ("distance=-3", {}, "camera: distance \"-3\" is not a number above 0; using the default distance"),
    ("distance=0", {}, "is not a number above 0"),
    ("distance=-0", {}, "is not a number above 0"),
    ("distance=1e400", {}, "is not a number above 0"),
    ("distance=", {}, "is not a number above 0"),
    ("dataset=cifar", {}, "dataset: there is no data set \"cifar\"; showing MNIST"),
    ("dataset=__proto__", {}, "there is no data set \"__proto__\""),
    ("dataset=mnist&dataset=tiny", {"dataset": "mnist"}, "dataset: given more than once; using the first"),
    ("dataset=tiny&dataset=tiny", {"dataset": "tiny"}, None),
    ("highlight=12", {}, "highlight: class \"12\" is not in MNIST (classes 0 to 9); ignored it"),
    ("highlight=-1,1.5,x,07,7", {"highlighted": [7]}, "class \"-1\", class \"1.5\", class \"x\" are not in MNIST"),
    ("highlight=" + ",".join(str(i) for i in range(50)), {"highlighted": list(range(10))}, "and 37 more are not in MNIST"),
    ("points=" + HUNDRED_AND_ONE, {"controlPoints": [[i, 0, 0] for i in range(100)]},
     "points: 101 control points, at most 100; kept the first 100"),
    ("points=1,2,3;abc;4,5,6", {"controlPoints": [[1, 2, 3], [4, 5, 6]]}, "points: point 2 \"abc\" is not three numbers; dropped it"),
    ("points=1,2,3;400,0,0", {"controlPoints": [[1, 2, 3]]}, "points: point 2 is outside ±100; dropped it"),
    ("points=1,2,3;1,2,3;4,5,6", {"controlPoints": [[1, 2, 3], [4, 5, 6]]}, "point 2 is the same as the point before it"),
    ("closed=1&points=1,2,3;4,5,6;7,8,9;1,2,3", {"closed": True, "controlPoints": [[1, 2, 3], [4, 5, 6], [7, 8, 9]]},
     "the last point repeats the first"),
    ("closed=maybe", {}, "closed: \"maybe\" is not 1 or 0; ignored it"),
    ("closed=0", {"closed": False}, None),
    ("steps=5000", {"steps": 1000}, "steps: 5000 is above 1000; using 1000"),
    ("steps=1", {"steps": 2}, "steps: 1 is below 2; using 2"),
    ("steps=6.4e1", {}, "steps: \"6.4e1\" is not a whole number; using the default"),
    ("steps=" + "9" * 400, {"steps": 1000}, "is above 1000"),
    ("step=80", {"step": 63}, "step: 80 is past the last frame (63); using 63"),
    ("steps=10&step=80", {"steps": 10, "step": 9}, "past the last frame (9)"),
    ("step=-1", {"step": 0}, "step: -1 is below 0; using 0"),
    ("grid=99,0,diagonal", {"grid": {"size": 25, "spacing": 0.001, "pinned": False}}, "grid size: 99 is above 25; using 25"),
    ("grid=11,0,xy", {"grid": {"size": 11, "spacing": 0.001, "plane": "xy", "pinned": False}},
     "grid spacing: 0 is below 0.001; using 0.001"),
    ("grid=7,50,xy", {"grid": {"size": 7, "spacing": 10, "plane": "xy", "pinned": False}}, "grid spacing: 50 is above 10; using 10"),
    ("grid=7,0.0001,xy", {"grid": {"size": 7, "spacing": 0.001, "plane": "xy", "pinned": False}},
     "grid spacing: 0.0001 is below 0.001; using 0.001"),
    ("grid=7,wide", {"grid": {"size": 7, "pinned": False}}, "grid spacing: \"wide\" is not a number; using the default"),
    ("grid=7,1e400", {"grid": {"size": 7, "spacing": 10, "pinned": False}}, "grid spacing: 1e400 is above 10; using 10"),
    ("grid=11,1,diagonal", {"grid": {"size": 11, "spacing": 1, "pinned": False}}, "plane \"diagonal\" is not one of view"),
    ("grid=11,1,xy,9", {"grid": {"size": 11, "spacing": 1, "plane": "xy", "pinned": False}}, None),
    ("pin=1,2,3", {}, "pin: there is no grid to pin; ignored it"),
    ("grid=11&pin=1000,0,0", {"grid": {"size": 11, "pinned": False}}, "pin: \"1000,0,0\" lies outside ±100"),
    ("images=2", {}, "images: \"2\" is not 1 or 0"),
    ("uncertainty=true", {"uncertainty": True}, None),
    ("utm_source=chat&foo=1&dataset=tiny", {"dataset": "tiny"}, "link: key \"utm_source\", key \"foo\" are not part of a view; ignored them"),
    ("__proto__=1&constructor=2", {}, "key \"__proto__\", key \"constructor\" are not part"),
    ("points=" + "9" * 30_000, {}, "points: 30000 characters is too long; ignored it"),
    ("target=%EF%BC%91,2,3", {}, "target \"１,2,3\" is not three numbers"),
    ("dataset=" + "\U0001F600" * 50, {}, "there is no data set \"" + "\U0001F600" * 20 + "…\""),
    ("dataset=a%0Ab", {}, "there is no data set \"a\ufffdb\""),
]


@pytest.mark.parametrize("search, expected, message", BAD_VALUES, ids=[row[0][:40] for row in BAD_VALUES])
def test_a_bad_value_opens_the_nearest_valid_view_and_says_what_was_ignored(js, search, expected, message):
    result = decode(js, search)
    assert_valid(result["view"])
    for key, value in expected.items():
        if key == "camera":
            for part, numbers in value.items():
                assert result["view"]["camera"][part] == pytest.approx(numbers), part
        else:
            assert result["view"][key] == value, key
    field = search.split("=")[0]
    if field in {"rotation", "target", "distance"} and "camera" not in expected:
        assert "camera" not in result["view"]
    elif field in {"dataset", "highlight", "points", "steps", "step", "closed", "images", "pin"} and field not in expected:
        assert set(result["view"]) <= set(expected), "a bad field is left out, so the page keeps its default"
    if message is None:
        assert result["ignored"] == []
    else:
        assert any(message in sentence for sentence in result["ignored"]), result["ignored"]
        assert all(len(sentence) < 300 for sentence in result["ignored"]), "messages never echo a whole value"


def test_negative_zero_never_reaches_the_view(js):
    result = run_module(js, MODULE, """
      const { view } = module.decodeView('target=-0,0,-0.0&points=-0,-0,-0;1,1,1&highlight=-0&step=-0', args);
      return [...view.camera.target, ...view.controlPoints[0], ...view.highlighted, view.step].map((v) => Object.is(v, -0));
    """, CONTEXT)
    assert result == [False] * 8


FUZZ = [
    "", "?", "&&&", "=", "==&=", "dataset", "dataset=", "+", "%", "%ZZ", "%00=%00", "%ED%A0%80=1",
    "__proto__=1", "__proto__[x]=1", "constructor=x&toString=y&hasOwnProperty=z", "dataset=__proto__",
    "dataset=constructor", "target=__proto__", "highlight=__proto__,constructor,length",
    "target=NaN,NaN,NaN", "target=-Infinity,0,0", "target=1e-400,-1e-400,0", "target=+1,-1,.5",
    "target=1.,2.e3,3", "rotation=5e-324,0,0,0", "rotation=-1e-320,0,0,0", "rotation=1,1,1,1e308",
    "distance=5e-324", "distance=1.7976931348623157e308", "distance=1e+3", "distance=1e%2B3",
    "highlight=" + ",".join(str(i % 97) for i in range(100_000)), "highlight=,,,,", "highlight=9999999999999999999999",
    "points=" + ";".join(["1,2,3", "4,5,6"] * 2000), "points=;;;;", "points=1,2,3;", "points=1;2;3",
    "points=" + ",".join(["1"] * 5000), "points=1,2,3;1,2,3;1,2,3;1,2,3",
    "closed=1&points=1,2,3;1,2,3", "closed=1&points=1,2,3;4,5,6;1,2,3", "closed=TRUE&images=On&uncertainty=off",
    "steps=-0", "steps=00064", "steps=1e3", "steps=%E2%80%8B64", "step=99999999999999999999999", "steps=0&step=0",
    "grid=,,,,,,", "grid=3.5", "grid=-1,-1,-1", "grid=11,1e400,xy&pin=NaN", "grid=11&grid=12&pin=1,2,3&pin=x",
    "a" * 300_000 + "=1", "&".join(f"k{i}=1" for i in range(20_000)), "&".join(["dataset=mnist"] * 5000),
    "dataset=\U0001F600&highlight=\u0661", "target=%EF%BC%91,%EF%BC%92,%EF%BC%93", "step=%D9%A1",
    "dataset=mnist&" + "&".join(f"{key}=\u202e" for key in ("target", "rotation", "distance", "points", "grid")),
]


def test_no_link_in_a_hostile_list_makes_it_throw_and_every_result_is_a_valid_view_that_reopens_as_itself(js):
    results = run_module(js, MODULE, """
      return args.links.map((search) => {
        try {
          const first = module.decodeView(search, args.context);
          const again = module.decodeView(module.encodeView(first.view, args.context), args.context);
          return { ...first, again };
        } catch (error) {
          return { search: search.slice(0, 80), threw: String(error) };
        }
      });
    """, {"links": FUZZ, "context": CONTEXT})
    for search, result in zip(FUZZ, results, strict=True):
        assert "threw" not in result, result
        assert_valid(result["view"])
        assert result["again"]["ignored"] == [], (search[:80], result["again"]["ignored"])
        assert_valid(result["again"]["view"])
        assert len(result["ignored"]) <= 20 and all(len(sentence) < 300 for sentence in result["ignored"]), search[:80]


# ---- the selection: runs of indices, at most LINK_SELECTION_MOST ----

SELECT_CONTEXT = {"datasets": [{**DATASETS[0], "count": 70000}], "limits": LIMITS}


@pytest.mark.parametrize("indices", [[0], [3, 4, 5, 9], list(range(1000)), [69999], sorted({(i * 7919) % 70000 for i in range(1000)})])
def test_a_selection_round_trips_through_the_link(js, indices):
    search = encode(js, {"dataset": "mnist", "selection": indices})
    assert decode(js, search, SELECT_CONTEXT) == {"view": {"dataset": "mnist", "selection": indices}, "ignored": []}


def test_the_selection_is_written_as_runs_of_gaps_in_base_36(js):
    assert encode(js, {"selection": [3, 4, 5, 9]}) == "select=3-2,3"
    assert encode(js, {"selection": list(range(40, 1040))}) == "select=14-rr"
    # A thousand scattered points stay far below the longest value a link may hold.
    scattered = sorted({(i * 7919) % 70000 for i in range(1000)})
    assert len(encode(js, {"selection": scattered})) < 4000


def test_a_selection_larger_than_the_link_keeps_is_left_out(js):
    assert encode(js, {"dataset": "mnist", "selection": list(range(1001))}) == "dataset=mnist"


@pytest.mark.parametrize("search, selection, problem", [
    ("select=3-2,zz!,4", [3, 4, 5], '"zz!" is not a run of point numbers'),
    ("select=1i0b-9", [69995, 69996, 69997, 69998, 69999], "points past the last of MNIST (69999)"),
    ("select=0-rs", list(range(1000)), "more than 1000 points"),
    ("select=0-zzzzzzz", list(range(1000)), "points past the last"),
    ("select=,,", None, '"" is not a run'),
])
def test_a_bad_selection_keeps_what_it_can_and_says_what_it_dropped(js, search, selection, problem):
    result = decode(js, search, SELECT_CONTEXT)
    assert result["view"].get("selection") == selection
    assert any(problem in sentence for sentence in result["ignored"]), result["ignored"]
