"""End-to-end: the page works under the server's Content-Security-Policy, with nothing it does refused by it.

The other browser tests bypass the policy (harness.new_context): Playwright's waits evaluate
strings of JavaScript, which the policy forbids. This one keeps it, and waits by polling
``page.evaluate``, which the browser's debugging protocol runs outside the page's policy.
"""
import time

from page_helpers import empty_space, find_pickable_point


RECORD_VIOLATIONS = """window.cspViolations = [];
document.addEventListener('securitypolicyviolation',
  (event) => window.cspViolations.push(`${event.violatedDirective}: ${event.blockedURI}`));"""


def wait_until(page, expression, timeout=60):
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        assert time.monotonic() < deadline, f"not within {timeout} s: {expression}"
        time.sleep(0.1)


def test_the_page_breaks_no_rule_of_its_content_security_policy(chromium, explorer_server):
    context = chromium.new_context(viewport={"width": 1280, "height": 800})  # the policy kept
    try:
        page = context.new_page()
        page.add_init_script(RECORD_VIOLATIONS)
        response = page.goto(explorer_server.url)
        assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
        wait_until(page, "performance.getEntriesByName('cloud-drawn:mnist').length > 0")
        point = find_pickable_point(page)
        page.mouse.move(point["x"], point["y"])  # its decoded image and original: data: URIs
        wait_until(page, f"explorer.state().hovered === {point['index']}")
        for spot in empty_space(page, 2):  # two control points: a path and its film strip
            page.mouse.click(spot["x"], spot["y"])
        wait_until(page, "explorer.state().traversal !== null")
        page.get_by_test_id("grid-open").check()  # the mosaic
        wait_until(page, "(() => { const image = document.querySelector('[data-testid=grid-image]');"
                         " return image.complete && image.naturalWidth > 0; })()")
        with page.expect_download():  # a GIF through a blob: link
            page.get_by_test_id("export-gif").click()
        assert page.evaluate("window.cspViolations") == []
    finally:
        context.close()
