// The data points: round sprites coloured by class with a depth cue, each scaled by its own
// factor (1, or its posterior's spread with "size by uncertainty"). The positions and
// labels are uploaded once per data set; colours and highlighting live in a small
// per-class texture (rgb: colour, a: lit), so any class count up to 256 draws correctly.
// A point may instead have a colour of its own (colour by a latent dimension), uploaded once per
// choice; it is still lit or dimmed by its class. A selection is one byte per point, uploaded once per
// selection: the rest are dimmed as an unlit class is, or not drawn at all ("Show only the selection").
// While a timeline is shown, the layer draws its points instead (the data points from `first` on),
// every epoch's positions in one buffer uploaded once: an epoch between two recorded ones is the two
// epochs' slices of it bound as two attributes and mixed by a uniform, so scrubbing uploads nothing.
import { createProgram } from "./program.js";

const VERTEX = `#version 300 es
layout(location = 0) in vec3 aPosition;
layout(location = 1) in float aLabel;
layout(location = 2) in float aScale;
layout(location = 3) in vec4 aColor;  // the point's own colour, read when uOwnColors
layout(location = 4) in vec3 aNextPosition;  // the timeline's next epoch, mixed in by uBlend
layout(location = 5) in float aSelected;      // 1 for a selected point
uniform float uBlend;
uniform mat4 uViewProjection;
uniform sampler2D uClasses;   // one texel per class: rgb colour, a = 1 when lit
uniform bool uOwnColors;
uniform vec3 uBackground;
uniform int uPass;            // 0: all points, 1: dimmed only, 2: lit only
uniform float uPointSize;     // device pixels at the focal depth
uniform float uFocalDepth;
uniform vec2 uFog;            // depths where fog starts and is full
uniform float uFade;          // how far every point fades towards the background (0: not at all)
uniform int uSelection;       // 0: nothing selected; 1: the rest dimmed; 2: only the selected drawn
out vec3 vColor;
out float vAlpha;
void main() {
  vec4 classTexel = texelFetch(uClasses, ivec2(int(aLabel + 0.5), 0), 0);
  bool selected = aSelected > 0.5;
  bool lit = classTexel.a > 0.5 && (uSelection != 1 || selected);
  vec3 color = uOwnColors ? aColor.rgb : classTexel.rgb;
  if ((uPass == 1 && lit) || (uPass == 2 && !lit) || (uSelection == 2 && !selected)) {
    gl_Position = vec4(2.0, 2.0, 2.0, 1.0);  // outside the clip volume: not drawn
    gl_PointSize = 1.0;
    return;
  }
  gl_Position = uViewProjection * vec4(mix(aPosition, aNextPosition, uBlend), 1.0);
  float size = aScale * uPointSize * uFocalDepth / max(gl_Position.w, 1e-6) * (uSelection == 1 && selected ? 1.4 : 1.0);
  float fog = clamp((gl_Position.w - uFog.x) / (uFog.y - uFog.x), 0.0, 1.0);
  if (lit) {
    vColor = mix(color, uBackground, fog * 0.6);
    vAlpha = 1.0;
    gl_PointSize = clamp(size, 1.5, 48.0);
  } else {
    vColor = mix(color, uBackground, 0.7);
    vAlpha = 0.35;
    gl_PointSize = clamp(size * 0.75, 1.0, 48.0);
  }
  vColor = mix(vColor, uBackground, uFade);
}`;

const FRAGMENT = `#version 300 es
precision mediump float;
in vec3 vColor;
in float vAlpha;
out vec4 outColor;
void main() {
  vec2 offset = gl_PointCoord * 2.0 - 1.0;
  float r2 = dot(offset, offset);
  if (r2 > 1.0) discard;
  outColor = vec4(vColor * (1.0 - 0.35 * r2), vAlpha);  // darker rim: reads as a small sphere
}`;

const FADE = 0.65; // faded points keep a third of their colour: the cloud's shape stays in sight

export function createPointsLayer(gl, { background }) {
  const { program, uniforms } = createProgram(gl, VERTEX, FRAGMENT);
  const positionBuffer = gl.createBuffer();
  const labelBuffer = gl.createBuffer();
  const scaleBuffer = gl.createBuffer();
  const colorBuffer = gl.createBuffer();
  const timelineBuffer = gl.createBuffer();
  const selectionBuffer = gl.createBuffer();
  const vao = gl.createVertexArray();
  gl.bindVertexArray(vao);
  gl.bindBuffer(gl.ARRAY_BUFFER, positionBuffer);
  gl.enableVertexAttribArray(0);
  gl.vertexAttribPointer(0, 3, gl.FLOAT, false, 0, 0);
  gl.bindBuffer(gl.ARRAY_BUFFER, labelBuffer);
  gl.enableVertexAttribArray(1);
  gl.vertexAttribPointer(1, 1, gl.UNSIGNED_BYTE, false, 0, 0);
  gl.bindBuffer(gl.ARRAY_BUFFER, scaleBuffer);
  gl.vertexAttribPointer(2, 1, gl.FLOAT, false, 0, 0);
  gl.vertexAttrib1f(2, 1); // every point at its normal size until setScales gives each its own
  gl.bindBuffer(gl.ARRAY_BUFFER, colorBuffer);
  gl.vertexAttribPointer(3, 4, gl.UNSIGNED_BYTE, true, 0, 0);
  gl.bindBuffer(gl.ARRAY_BUFFER, selectionBuffer);
  gl.vertexAttribPointer(5, 1, gl.UNSIGNED_BYTE, false, 0, 0);
  gl.vertexAttrib1f(5, 0); // nothing selected until setSelection
  gl.bindVertexArray(null);
  const classTexture = gl.createTexture();

  let pointCount = 0;
  let colors = [];       // [[r, g, b] in [0, 1]] per class
  let lit = new Set();   // highlighted classes; empty lights them all
  let visible = true;
  let ownColors = false; // whether each point has its own colour (setColors)
  let faded = false;
  let allCount = 0;      // the data points of setPoints
  let timeline = null;   // the timeline shown: {count, first, bytesPerEpoch, from, to, t}
  let selectionMode = 0; // uSelection: 0 nothing selected, 1 the rest dimmed, 2 only the selected drawn

  /** Point the vertex array at the data points, or at the timeline's test points between its epochs `from` and `to`. */
  function bindSource() {
    const first = timeline?.first ?? 0;
    gl.bindVertexArray(vao);
    gl.bindBuffer(gl.ARRAY_BUFFER, timeline ? timelineBuffer : positionBuffer);
    gl.vertexAttribPointer(0, 3, gl.FLOAT, false, 0, timeline ? timeline.from * timeline.bytesPerEpoch : 0);
    if (timeline) {
      gl.vertexAttribPointer(4, 3, gl.FLOAT, false, 0, timeline.to * timeline.bytesPerEpoch);
      gl.enableVertexAttribArray(4);
    } else {
      gl.disableVertexAttribArray(4);
    }
    // The test points' labels, sizes and colours are the data points' from `first` on.
    gl.bindBuffer(gl.ARRAY_BUFFER, labelBuffer);
    gl.vertexAttribPointer(1, 1, gl.UNSIGNED_BYTE, false, 0, first);
    gl.bindBuffer(gl.ARRAY_BUFFER, scaleBuffer);
    gl.vertexAttribPointer(2, 1, gl.FLOAT, false, 0, first * 4);
    gl.bindBuffer(gl.ARRAY_BUFFER, colorBuffer);
    gl.vertexAttribPointer(3, 4, gl.UNSIGNED_BYTE, true, 0, first * 4);
    gl.bindBuffer(gl.ARRAY_BUFFER, selectionBuffer);
    gl.vertexAttribPointer(5, 1, gl.UNSIGNED_BYTE, false, 0, first);
    gl.bindVertexArray(null);
    pointCount = timeline ? timeline.count : allCount;
  }

  function uploadClasses() {
    const texels = new Uint8Array(Math.max(1, colors.length) * 4);
    colors.forEach((rgb, index) => {
      texels.set([...rgb.map((channel) => Math.round(channel * 255)), lit.size === 0 || lit.has(index) ? 255 : 0], index * 4);
    });
    gl.bindTexture(gl.TEXTURE_2D, classTexture);
    gl.pixelStorei(gl.UNPACK_ALIGNMENT, 1);
    gl.texImage2D(gl.TEXTURE_2D, 0, gl.RGBA8, texels.length / 4, 1, 0, gl.RGBA, gl.UNSIGNED_BYTE, texels);
    gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MIN_FILTER, gl.NEAREST);
    gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MAG_FILTER, gl.NEAREST);
  }

  /** Upload `values` into `buffer`, read by the vertex array's attribute `location`; null leaves the attribute at its constant. */
  function setPerPoint(buffer, location, values) {
    gl.bindVertexArray(vao);
    if (values) {
      gl.bindBuffer(gl.ARRAY_BUFFER, buffer);
      gl.bufferData(gl.ARRAY_BUFFER, values, gl.STATIC_DRAW);
      gl.enableVertexAttribArray(location);
    } else {
      gl.disableVertexAttribArray(location);
    }
    gl.bindVertexArray(null);
  }

  function setColors(rgba) {
    ownColors = Boolean(rgba);
    setPerPoint(colorBuffer, 3, rgba);
  }

  return {
    /** The points' vertex array (position at location 0, label at 1) and class texture, for the images layer. */
    vertexArray: vao,
    classTexture,
    get count() {
      return pointCount;
    },
    /** `positions` Float32Array xyz interleaved, `labels` Uint8Array; the points are coloured by class until setColors. */
    setPoints(positions, labels) {
      setColors(null);
      gl.bindBuffer(gl.ARRAY_BUFFER, positionBuffer);
      gl.bufferData(gl.ARRAY_BUFFER, positions, gl.STATIC_DRAW);
      gl.bindBuffer(gl.ARRAY_BUFFER, labelBuffer);
      gl.bufferData(gl.ARRAY_BUFFER, labels, gl.STATIC_DRAW);
      allCount = labels.length;
      timeline = null;
      bindSource();
    },
    /**
     * Draw the timeline's `count` points instead of the data points (null: the data points again). `positions`:
     * Float32Array((epochs + 1)·count·3), epoch by epoch, uploaded once; they are the data points `first` to
     * `first + count - 1`, whose labels, sizes and colours they take. Shown at epoch 0 until setEpoch.
     */
    setTimeline(recorded) {
      if (recorded) {
        gl.bindBuffer(gl.ARRAY_BUFFER, timelineBuffer);
        gl.bufferData(gl.ARRAY_BUFFER, recorded.positions, gl.STATIC_DRAW);
        timeline = { count: recorded.count, first: recorded.first, bytesPerEpoch: recorded.count * 12, from: 0, to: 0, t: 0 };
      } else {
        gl.bindBuffer(gl.ARRAY_BUFFER, timelineBuffer);
        gl.bufferData(gl.ARRAY_BUFFER, 0, gl.STATIC_DRAW);
        timeline = null;
      }
      bindSource();
    },
    /** Show the timeline at mix(epoch `from`, epoch `to`, `t`) (timeline.js's epochPair). */
    setEpoch({ from, to, t }) {
      if (!timeline) return;
      const rebind = from !== timeline.from || to !== timeline.to;
      Object.assign(timeline, { from, to, t });
      if (rebind) bindSource();
    },
    /** A size factor per point (Float32Array, in setPoints' order), or null for all at their normal size. */
    setScales(scales) {
      gl.bindVertexArray(vao);
      if (scales) {
        gl.bindBuffer(gl.ARRAY_BUFFER, scaleBuffer);
        gl.bufferData(gl.ARRAY_BUFFER, scales, gl.STATIC_DRAW);
        gl.enableVertexAttribArray(2);
      } else {
        gl.disableVertexAttribArray(2);
      }
      gl.bindVertexArray(null);
    },
    /** A colour per point (Uint8Array RGBA, 4 a point, in setPoints' order), or null for each its class's. */
    setColors,
    /**
     * The selection: a Uint8Array with a byte per data point (1: selected), in setPoints' order, or null for none;
     * `only` draws the selected points alone.
     */
    setSelection(flags, only) {
      setPerPoint(selectionBuffer, 5, flags);
      selectionMode = flags ? (only ? 2 : 1) : 0;
    },
    /** uSelection, for the images layer, which draws this layer's vertex array. */
    get selectionMode() {
      return selectionMode;
    },
    /** One [r, g, b] in [0, 1] per class. */
    setPalette(rgbColors) {
      colors = rgbColors;
      uploadClasses();
    },
    /** Classes to draw lit (the rest dim and sit behind); an empty list lights them all. */
    setHighlight(classIndices) {
      lit = new Set(classIndices);
      uploadClasses();
    },
    setVisible(value) {
      visible = value;
    },
    /** Draw every point faded towards the background (true), so that what is drawn among them stands out. */
    setFaded(value) {
      faded = value;
    },
    /** Draws and returns whether any point was drawn. */
    draw(viewProjection, view) {
      if (!visible || pointCount === 0) return false;
      gl.useProgram(program);
      gl.uniformMatrix4fv(uniforms.uViewProjection, false, viewProjection);
      gl.uniform3f(uniforms.uBackground, ...background);
      gl.uniform1i(uniforms.uOwnColors, ownColors ? 1 : 0);
      gl.uniform1f(uniforms.uPointSize, view.pointSize);
      gl.uniform1f(uniforms.uFocalDepth, view.focalDepth);
      gl.uniform2f(uniforms.uFog, ...view.fog);
      gl.uniform1f(uniforms.uFade, faded ? FADE : 0);
      gl.uniform1f(uniforms.uBlend, timeline?.t ?? 0);
      gl.uniform1i(uniforms.uSelection, selectionMode);
      gl.activeTexture(gl.TEXTURE0);
      gl.bindTexture(gl.TEXTURE_2D, classTexture);
      gl.uniform1i(uniforms.uClasses, 0);
      gl.bindVertexArray(vao);
      gl.enable(gl.DEPTH_TEST);
      for (const pass of lit.size === 0 && selectionMode !== 1 ? [0] : [1, 2]) {
        // Dimmed points neither block nor hide: no depth writes, blended; lit ones then draw on top.
        const dimmed = pass === 1;
        gl.depthMask(!dimmed);
        gl[dimmed ? "enable" : "disable"](gl.BLEND);
        gl.uniform1i(uniforms.uPass, pass);
        gl.drawArrays(gl.POINTS, 0, pointCount);
      }
      gl.depthMask(true);
      gl.bindVertexArray(null);
      return true;
    },
  };
}
