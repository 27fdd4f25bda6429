// Draw or drop, then encode: each finished stroke (or dropped file) goes to the server's
// encoder, latest wins; the answer is the marker and 1-σ ellipsoid in the cloud (the posterior
// as the view shows it), and the camera flies to it. The last image is kept, so a switch of data
// set or of view encodes it again, and a drawing the server missed is encoded when it is back.
// A model added without an encoder is not asked (the drawing pad says so: panels/draw-access.js).
import { encodeImage } from "../api.js";
import { fromLatent, spreadOf } from "../latent-view.js";
import { datasetEntry } from "../selectors.js";
import { markFailed } from "./connection.js";
import { latestAnswers } from "./requests.js";

export function createEncodeController(store, { view, traversal }) {
  const requests = latestAnswers(store, ({ dataset, image }) => encodeImage(dataset, { image }), {
    minInterval: 0,
    onAnswer({ mean: latent, std: latentStd, input, reconstruction, neighbors }, { dataset, fly, latentView }) {
      const mean = fromLatent(latentView, latent);
      store.set({ encoded: { dataset, mean, std: spreadOf(latentView, latentStd), input, reconstruction, neighbors }, encodeProblem: null });
      if (fly) view.flyTo(mean);
    },
    onError(error) {
      if (error.status >= 400 && error.status < 500) store.set({ encoded: null, encodeProblem: error.message });
      else markFailed(store, error, { encoded: null }); // the marker would show an earlier drawing
    },
  });
  let image = null; // the PNG data URI last drawn or dropped, or null

  function encode({ fly }) {
    const state = store.get();
    const { dataset, latentView } = state;
    if (!image || !dataset || datasetEntry(state)?.encoder === false) {
      requests.cancel();
      store.set({ encoded: null, encodeProblem: null });
      return;
    }
    requests.ask({ dataset, image, fly, latentView });
  }

  store.subscribe((state, previous) => {
    const serverBack = previous.serverAway && !state.serverAway && image !== null && !state.encoded;
    if ((state.latentView !== previous.latentView && previous.latentView !== null) || serverBack) encode({ fly: false });
  });

  return {
    /** A new drawing or file (a PNG data URI), or null when the pad was cleared. */
    setImage(dataUri) {
      image = dataUri;
      encode({ fly: true });
    },
    /** Add the encoded position as the next control point, so a path can run from a drawing to a real image. */
    addAsControlPoint() {
      const { encoded } = store.get();
      if (encoded) traversal.add([...encoded.mean]);
    },
    flyBack() {
      const { encoded } = store.get();
      if (encoded) view.flyTo(encoded.mean);
    },
  };
}
