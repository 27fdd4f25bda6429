// The drawing pad: draw a digit with a mouse, a finger or a pen, or drop / upload an image
// file. Each finished stroke, undo, clear or file is handed on as a PNG data URL (null when
// the pad is empty) for the caller to encode. The pad owns its pixels and its undo history;
// it knows nothing of the store. It can be switched off, for a model that cannot encode. Its grid is
// the model's image (28×28 for the shipped ones): a 16×32 model draws on a 16×32 pad, each pad pixel
// PAD_SIDE / the longer side backing-store pixels, and the brush is measured in the model's pixels.
// A colour model takes pictures only: white ink on black says nothing of its colours.
const PAD_SIDE = 280;                      // backing-store pixels along the pad's longer side
const INK = "#fff";                        // the data sets are light ink on black
const PAPER = "#000";
const UNDO_LIMIT = 50;
const UNDO_KEYS = ["z", "Z", "y", "Y"];

/**
 * Wire a drawing pad to its elements (all already in the page).
 * onImage(dataUrl, { source: "drawing" | "file", name? }) after every change, onImage(null)
 * when the pad becomes empty; onProblem(message) when a file cannot be read as an image.
 * largestFileSide() is the longest side, in pixels, the server takes: a file is sent at its own
 * size, shrunk to that when it is larger.
 */
export function createDrawPad({ canvas, clear, undo, brush, upload }, { onImage, onProblem, largestFileSide }) {
  const context = canvas.getContext("2d", { willReadFrequently: true });
  let shape = null;  // "HxWxC" of the model's images
  let scale;         // backing-store pixels per pad pixel
  let drawable;      // grey models: drawing, and pictures; colour models: pictures only

  // What was last sent ([dataUrl, info], or null while the pad is empty), and before each
  // change the pixels and what had been sent, so that undo can send that again (a file's own
  // data, not its preview on the pad).
  let sent = null;
  const history = [];
  let stroke = null;  // { pointerId, x, y } of the pointer drawing now
  let fileRead = 0;   // the latest file read: an earlier one finishing later is dropped
  let enabled = true;

  function remember() {
    history.push({ pixels: context.getImageData(0, 0, canvas.width, canvas.height), sent });
    if (history.length > UNDO_LIMIT) history.shift();
  }

  function showButtons() {
    clear.disabled = !enabled || sent === null;
    undo.disabled = !enabled || history.length === 0;
  }

  function send(image) {
    sent = image;
    showButtons();
    if (image) onImage(...image);
    else onImage(null);
  }

  function undoLast() {
    if (!enabled || stroke || history.length === 0) return;
    const previous = history.pop();
    context.putImageData(previous.pixels, 0, 0);
    send(previous.sent);
  }

  function clearPad() {
    if (!enabled || sent === null || stroke) return;
    remember();
    context.fillStyle = PAPER;
    context.fillRect(0, 0, canvas.width, canvas.height);
    send(null);
  }

  /** Make the pad the model's images' shape [height, width, channels]; a new shape empties it. */
  function setImageShape([height, width, channels]) {
    const key = `${height}x${width}x${channels}`;
    if (key === shape) return;
    const first = shape === null;
    shape = key;
    scale = PAD_SIDE / Math.max(height, width);
    canvas.width = Math.round(width * scale);
    canvas.height = Math.round(height * scale);
    drawable = channels === 1;
    brush.disabled = !enabled || !drawable;
    canvas.setAttribute("aria-description", drawable ? "" : "This model's images are in colour: open or drop a picture.");
    history.length = 0;
    context.fillStyle = PAPER;
    context.fillRect(0, 0, canvas.width, canvas.height);
    if (first) sent = null;
    else send(null); // what was drawn for another shape is no drawing for this model
    showButtons();
  }

  // Client coordinates → backing-store pixels, whatever the canvas's CSS size and border.
  function padPoint(event) {
    const box = canvas.getBoundingClientRect();
    return [(event.clientX - box.left - canvas.clientLeft) * canvas.width / canvas.clientWidth,
            (event.clientY - box.top - canvas.clientTop) * canvas.height / canvas.clientHeight];
  }

  function lineWidth(event) {
    const width = Number(brush.value) * scale;
    // A pen's pressure (0 to 1, 0.5 when it reports none) thins or thickens its line.
    return event.pointerType === "pen" && event.pressure > 0 ? width * (0.5 + event.pressure) : width;
  }

  function dot(event) {
    const [x, y] = padPoint(event);
    context.fillStyle = INK;
    context.beginPath();
    context.arc(x, y, lineWidth(event) / 2, 0, 2 * Math.PI);
    context.fill();
    stroke.x = x;
    stroke.y = y;
  }

  function segment(event) {
    const [x, y] = padPoint(event);
    context.strokeStyle = INK;
    context.lineCap = "round";
    context.lineJoin = "round";
    context.lineWidth = lineWidth(event);
    context.beginPath();
    context.moveTo(stroke.x, stroke.y);
    context.lineTo(x, y);
    context.stroke();
    stroke.x = x;
    stroke.y = y;
  }

  canvas.addEventListener("pointerdown", (event) => {
    // One pointer draws: a second finger, or a mouse's other buttons, are ignored.
    if (!enabled || !drawable || stroke || !event.isPrimary || event.button !== 0) return;
    event.preventDefault(); // no text selection or compatibility mouse events while drawing
    canvas.focus({ preventScroll: true }); // so that Ctrl+Z undoes the stroke
    canvas.setPointerCapture(event.pointerId);
    remember();
    stroke = { pointerId: event.pointerId, x: 0, y: 0 };
    dot(event); // a click without moving leaves a dot
  });
  canvas.addEventListener("pointermove", (event) => {
    if (event.pointerId !== stroke?.pointerId) return;
    for (const point of event.getCoalescedEvents?.() ?? [event]) segment(point);
  });
  const finish = (event) => {
    if (event.pointerId !== stroke?.pointerId) return;
    stroke = null;
    send([canvas.toDataURL("image/png"), { source: "drawing" }]);
  };
  canvas.addEventListener("pointerup", finish);
  canvas.addEventListener("pointercancel", finish);

  canvas.addEventListener("keydown", (event) => {
    if (!(event.ctrlKey || event.metaKey) || event.altKey || !UNDO_KEYS.includes(event.key)) return;
    // The pad's own undo; the page's undo and redo of control points must not also run.
    event.preventDefault();
    event.stopPropagation();
    if (event.key.toLowerCase() === "z" && !event.shiftKey) undoLast();
  });
  undo.addEventListener("click", undoLast);
  clear.addEventListener("click", clearPad);

  async function readFile(file) {
    if (!enabled) return;
    const read = ++fileRead;
    let bitmap;
    try {
      bitmap = await createImageBitmap(file);
    } catch {
      if (read === fileRead) onProblem(`“${file.name}” is not an image this browser can read: choose a PNG, JPEG, GIF, WebP or BMP file`);
      return;
    }
    if (read !== fileRead) {
      bitmap.close();
      return;
    }
    const scale = Math.min(1, largestFileSide() / Math.max(bitmap.width, bitmap.height));
    const image = document.createElement("canvas");
    image.width = Math.max(1, Math.round(bitmap.width * scale));
    image.height = Math.max(1, Math.round(bitmap.height * scale));
    const imageContext = image.getContext("2d");
    // Transparent parts become white, as the server composites alpha; it finds the ink's polarity itself.
    imageContext.fillStyle = "#fff";
    imageContext.fillRect(0, 0, image.width, image.height);
    imageContext.drawImage(bitmap, 0, 0, image.width, image.height);
    bitmap.close();

    // The pad shows what was sent, fitted (contain) and centred on black.
    remember();
    const fit = Math.min(canvas.width / image.width, canvas.height / image.height);
    const width = image.width * fit;
    const height = image.height * fit;
    context.fillStyle = PAPER;
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.imageSmoothingQuality = "high";
    context.drawImage(image, (canvas.width - width) / 2, (canvas.height - height) / 2, width, height);
    send([image.toDataURL("image/png"), { source: "file", name: file.name }]);
  }

  upload.addEventListener("change", () => {
    const [file] = upload.files;
    upload.value = ""; // choosing the same file again is a change too
    if (file) readFile(file);
  });

  const carriesFiles = (event) => event.dataTransfer?.types.includes("Files");
  const dragOver = (event) => {
    if (!carriesFiles(event)) return;
    event.preventDefault(); // this is a drop target
    event.dataTransfer.dropEffect = "copy";
    canvas.classList.add("drop-target");
  };
  canvas.addEventListener("dragenter", dragOver);
  canvas.addEventListener("dragover", dragOver);
  canvas.addEventListener("dragleave", () => canvas.classList.remove("drop-target"));
  canvas.addEventListener("drop", (event) => {
    canvas.classList.remove("drop-target");
    if (!carriesFiles(event)) return;
    event.preventDefault(); // the browser would otherwise open the file in place of the page
    const [file] = event.dataTransfer.files;
    if (file) readFile(file);
  });

  setImageShape([28, 28, 1]);
  return {
    clear: clearPad,
    undo: undoLast,
    isEmpty: () => sent === null,
    setImageShape,
    /** Let the pad be drawn on and files be opened (true), or switch it off, greyed (false). */
    setEnabled(value) {
      enabled = value;
      upload.disabled = !value;
      brush.disabled = !value || !drawable;
      canvas.setAttribute("aria-disabled", String(!value));
      canvas.style.opacity = value ? "" : "0.4";
      canvas.style.cursor = value ? "" : "not-allowed";
      showButtons();
    },
  };
}
