// The view: the camera (orbit, pan, zoom, reset) and the viewport the canvas occupies.
import { orbit, pan, zoom } from "../camera.js";
import { homeCamera } from "../selectors.js";

export function createViewController(store, canvas) {
  const withCamera = (change) => {
    const state = store.get();
    if (state.camera) store.set({ camera: change(state.camera, state.viewport) });
  };
  return {
    orbit: (dx, dy) => withCamera((camera, viewport) => orbit(camera, dx, dy, viewport.height)),
    pan: (dx, dy) => withCamera((camera, viewport) => pan(camera, dx, dy, viewport.height)),
    zoom: (factor) => withCamera((camera) => zoom(camera, factor)),
    /** Frame the cloud on screen again. */
    reset() {
      const home = homeCamera(store.get());
      if (home) store.set({ camera: home });
    },
    /** Read the canvas's size: fractional CSS pixels, so the drawing buffer matches the device pixels exactly. */
    measure() {
      const box = canvas.getBoundingClientRect();
      store.set({ viewport: { width: Math.max(1, box.width), height: Math.max(1, box.height), pixelRatio: window.devicePixelRatio || 1 } });
    },
  };
}
