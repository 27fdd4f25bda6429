"""Timing work inside the page, where performance.now() sees it without the trip to Playwright: the median of runs, in ms.

Each is a page function for ``page.evaluate``; a task is a function body with the run's index ``i`` (-1 for the one
untimed run first, which fills the caches and builds what is built once).
"""

# The median ms of `count` runs of `task`, `untimed` run before each and not counted (a move of the view before a frame).
MEDIAN_MS = """([untimed, task, count]) => {
  const [before, run] = [new Function('i', untimed), new Function('i', task)];
  before(-1);
  run(-1);
  const times = [];
  for (let i = 0; i < count; i++) {
    before(i);
    const started = performance.now();
    run(i);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}"""

# A frame drawn after the view turned a little.
TURN = "window.explorer.orbit(4, 1);"
FRAME = "window.explorer.drawNow();"
# A pick at a spread of places over the cloud's box, which `REMEMBER_BOX` keeps.
REMEMBER_BOX = "window.benchBox = document.querySelector('[data-testid=cloud]').getBoundingClientRect()"
PICK = ("const box = window.benchBox; window.explorer.pick(box.x + box.width * ((i * 37) % 100) / 100, "
        "box.y + box.height * ((i * 61) % 100) / 100);")


def timed_in_page(api):
    """An async page function timing ``count`` runs of ``task`` (a function body of ``api`` and the run's index ``i``),
    the median in ms; ``api`` is the expression that gives the page's api.js."""
    return """async ([task, count]) => {
  const api = %s;
  const run = new Function('api', 'i', `return (async () => { ${task} })();`);
  await run(api, -1);  // once untimed: the first makes the sessions and fills the caches
  const times = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    await run(api, i);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}""" % api
