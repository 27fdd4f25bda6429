"""The published static site beside the server, in the same run and the same headless Chromium.

The site is published from the server's own models and points, served by a plain static file server
on loopback (Python's http.server: no compression, as the simplest host), and the page is timed on
both: the first drawn cloud and the bytes before it, the in-page runtime's readiness, a hover's
decoded image shown, a 15 x 15 grid and a 64-frame GIF, each made through the page's one interface
(api.js), so that the same code runs against either way of answering.
"""
import json
import statistics
import tempfile
import time
from pathlib import Path

from latent_explorer.publish import publish
from latent_explorer.tools.harness import StaticSiteServer, launch_chromium, new_context
from latent_explorer.tools.page_timing import timed_in_page

LOADS = 3  # page loads timed per way of answering; the median is reported
HOVERS = 100
GRIDS = 10
GIFS = 3
GRID_SIZE = 15
GIF_STEPS = 64
API = "(await import(new URL('js/api.js', document.baseURI).href))"
# What reached the page before `mark`: the document and every resource that ended by then.
BYTES_BEFORE = """(mark) => {
  const at = performance.getEntriesByName(mark)[0].startTime;
  const navigation = performance.getEntriesByType('navigation')[0];
  return performance.getEntriesByType('resource').filter((entry) => entry.responseEnd <= at)
    .reduce((sum, entry) => sum + entry.transferSize, navigation.transferSize);
}"""


TIMED = timed_in_page(API)
HOVER = """const [uri] = await api.decodePoints(DATASET, [[Math.sin(i) * 2, Math.cos(i * 0.7) * 2, Math.sin(i * 1.3)]]);
  const image = new Image(); image.src = uri; await image.decode();"""
GRID = """const blob = await api.fetchGrid(DATASET, {center: [Math.sin(i) * 0.1, 0, 0], right: [1, 0, 0], up: [0, 1, 0],
                                             size: %d, spacing: 0.2});
  (await createImageBitmap(blob)).close();""" % GRID_SIZE
GIF = """await api.fetchTraversalFile(DATASET, 'gif', {control_points: [[-1, -1, 0], [1, 0.5, 0.2 + i * 0.01], [0, 1.5, -1]],
                                               steps: %d});""" % GIF_STEPS


def _published(folder, app, dataset_ids, originals, sizes):
    """Publish ``app``'s data sets to ``folder``, recording the site's bytes per part and the seconds it took."""
    started = time.perf_counter()
    report = publish(folder, app, dataset_ids, originals=originals)
    key = "with_originals" if originals else "without_originals"
    sizes[key] = dict(report.bytes_by_part)
    sizes[f"publish_seconds_{key}"] = round(time.perf_counter() - started, 1)


def static_site_timings(server, app, dataset_ids):
    """The figures above, for the served page at ``server`` and a site published from ``app`` (published once with
    originals, which is the site timed, and once without, for its size)."""
    dataset_id = dataset_ids[0]
    sizes = {}
    with tempfile.TemporaryDirectory() as scratch:
        _published(Path(scratch) / "lean", app, dataset_ids, False, sizes)
        _published(Path(scratch) / "site", app, dataset_ids, True, sizes)
        with StaticSiteServer(Path(scratch) / "static.log", Path(scratch) / "site") as site:
            figures = {"sizes": sizes, **_page_figures({"served": server.url, "static": site.url}, dataset_id)}
    served, static = figures["served"], figures["static"]
    figures["first_cloud_static_to_served"] = round(static["first_cloud_ms"] / served["first_cloud_ms"], 2)
    figures["hover_static_to_served"] = round(static["hover_shown_ms"] / served["hover_shown_ms"], 3)
    figures["grid_refreshes_per_second_in_page"] = round(1000 / static["grid_ms"], 1)
    return figures


def _page_figures(urls, dataset_id):
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        loads = {mode: [] for mode in urls}
        for _ in range(LOADS):
            for mode, url in urls.items():
                loads[mode].append(_load(browser, url, dataset_id, mode == "static"))
        figures = {mode: {key: statistics.median(load[key] for load in runs) for key in runs[0]}
                   for mode, runs in loads.items()}
        for mode, url in urls.items():
            context = new_context(browser, viewport={"width": 1280, "height": 800})
            page = context.new_page()
            page.goto(f"{url}/?dataset={dataset_id}")
            page.wait_for_function("id => performance.getEntriesByName('cloud-drawn:' + id).length > 0", arg=dataset_id,
                                   timeout=120_000)
            for key, task, count in (("hover_shown_ms", HOVER, HOVERS), ("grid_ms", GRID, GRIDS), ("gif_64_ms", GIF, GIFS)):
                figures[mode][key] = round(page.evaluate(TIMED, [task.replace("DATASET", json.dumps(dataset_id)), count]), 2)
            context.close()
        browser.close()
    return figures


def _load(browser, url, dataset_id, static):
    """One fresh load: ms to the first drawn cloud and bytes before it; for the site, also to the in-page runtime."""
    context = new_context(browser, viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(f"{url}/?dataset={dataset_id}")
    drawn, ready = f"cloud-drawn:{dataset_id}", f"in-page-ready:{dataset_id}"
    page.wait_for_function("mark => performance.getEntriesByName(mark).length > 0", arg=drawn, timeout=120_000)
    figures = {"first_cloud_ms": round(page.evaluate("mark => performance.getEntriesByName(mark)[0].startTime", drawn), 1),
               "bytes_before_first_cloud": page.evaluate(BYTES_BEFORE, drawn)}
    if static:
        page.wait_for_function("mark => performance.getEntriesByName(mark).length > 0", arg=ready, timeout=120_000)
        figures["decode_ready_ms"] = round(page.evaluate("mark => performance.getEntriesByName(mark)[0].startTime", ready), 1)
        figures["bytes_before_decode_ready"] = page.evaluate(BYTES_BEFORE, ready)
    context.close()
    return figures


def static_rows(figures, goals):
    """The benchmark table's rows of these figures."""
    served, static, sizes = figures["served"], figures["static"], figures["sizes"]
    mib = 1 << 20
    per_dataset = ", ".join(f"{part} {size / mib:.1f} MiB" for part, size in sizes["with_originals"].items())
    lean = ", ".join(f"{part} {size / mib:.1f} MiB" for part, size in sizes["without_originals"].items())
    return [
        ("static site: first cloud", f"{static['first_cloud_ms']} ms, served {served['first_cloud_ms']} ms",
         f"bytes before it: {static['bytes_before_first_cloud']:,} static (no gzip), {served['bytes_before_first_cloud']:,} served",
         f"{figures['first_cloud_static_to_served']}x (goal <= {goals['static_first_cloud_to_served']}x)"),
        ("static site: in-page decode ready", f"{static['decode_ready_ms']} ms after navigation",
         f"{static['bytes_before_decode_ready']:,} B fetched by then", ""),
        ("static site: a hover's image shown", f"{static['hover_shown_ms']} ms in the page",
         f"served, with its round trip: {served['hover_shown_ms']} ms",
         f"{figures['hover_static_to_served']}x (goal <= {goals['hover_static_to_served']}x)"),
        ("static site: 15x15 grid", f"{static['grid_ms']} ms in the page ({figures['grid_refreshes_per_second_in_page']}/s)",
         f"served: {served['grid_ms']} ms", f"goal >= {goals['grid_refreshes_per_second']}/s"),
        ("static site: 64-frame GIF", f"{static['gif_64_ms']} ms in the page", f"served: {served['gif_64_ms']} ms", ""),
        ("static site: size", per_dataset, f"without originals: {lean}",
         f"publish {sizes['publish_seconds_with_originals']} s"),
    ]
