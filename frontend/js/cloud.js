// The WebGL2 renderer: round points coloured by class with a depth cue, plus overlay
// marks (discs, rings) and thick polylines. It knows nothing of data sets or panels: it
// draws arrays it is given with the matrix it is given.
//
// The point buffers are uploaded once per `setPoints`; highlighting is a uniform bit mask,
// and the overlay (a few hundred vertices at most) is the only buffer re-uploaded later.

const POINTS_VS = `#version 300 es
layout(location = 0) in vec3 aPosition;
layout(location = 1) in float aLabel;
uniform mat4 uViewProjection;
uniform vec3 uColors[10];
uniform vec3 uBackground;
uniform int uHighlightMask;   // bit per class; 0 = every class lit
uniform int uPass;            // 0: all points, 1: dimmed only, 2: lit only
uniform float uPointSize;     // device pixels at the focal depth
uniform float uFocalDepth;
uniform vec2 uFog;            // depths where fog starts and is full
out vec3 vColor;
out float vAlpha;
void main() {
  int label = int(aLabel + 0.5);
  bool lit = uHighlightMask == 0 || ((uHighlightMask >> label) & 1) == 1;
  if ((uPass == 1 && lit) || (uPass == 2 && !lit)) {
    gl_Position = vec4(2.0, 2.0, 2.0, 1.0);  // outside the clip volume: not drawn
    gl_PointSize = 1.0;
    return;
  }
  gl_Position = uViewProjection * vec4(aPosition, 1.0);
  float size = uPointSize * uFocalDepth / max(gl_Position.w, 1e-6);
  float fog = clamp((gl_Position.w - uFog.x) / (uFog.y - uFog.x), 0.0, 1.0);
  vec3 color = uColors[label % 10];
  if (lit) {
    vColor = mix(color, uBackground, fog * 0.6);
    vAlpha = 1.0;
    gl_PointSize = clamp(size, 1.5, 48.0);
  } else {
    vColor = mix(color, uBackground, 0.7);
    vAlpha = 0.35;
    gl_PointSize = clamp(size * 0.75, 1.0, 48.0);
  }
}`;

const POINTS_FS = `#version 300 es
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

const LINES_VS = `#version 300 es
layout(location = 0) in vec2 aCorner;  // x: 0 at the start, 1 at the end; y: side, -1 or 1
layout(location = 1) in vec3 aStart;
layout(location = 2) in vec3 aEnd;
uniform mat4 uViewProjection;
uniform vec2 uViewport;                // device pixels
uniform float uWidth;                  // device pixels
void main() {
  vec4 start = uViewProjection * vec4(aStart, 1.0);
  vec4 end = uViewProjection * vec4(aEnd, 1.0);
  vec2 direction = (end.xy / end.w - start.xy / start.w) * uViewport;
  direction = length(direction) > 1e-6 ? normalize(direction) : vec2(1.0, 0.0);
  vec2 normal = vec2(-direction.y, direction.x);
  vec4 position = aCorner.x < 0.5 ? start : end;
  // Widen sideways and extend by half the width along the segment, so joins have no gaps.
  vec2 offset = normal * aCorner.y + direction * (aCorner.x * 2.0 - 1.0);
  position.xy += offset * uWidth / uViewport * position.w;
  gl_Position = position;
}`;

const FLAT_FS = `#version 300 es
precision mediump float;
uniform vec4 uColor;
out vec4 outColor;
void main() { outColor = uColor; }`;

const MARKS_VS = `#version 300 es
layout(location = 0) in vec3 aPosition;
layout(location = 1) in vec4 aColor;
layout(location = 2) in float aSize;   // device pixels
layout(location = 3) in float aRing;   // 1: ring only, 0: disc with a white border
uniform mat4 uViewProjection;
out vec4 vColor;
out float vRing;
void main() {
  gl_Position = uViewProjection * vec4(aPosition, 1.0);
  gl_PointSize = aSize;
  vColor = aColor;
  vRing = aRing;
}`;

const MARKS_FS = `#version 300 es
precision mediump float;
in vec4 vColor;
in float vRing;
out vec4 outColor;
void main() {
  float r = length(gl_PointCoord * 2.0 - 1.0);
  if (r > 1.0) discard;
  if (vRing > 0.5) {
    if (r < 0.62) discard;
    outColor = r > 0.86 ? vec4(0.0, 0.0, 0.0, 0.8) : vColor;
  } else {
    outColor = r > 0.9 ? vec4(0.0, 0.0, 0.0, 0.85) : r > 0.68 ? vec4(1.0) : vColor;
  }
}`;

const MARK_FLOATS = 9; // position 3, colour 4, size 1, ring 1

export function createCloud(canvas, { background }) {
  const gl = canvas.getContext("webgl2", { antialias: true, alpha: false, premultipliedAlpha: false });
  if (!gl) throw new Error("This browser cannot draw the cloud: it has no WebGL2, or it is switched off. A current Chrome, Edge, Firefox or Safari has it.");

  const pointsProgram = linkProgram(gl, POINTS_VS, POINTS_FS);
  const linesProgram = linkProgram(gl, LINES_VS, FLAT_FS);
  const marksProgram = linkProgram(gl, MARKS_VS, MARKS_FS);

  const pointsVao = gl.createVertexArray();
  const positionBuffer = gl.createBuffer();
  const labelBuffer = gl.createBuffer();
  gl.bindVertexArray(pointsVao);
  gl.bindBuffer(gl.ARRAY_BUFFER, positionBuffer);
  gl.enableVertexAttribArray(0);
  gl.vertexAttribPointer(0, 3, gl.FLOAT, false, 0, 0);
  gl.bindBuffer(gl.ARRAY_BUFFER, labelBuffer);
  gl.enableVertexAttribArray(1);
  gl.vertexAttribPointer(1, 1, gl.UNSIGNED_BYTE, false, 0, 0);

  const linesVao = gl.createVertexArray();
  const segmentBuffer = gl.createBuffer();
  gl.bindVertexArray(linesVao);
  gl.bindBuffer(gl.ARRAY_BUFFER, gl.createBuffer());
  gl.bufferData(gl.ARRAY_BUFFER, new Float32Array([0, -1, 1, -1, 1, 1, 0, -1, 1, 1, 0, 1]), gl.STATIC_DRAW);
  gl.enableVertexAttribArray(0);
  gl.vertexAttribPointer(0, 2, gl.FLOAT, false, 0, 0);
  gl.bindBuffer(gl.ARRAY_BUFFER, segmentBuffer);
  for (const location of [1, 2]) {
    gl.enableVertexAttribArray(location);
    gl.vertexAttribDivisor(location, 1);
  }

  const marksVao = gl.createVertexArray();
  const marksBuffer = gl.createBuffer();
  gl.bindVertexArray(marksVao);
  gl.bindBuffer(gl.ARRAY_BUFFER, marksBuffer);
  [[0, 3, 0], [1, 4, 3], [2, 1, 7], [3, 1, 8]].forEach(([location, size, offset]) => {
    gl.enableVertexAttribArray(location);
    gl.vertexAttribPointer(location, size, gl.FLOAT, false, MARK_FLOATS * 4, offset * 4);
  });
  gl.bindVertexArray(null);

  let pointCount = 0;
  let colors = new Float32Array(30);
  let highlightMask = 0;
  let pointsVisible = true;
  let lines = [];      // [{firstSegment, segmentCount, color, width}]
  let markCount = 0;

  function setUniforms(program, values) {
    for (const [name, [kind, value]] of Object.entries(values)) {
      const location = gl.getUniformLocation(program, name);
      if (location !== null) gl[kind](location, ...(Array.isArray(value) ? value : [value]));
    }
  }

  function drawPoints(viewProjection, view) {
    if (!pointsVisible || pointCount === 0) return;
    gl.useProgram(pointsProgram);
    gl.uniformMatrix4fv(gl.getUniformLocation(pointsProgram, "uViewProjection"), false, viewProjection);
    gl.uniform3fv(gl.getUniformLocation(pointsProgram, "uColors"), colors);
    setUniforms(pointsProgram, {
      uBackground: ["uniform3f", background],
      uHighlightMask: ["uniform1i", highlightMask],
      uPointSize: ["uniform1f", view.pointSize],
      uFocalDepth: ["uniform1f", view.focalDepth],
      uFog: ["uniform2f", view.fog],
    });
    gl.bindVertexArray(pointsVao);
    gl.enable(gl.DEPTH_TEST);
    const passes = highlightMask === 0 ? [0] : [1, 2];
    for (const pass of passes) {
      // Dimmed points neither block nor hide: no depth writes, blended; lit ones then draw on top.
      const dimmed = pass === 1;
      gl.depthMask(!dimmed);
      gl[dimmed ? "enable" : "disable"](gl.BLEND);
      gl.uniform1i(gl.getUniformLocation(pointsProgram, "uPass"), pass);
      gl.drawArrays(gl.POINTS, 0, pointCount);
    }
    gl.depthMask(true);
  }

  function drawOverlay(viewProjection) {
    gl.disable(gl.DEPTH_TEST);
    gl.enable(gl.BLEND);
    if (lines.length) {
      gl.useProgram(linesProgram);
      gl.uniformMatrix4fv(gl.getUniformLocation(linesProgram, "uViewProjection"), false, viewProjection);
      gl.uniform2f(gl.getUniformLocation(linesProgram, "uViewport"), canvas.width, canvas.height);
      gl.bindVertexArray(linesVao);
      gl.bindBuffer(gl.ARRAY_BUFFER, segmentBuffer);
      for (const line of lines) {
        // WebGL2 has no base instance: point the per-segment attributes at this line's segments.
        gl.vertexAttribPointer(1, 3, gl.FLOAT, false, 24, line.firstSegment * 24);
        gl.vertexAttribPointer(2, 3, gl.FLOAT, false, 24, line.firstSegment * 24 + 12);
        for (const [width, color] of [[line.width + 3 * devicePixelRatio, [0, 0, 0, 0.55]], [line.width, line.color]]) {
          gl.uniform1f(gl.getUniformLocation(linesProgram, "uWidth"), width);
          gl.uniform4f(gl.getUniformLocation(linesProgram, "uColor"), ...color);
          gl.drawArraysInstanced(gl.TRIANGLES, 0, 6, line.segmentCount);
        }
      }
    }
    if (markCount) {
      gl.useProgram(marksProgram);
      gl.uniformMatrix4fv(gl.getUniformLocation(marksProgram, "uViewProjection"), false, viewProjection);
      gl.bindVertexArray(marksVao);
      gl.drawArrays(gl.POINTS, 0, markCount);
    }
    gl.bindVertexArray(null);
  }

  return {
    /** Upload the points once: `positions` Float32Array xyz interleaved, `labels` Uint8Array. */
    setPoints(positions, labels) {
      gl.bindBuffer(gl.ARRAY_BUFFER, positionBuffer);
      gl.bufferData(gl.ARRAY_BUFFER, positions, gl.STATIC_DRAW);
      gl.bindBuffer(gl.ARRAY_BUFFER, labelBuffer);
      gl.bufferData(gl.ARRAY_BUFFER, labels, gl.STATIC_DRAW);
      pointCount = labels.length;
    },

    /** Up to ten [r, g, b] colours in [0, 1], one per class. */
    setPalette(rgbColors) {
      colors = new Float32Array(30);
      rgbColors.slice(0, 10).forEach((rgb, i) => colors.set(rgb, i * 3));
    },

    /** Classes to draw lit (the rest dim and sit behind); an empty list lights them all. */
    setHighlight(classIndices) {
      highlightMask = classIndices.reduce((mask, index) => mask | (1 << index), 0);
    },

    setPointsVisible(visible) {
      pointsVisible = visible;
    },

    /**
     * Replace the overlay: `lines` [{points: [[x, y, z]...], closed, color: [r, g, b, a],
     * width: device px}], `marks` [{position, color: [r, g, b, a], size: device px, ring}].
     */
    setOverlay({ lines: lineSpecs = [], marks = [] }) {
      const segments = [];
      lines = lineSpecs.filter((line) => line.points.length > 1).map((line) => {
        const points = line.closed ? [...line.points, line.points[0]] : line.points;
        const firstSegment = segments.length / 6;
        for (let i = 0; i + 1 < points.length; i++) segments.push(...points[i], ...points[i + 1]);
        return { firstSegment, segmentCount: points.length - 1, color: line.color, width: line.width };
      });
      gl.bindBuffer(gl.ARRAY_BUFFER, segmentBuffer);
      gl.bufferData(gl.ARRAY_BUFFER, new Float32Array(segments), gl.DYNAMIC_DRAW);

      const markData = new Float32Array(marks.length * MARK_FLOATS);
      marks.forEach((mark, i) => {
        markData.set([...mark.position, ...mark.color, mark.size, mark.ring ? 1 : 0], i * MARK_FLOATS);
      });
      gl.bindBuffer(gl.ARRAY_BUFFER, marksBuffer);
      gl.bufferData(gl.ARRAY_BUFFER, markData, gl.DYNAMIC_DRAW);
      markCount = marks.length;
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

    /** Draw one frame. `view`: {pointSize, focalDepth, fog: [near, far]} in device px / depth units. */
    draw(viewProjection, view) {
      gl.viewport(0, 0, canvas.width, canvas.height);
      gl.clearColor(...background, 1);
      gl.clear(gl.COLOR_BUFFER_BIT | gl.DEPTH_BUFFER_BIT);
      gl.blendFunc(gl.SRC_ALPHA, gl.ONE_MINUS_SRC_ALPHA);
      drawPoints(viewProjection, view);
      drawOverlay(viewProjection);
      return pointsVisible && pointCount > 0;
    },

    /** Wait until the GPU has finished the frame (for timing only; never called per frame).
     *  gl.finish() alone may return before Chromium's GPU process has drawn; reading back one
     *  pixel cannot. */
    finish() {
      gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, new Uint8Array(4));
    },
  };
}

function compile(gl, type, source) {
  const shader = gl.createShader(type);
  gl.shaderSource(shader, source);
  gl.compileShader(shader);
  if (!gl.getShaderParameter(shader, gl.COMPILE_STATUS)) {
    throw new Error(`shader compile failed: ${gl.getShaderInfoLog(shader)}`);
  }
  return shader;
}

function linkProgram(gl, vertexSource, fragmentSource) {
  const program = gl.createProgram();
  gl.attachShader(program, compile(gl, gl.VERTEX_SHADER, vertexSource));
  gl.attachShader(program, compile(gl, gl.FRAGMENT_SHADER, fragmentSource));
  gl.linkProgram(program);
  if (!gl.getProgramParameter(program, gl.LINK_STATUS)) {
    throw new Error(`shader link failed: ${gl.getProgramInfoLog(program)}`);
  }
  return program;
}
