// The view: the camera (orbit, pan, zoom, reset) and the viewport the canvas occupies.
import { orbit, pan, zoom } from "../camera.js";
import { homeCamera } from "../selectors.js";

const FLIGHT_MS = 450;

export function createViewController(store, canvas) {
  let flight = 0; // the latest flight's number: a newer one, or a drag, stops an older one
  const withCamera = (change) => {
    const state = store.get();
    flight += 1;
    if (state.camera) store.set({ camera: change(state.camera, state.viewport) });
  };
  return {
    orbit: (dx, dy) => withCamera((camera, viewport) => orbit(camera, dx, dy, viewport.height)),
    pan: (dx, dy) => withCamera((camera, viewport) => pan(camera, dx, dy, viewport.height)),
    zoom: (factor) => withCamera((camera) => zoom(camera, factor)),
    /** Frame the cloud on screen again. */
    reset() {
      const home = homeCamera(store.get());
      flight += 1;
      if (home) store.set({ camera: home });
    },
    /** Move the orbit target to `point` in a short eased animation (not a jump), nearer than the home view. */
    flyTo(point) {
      const start = store.get().camera;
      const home = homeCamera(store.get());
      if (!start || !home) return;
      const number = ++flight;
      const distance = Math.min(start.distance, home.distance * 0.45);
      const began = performance.now();
      const step = (now) => {
        if (number !== flight) return;
        const t = Math.min(1, (now - began) / FLIGHT_MS);
        const eased = t * t * (3 - 2 * t);
        const mix = (a, b) => a + (b - a) * eased;
        store.set({ camera: { ...start, target: start.target.map((value, axis) => mix(value, point[axis])),
                              distance: mix(start.distance, distance) } });
        if (t < 1) requestAnimationFrame(step);
      };
      requestAnimationFrame(step);
    },
    /** Keep the viewport in step with the canvas: its size, and the pixel density of the screen it is on. */
    followCanvas() {
      new ResizeObserver(this.measure).observe(canvas);
      const watchPixelRatio = () => matchMedia(`(resolution: ${window.devicePixelRatio}dppx)`).addEventListener("change", () => {
        this.measure();
        watchPixelRatio();
      }, { once: true });
      watchPixelRatio();
      this.measure();
    },
    /** Read the canvas's size: fractional CSS pixels, so the drawing buffer matches the device pixels exactly. */
    measure() {
      const box = canvas.getBoundingClientRect();
      store.set({ viewport: { width: Math.max(1, box.width), height: Math.max(1, box.height), pixelRatio: window.devicePixelRatio || 1 } });
    },
  };
}
