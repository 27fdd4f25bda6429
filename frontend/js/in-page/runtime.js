// The models, run in the page: onnxruntime-web (the version of the server's onnxruntime, vendored
// under vendor/), its WebAssembly back-end on one thread, which needs no cross-origin isolation,
// and the same encoder.onnx and decoder.onnx files the server runs, one session each, made once.
import { ApiError } from "../api-error.js";

const RUNTIME = new URL("../../vendor/onnxruntime-web/ort.wasm.bundle.min.mjs", import.meta.url);
const NO_WASM = "This browser has no WebAssembly, which the published explorer needs to decode in the page; "
  + "open the link in a current Chrome, Edge, Firefox or Safari, with WebAssembly allowed.";

let runtime = null; // the promise of the onnxruntime-web module

function loadRuntime() {
  if (!runtime) {
    runtime = (async () => {
      if (typeof WebAssembly !== "object") throw new ApiError(NO_WASM, 501);
      let ort;
      try {
        ort = await import(RUNTIME.href);
      } catch (error) {
        throw new ApiError(`The site's copy of onnxruntime-web (${RUNTIME.pathname}) could not be loaded (${error.message}); `
          + "publish the site again.", 404);
      }
      // One thread: more would need SharedArrayBuffer, which only a cross-origin isolated page has. The
      // bundle finds its .wasm beside itself (import.meta.url); setting wasmPaths would make it fetch a loader too.
      ort.env.wasm.numThreads = 1;
      return ort;
    })();
    runtime.catch(() => { runtime = null; });
  }
  return runtime;
}

/** A model of one ONNX graph at `url` (fetched by `fetchBytes`), run in the page: `run(feeds)` → {name: Float32Array}. */
export function pageModel(url, fetchBytes) {
  let made = null;
  let queue = Promise.resolve(); // one run at a time: a session's WebAssembly memory is not shared between runs

  function session() {
    if (!made) {
      made = (async () => {
        const [ort, bytes] = await Promise.all([loadRuntime(), fetchBytes(url)]);
        try {
          return { ort, session: await ort.InferenceSession.create(new Uint8Array(bytes), { executionProviders: ["wasm"] }) };
        } catch (error) {
          throw new ApiError(`onnxruntime-web could not run ${url} (${error.message}); publish the site again.`, 500);
        }
      })();
      made.catch(() => { made = null; });
    }
    return made;
  }

  return {
    /** Load the runtime and the graph now, so the first answer does not wait for them. */
    prepare: () => session().catch(() => {}),
    /** The graph's own input and output names, in its order: {inputs: [name], outputs: [name]} (an added model's are its maker's). */
    async names() {
      const { session: loaded } = await session();
      return { inputs: loaded.inputNames, outputs: loaded.outputNames };
    },
    /** Run the graph on float32 inputs {name: [Float32Array, shape]}; resolve to {output name: {data, dims}}. */
    run(inputs) {
      const ran = queue.then(async () => {
        const { ort, session: loaded } = await session();
        const feeds = Object.fromEntries(Object.entries(inputs).map(([name, [data, shape]]) => [name, new ort.Tensor("float32", data, shape)]));
        const outputs = await loaded.run(feeds);
        return Object.fromEntries(Object.entries(outputs).map(([name, tensor]) => [name, { data: tensor.data, dims: tensor.dims }]));
      });
      queue = ran.catch(() => {});
      return ran;
    },
  };
}
