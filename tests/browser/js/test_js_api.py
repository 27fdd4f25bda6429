"""Unit tests of frontend/js/api.js (the request helpers) in headless Chromium."""


def test_latest_wins_never_delivers_a_stale_answer(js):
    result = js.evaluate("""async () => {
      const { latestWins } = await import('/js/api.js');
      // A slot of 200 ms: 'middle' comes 2 ms after 'slow', inside it even when a busy machine stalls the page's timers.
      const delays = { slow: 600, fast: 5, middle: 150 };
      const started = [];
      const request = latestWins(async (name) => {
        started.push(name);
        await new Promise((resolve) => setTimeout(resolve, delays[name]));
        return name;
      }, 200);
      const slow = request.run('slow');             // starts at once, answers last
      await new Promise((resolve) => setTimeout(resolve, 2));
      const skipped = request.run('middle');        // waits for its slot, replaced before starting
      const fast = request.run('fast');             // the latest call
      const outcomes = await Promise.all([slow, skipped, fast]);
      const cancelled = request.run('fast');
      request.cancel();
      return { outcomes, started, cancelled: await cancelled };
    }""")
    assert result["outcomes"] == [{"stale": True}, {"stale": True}, {"stale": False, "value": "fast"}]
    # 'middle' was replaced while waiting for its slot, so it was never sent; the last
    # 'fast' was sent (its slot was free) but cancelled, so its answer is dropped.
    assert result["started"] == ["slow", "fast", "fast"]
    assert result["cancelled"] == {"stale": True}
