"""End-to-end: the server stops and starts again; the page keeps the path and recovers by itself, within a
second or two of the server's first answer."""
import time

from playwright.sync_api import expect

from latent_explorer.tools.harness import open_explorer
from page_helpers import empty_space


def a_path_on(page, server):
    """The page on ``server`` with a two-point path built; returns the two points' spots and a third, free one."""
    open_explorer(page, server.url)
    first, second, third = empty_space(page, 3)
    for spot in (first, second):
        page.mouse.click(spot["x"], spot["y"])
    page.wait_for_function("explorer.state().traversal?.steps === 64")
    return first, second, third


def test_the_path_is_kept_while_the_server_is_away_and_rebuilt_when_it_returns(page, start_server):
    server = start_server()
    first, second, third = a_path_on(page, server)
    page.mouse.move(first["x"], first["y"])
    expect(page.get_by_test_id("hover-info")).to_contain_text("Empty space")

    server.stop()
    page.mouse.click(third["x"], third["y"])  # the point is added; the old path stays, out of date
    page.wait_for_function("explorer.state().controlPoints.length === 3")
    expect(page.get_by_test_id("error")).to_contain_text("not answering")
    assert page.evaluate("explorer.state().traversal") is not None
    expect(page.get_by_test_id("traversal-stale")).to_be_visible()
    page.mouse.move(second["x"], second["y"])
    expect(page.get_by_test_id("hover-stale")).to_be_visible()

    start_server(port=server.port)
    # No user action: the page asks again with a back-off, clears the message and rebuilds the path.
    expect(page.get_by_test_id("error")).to_be_hidden(timeout=45_000)
    expect(page.get_by_test_id("traversal-stale")).to_be_hidden(timeout=45_000)
    assert page.evaluate("explorer.state().traversal.steps") == 64
    page.mouse.move(third["x"] + 5, third["y"] + 5)
    expect(page.get_by_test_id("hover-stale")).to_be_hidden()


def test_the_path_is_rebuilt_within_two_seconds_of_the_servers_first_answer(page, start_server):
    server = start_server()
    _, _, third = a_path_on(page, server)
    server.stop()
    page.mouse.click(third["x"], third["y"])
    expect(page.get_by_test_id("traversal-stale")).to_be_visible()
    page.wait_for_timeout(16_000)  # away long enough for a back-off to have grown
    start_server(port=server.port)  # returns once the server answers
    answered = time.monotonic()
    expect(page.get_by_test_id("traversal-stale")).to_be_hidden(timeout=30_000)
    took = time.monotonic() - answered
    assert took < 2.0, f"the path was rebuilt {took:.1f} s after the server's first answer"
    assert page.evaluate("explorer.state().traversal.steps") == 64
