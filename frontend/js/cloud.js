// The WebGL2 renderer: one layer per kind of mark (points, the class map's slice, lines, markers,
// in gl/), drawn in that order with the matrix it is given. It knows nothing of data sets or panels.
//
// The point buffers are uploaded once per `setPoints`, the class map's lattice once per map; the
// overlay (a few hundred vertices at most) is the only data re-uploaded later.
import { createClassMapLayer } from "./gl/classmap-layer.js";
import { createImagesLayer } from "./gl/images-layer.js";
import { createLinesLayer } from "./gl/lines-layer.js";
import { createMarksLayer } from "./gl/marks-layer.js";
import { createPointsLayer } from "./gl/points-layer.js";

export function createCloud(canvas, { background }) {
  const gl = canvas.getContext("webgl2", { antialias: true, alpha: false, premultipliedAlpha: false });
  if (!gl) throw new Error("This browser cannot draw the cloud: it has no WebGL2, or it is switched off. A current Chrome, Edge, Firefox or Safari has it.");
  const points = createPointsLayer(gl, { background });
  const images = createImagesLayer(gl, { vertexArray: points.vertexArray, classTexture: points.classTexture });
  const lines = createLinesLayer(gl);
  const marks = createMarksLayer(gl);
  const classMap = createClassMapLayer(gl, { classTexture: points.classTexture });
  let imagesShown = false;

  return {
    setPoints: points.setPoints,
    setTimeline: points.setTimeline,
    setEpoch: points.setEpoch,
    setPalette: points.setPalette,
    setPointColors: points.setColors,
    setPointScales: points.setScales,
    setHighlight: points.setHighlight,
    setPointsVisible: points.setVisible,
    /** The selection (a byte per data point, 1 selected; null for none), uploaded once; `only`: draw the selected alone. */
    setSelection: points.setSelection,
    setAtlasLayout: images.setLayout,
    setAtlas: images.setAtlas,
    setClassLattice: classMap.setLattice,
    setClassSlice: classMap.setSlice,
    /** Draw the points (or images) faded, and the class map's slice over them rather than among them. */
    setPointsFaded(value) {
      points.setFaded(value);
      images.setFaded(value);
      classMap.setOnTop(value);
    },
    /** Draw every point as its image (true) or as a dot. */
    showImages(value) {
      imagesShown = value;
    },

    /** Replace the overlay: {lines, marks} as built by overlay.js. */
    setOverlay({ lines: lineSpecs = [], marks: markSpecs = [] }) {
      lines.setLines(lineSpecs);
      marks.setMarks(markSpecs);
    },

    /** Size the drawing buffer for a CSS size and pixel ratio. Returns true when it changed. */
    resize(cssWidth, cssHeight, pixelRatio) {
      const width = Math.max(1, Math.round(cssWidth * pixelRatio));
      const height = Math.max(1, Math.round(cssHeight * pixelRatio));
      if (canvas.width === width && canvas.height === height) return false;
      canvas.width = width;
      canvas.height = height;
      return true;
    },

    /** Draw one frame; `view`: {pointSize, focalDepth, fitDistance, fog: [near, far], pixelRatio}. Returns whether points were drawn. */
    draw(viewProjection, view) {
      gl.viewport(0, 0, canvas.width, canvas.height);
      gl.clearColor(...background, 1);
      gl.clear(gl.COLOR_BUFFER_BIT | gl.DEPTH_BUFFER_BIT);
      gl.blendFunc(gl.SRC_ALPHA, gl.ONE_MINUS_SRC_ALPHA);
      const drewPoints = imagesShown ? images.draw(viewProjection, view, points.count, points.selectionMode) : points.draw(viewProjection, view);
      classMap.draw(viewProjection);
      gl.disable(gl.DEPTH_TEST);
      gl.enable(gl.BLEND);
      lines.draw(viewProjection, view.pixelRatio);
      marks.draw(viewProjection);
      return drewPoints;
    },

    /** Wait until the GPU has finished the frame (for timing only; never called per frame).
     *  gl.finish() alone may return before Chromium's GPU process has drawn; reading back one
     *  pixel cannot. */
    finish() {
      gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, new Uint8Array(4));
    },
  };
}
