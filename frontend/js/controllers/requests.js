// The request-and-answer pattern the controllers share: send a request (throttled, latest
// wins), drop a superseded answer, and put the latest answer or its error into the store.
import { latestWins } from "../api.js";
import { markAnswered, markFailed } from "./connection.js";

/**
 * `ask(args)` runs `task(args)` through `latestWins(task, minInterval)`. The latest call's answer
 * marks the server as answering and goes to `onAnswer(value, args)`; its error (or one thrown while
 * the answer is stored) to `onError(error, args)`, by default marked as a failure. `cancel()`
 * drops the call in flight.
 */
export function latestAnswers(store, task, { minInterval, onAnswer, onError = (error) => markFailed(store, error) }) {
  const requests = latestWins(task, minInterval);
  return {
    async ask(args) {
      try {
        const answer = await requests.run(args);
        if (answer.stale) return;
        markAnswered(store);
        onAnswer(answer.value, args);
      } catch (error) {
        onError(error, args);
      }
    },
    cancel: () => requests.cancel(),
  };
}
