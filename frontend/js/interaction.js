// Pointer input on the canvas, turned into intentions: orbit, pan, zoom, hover, click,
// leave, dragging a grabbed marker, and drawing a selection's box or lasso (a one-finger drag
// too, in selection mode). Mouse, pen and touch all arrive as pointer events; two fingers pinch
// and pan. `input(pointerType)` reports what the user is using. `selectOperation(event)` says
// whether a drag that starts with `event` selects (controllers/selection.js's dragOperation).

const CLICK_SLOP_PX = 4; // a press that moves less than this is a click, not a drag

export function attachPointerControls(canvas, {
  orbit, pan, zoom, hover, click, leave, grab, dragTo, release: dropMarker, input, selectOperation, select,
}) {
  const pointers = new Map(); // pointerId -> {x, y} in canvas CSS pixels
  let gesture = null;         // {mode: "orbit" | "pan" | "pinch" | "marker" | "select", start, moved, button, pointerType}

  const local = (event) => {
    const rect = canvas.getBoundingClientRect();
    return { x: event.clientX - rect.left, y: event.clientY - rect.top };
  };
  const pinchShape = () => {
    const [a, b] = [...pointers.values()];
    return { distance: Math.hypot(a.x - b.x, a.y - b.y), x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
  };

  canvas.addEventListener("pointerdown", (event) => {
    canvas.setPointerCapture(event.pointerId);
    const position = local(event);
    pointers.set(event.pointerId, position);
    input(event.pointerType);
    if (pointers.size === 1) {
      const operation = event.button === 0 ? selectOperation(event) : null;
      if (operation) {
        select.begin(position.x, position.y, operation);
        gesture = { mode: "select", start: position, moved: false, button: 0, pointerType: event.pointerType };
        return;
      }
      const panning = event.button === 2 || event.shiftKey;
      const onMarker = !panning && event.button === 0 && grab(position.x, position.y);
      gesture = { mode: onMarker ? "marker" : panning ? "pan" : "orbit", start: position, moved: false, button: event.button,
                  pointerType: event.pointerType };
    } else if (pointers.size === 2) {
      if (gesture?.mode === "marker") dropMarker();
      if (gesture?.mode === "select") select.cancel(); // a second finger: the two pinch instead
      gesture = { mode: "pinch", moved: true, shape: pinchShape() };
    }
  });

  canvas.addEventListener("pointermove", (event) => {
    const position = local(event);
    if (!pointers.has(event.pointerId)) {
      if (pointers.size === 0) hover(position.x, position.y);
      return;
    }
    const last = pointers.get(event.pointerId);
    pointers.set(event.pointerId, position);
    if (!gesture) return;
    if (gesture.mode === "pinch") {
      if (pointers.size < 2) return;
      const shape = pinchShape();
      if (shape.distance > 0) zoom(gesture.shape.distance / shape.distance);
      pan(shape.x - gesture.shape.x, shape.y - gesture.shape.y);
      gesture.shape = shape;
      return;
    }
    if (!gesture.moved && Math.hypot(position.x - gesture.start.x, position.y - gesture.start.y) < CLICK_SLOP_PX) return;
    const from = gesture.moved ? last : gesture.start;
    gesture.moved = true;
    if (gesture.mode === "marker") dragTo(position.x, position.y);
    else if (gesture.mode === "select") select.extend(position.x, position.y);
    else (gesture.mode === "pan" ? pan : orbit)(position.x - from.x, position.y - from.y);
  });

  const release = (event) => {
    if (!pointers.has(event.pointerId)) return;
    pointers.delete(event.pointerId);
    const wasClick = event.type === "pointerup" && gesture && !gesture.moved && gesture.button === 0;
    if (gesture?.mode === "marker") dropMarker();
    if (gesture?.mode === "select") {
      if (gesture.moved && event.type === "pointerup") select.finish();
      else select.cancel();
    }
    if (wasClick) {
      const position = local(event);
      click(position.x, position.y, gesture.pointerType);
    }
    // Lifting one finger of a pinch continues as a one-finger orbit, without a jump.
    gesture = pointers.size === 1 ? { mode: "orbit", start: [...pointers.values()][0], moved: true, button: 0 } : null;
  };
  canvas.addEventListener("pointerup", release);
  canvas.addEventListener("pointercancel", release);
  canvas.addEventListener("pointerleave", (event) => {
    // A lifted finger "leaves" too; what it tapped stays inspected.
    if (pointers.size === 0 && event.pointerType !== "touch") leave();
  });

  canvas.addEventListener("wheel", (event) => {
    event.preventDefault();
    // Lines (Firefox) are ~40 px; a trackpad pinch arrives as a wheel with ctrlKey and small deltas.
    const pixels = event.deltaY * (event.deltaMode === 1 ? 40 : 1) * (event.ctrlKey ? 4 : 1);
    zoom(Math.exp(pixels * 0.0015));
  }, { passive: false });
  canvas.addEventListener("contextmenu", (event) => event.preventDefault());
}
