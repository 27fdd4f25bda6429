"""Unit tests of frontend/js/in-page/checks.js, the server's checks of a request as the page repeats them.

The server's words are the reference: numbers, points and bad values must read as Python prints them.
"""
import json

import numpy as np

from latent_explorer.api.responses import brief
from module_runner import run_module

MODULE = "/js/in-page/checks.js"


def call(js, body, *args):
    return run_module(js, MODULE, body, list(args))


def test_points_are_written_as_python_prints_the_parsed_json(js):
    rng = np.random.default_rng(1)
    numbers = (rng.uniform(-1, 1, 300) * 10.0 ** rng.integers(-9, 24, 300)).tolist()
    numbers += [0.1, 1e-05, 0.0001, 3, -0.0, 100, 2.5, 1e16, 1e21, 123456789012345680000, 5e-324,
                1.7976931348623157e308]
    points = [numbers[i:i + 3] for i in range(0, len(numbers) - 2, 3)]
    pages = call(js, "return args[0].map((point) => [JSON.stringify(point), module.pythonRepr(point)]);", points)
    for text, written in pages:
        assert written == str(json.loads(text))


def test_format_g_rounds_as_python_does(js):
    rng = np.random.default_rng(2)
    numbers = (rng.uniform(0, 1, 300) * 10.0 ** rng.integers(-45, 25, 300)).tolist()
    # Exact ties, which Python rounds to even, and carries into a new digit.
    numbers += [1.125, 1.375, 1225, 1235, 0.03125, 9.995, 999.5, 99950, 0.00012345, 1e-05, 123, 100, 1e16, 0,
                -0.0, -1.125, 5e-324, float("inf"), float("nan")]
    pages = call(js, "return args[0].map((x) => module.formatG(x, 3));", numbers)
    assert pages == [format(x, ".3g") for x in numbers]



def test_bad_values_are_echoed_as_the_servers_brief_does(js):
    values = ["abc", "x" * 50, "it's", 'a"b', "tab\there", 1.5, 10 ** 30, 123456789012345678901234567890123456789012345.0,
              [1, 2, 3, 4, 5, 6], [[1, [2, [3]]]], {"b": 1, "a": [1, 2], "c": 3, "d": 4, "e": 5}, None, True, False, [],
              {}, 1e-05, 1e16, [0.1, "y" * 40], -0.0]
    # What the page would send for each, and how it echoes it: the server reads the sent JSON.
    pages = call(js, "return args[0].map((text) => { const value = JSON.parse(text); return [JSON.stringify(value), module.brief(value)]; });",
                 [json.dumps(v) for v in values])
    for sent, echoed in pages:
        assert echoed == brief(json.loads(sent)), sent
