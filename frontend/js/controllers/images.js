// "Show images": the atlases of the data set on screen are fetched the first time the
// toggle is switched on (cached by the browser with their ETag), uploaded layer by layer
// with a progress count, and drawn instead of dots once they are all there.
import { fetchAtlas, fetchAtlasLayout } from "../api.js";

export function createImagesController(store, { cloudView }) {
  let loadedFor = null; // the data set whose atlases are on the GPU (or loading)

  async function load(dataset) {
    loadedFor = dataset;
    store.set({ atlas: { dataset, loaded: 0, total: null, error: null } });
    try {
      const layout = await fetchAtlasLayout(dataset);
      if (loadedFor !== dataset) return;
      cloudView.setAtlasLayout(layout, store.get().datasets.find((entry) => entry.id === dataset).image_shape);
      store.set({ atlas: { dataset, loaded: 0, total: layout.atlases.length, error: null } });
      // One at a time: each decoded atlas is 4 MB of pixels (12 MB in colour), uploaded as it arrives.
      for (const [layer, url] of layout.atlases.entries()) {
        const bitmap = await fetchAtlas(url);
        if (loadedFor !== dataset) return;
        cloudView.setAtlas(layer, bitmap);
        bitmap.close();
        store.set({ atlas: { ...store.get().atlas, loaded: layer + 1 } });
      }
    } catch (error) {
      if (loadedFor !== dataset) return;
      loadedFor = null;
      store.set({ imagesShown: false, atlas: null, error: `Could not load the images: ${error.message}` });
    }
  }

  store.subscribe((state, previous) => {
    if (state.imagesShown && state.dataset && (state.imagesShown !== previous.imagesShown || state.dataset !== previous.dataset)
        && loadedFor !== state.dataset) {
      load(state.dataset);
    }
  });

  return {
    setShown: (imagesShown) => store.set({ imagesShown }),
  };
}
