"""Unit tests of frontend/js/playback.js, which step playback on the clock shows, in headless Chromium."""
from module_runner import run_module


def steps_after(js, start, elapsed, count, ping_pong):
    return run_module(js, "/js/playback.js", """
      const [start, elapsed, count, pingPong] = args;
      return elapsed.map((steps) => module.stepAfter(start, steps, count, pingPong));
    """, [start, elapsed, count, ping_pong])


def test_looping_playback_wraps_round_and_skips_what_a_slow_frame_missed(js):
    shown = steps_after(js, {"from": 61, "direction": 1}, [0, 1, 2, 3, 7], 64, False)
    assert [step["index"] for step in shown] == [61, 62, 63, 0, 4]


def test_back_and_forth_turns_at_each_end_without_showing_it_twice(js):
    up = steps_after(js, {"from": 61, "direction": 1}, list(range(6)), 64, True)
    assert [(step["index"], step["direction"]) for step in up] == [(61, 1), (62, 1), (63, -1), (62, -1), (61, -1), (60, -1)]
    down = steps_after(js, {"from": 2, "direction": -1}, [0, 1, 2, 3, 4, 126], 64, True)
    assert [step["index"] for step in down] == [2, 1, 0, 1, 2, 2], "a whole period, 2 (64 - 1) steps, comes back"


def test_a_one_frame_path_stays_on_its_frame(js):
    assert [step["index"] for step in steps_after(js, {"from": 0, "direction": 1}, [0, 5], 1, True)] == [0, 0]


def test_frames_shown_count_over_the_last_second(js):
    assert run_module(js, "/js/playback.js", "return module.withinLastSecond([0, 500, 999.5, 1400, 2000], 2000);") == [1400, 2000]
