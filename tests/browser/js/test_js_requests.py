"""Unit tests of frontend/js/controllers/requests.js, a request whose latest answer or error goes into the store."""

RUN = """async () => {
  const { createStore } = await import('/js/state.js');
  const { latestAnswers } = await import('/js/controllers/requests.js');
  const { ApiError } = await import('/js/api.js');
  const store = createStore({ serverAway: true, error: 'away', answers: [], errors: [] });
  const wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  const requests = latestAnswers(store, async ({ name, ms, fails }) => {
    await wait(ms);
    if (fails) throw new ApiError(`${name} refused`, 400);
    return name.toUpperCase();
  }, {
    minInterval: 0,
    onAnswer: (value, { name }) => store.set({ answers: [...store.get().answers, [value, name]] }),
    onError: (error, { name }) => store.set({ errors: [...store.get().errors, [error.message, name]] }),
  });
  const slow = requests.ask({ name: 'slow', ms: 80 });   // superseded: its answer is dropped
  const fast = requests.ask({ name: 'fast', ms: 5 });
  await Promise.all([slow, fast]);
  const answered = store.get();
  await requests.ask({ name: 'bad', ms: 5, fails: true });
  const late = requests.ask({ name: 'cancelled', ms: 5 });
  requests.cancel();
  await late;
  const { answers, errors, serverAway, error } = store.get();
  return { answers, errors, serverAway, error, awayAfterAnswer: answered.serverAway };
}"""


def test_only_the_latest_answer_or_error_reaches_the_store_and_an_answer_means_the_server_is_back(js):
    result = js.evaluate(RUN)
    assert result["answers"] == [["FAST", "fast"]], "the slow answer came after a newer call: dropped"
    assert result["errors"] == [["bad refused", "bad"]]
    assert result["awayAfterAnswer"] is False and result["error"] is None


def test_an_error_is_marked_as_a_failure_unless_the_caller_says_otherwise(js):
    result = js.evaluate("""async () => {
      const { createStore } = await import('/js/state.js');
      const { latestAnswers } = await import('/js/controllers/requests.js');
      const { ApiError } = await import('/js/api.js');
      const store = createStore({ serverAway: false, error: null });
      const requests = latestAnswers(store, async () => { throw new ApiError('The server is not answering'); }, {
        minInterval: 0, onAnswer: () => {} });
      await requests.ask({});
      return store.get();
    }""")
    assert result == {"serverAway": True, "error": "The server is not answering"}
