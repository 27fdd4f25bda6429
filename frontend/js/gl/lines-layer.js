// Thick polylines (the traversal curve, the 3-D cursor): each segment is an instanced quad
// widened in screen space, drawn twice, a dark halo under the line's colour.
import { createProgram } from "./program.js";

const VERTEX = `#version 300 es
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

const FRAGMENT = `#version 300 es
precision mediump float;
uniform vec4 uColor;
out vec4 outColor;
void main() { outColor = uColor; }`;

const HALO = [0, 0, 0, 0.55];
const SEGMENT_BYTES = 24; // start xyz, end xyz

export function createLinesLayer(gl) {
  const { program, uniforms } = createProgram(gl, VERTEX, FRAGMENT);
  const segmentBuffer = gl.createBuffer();
  const vao = gl.createVertexArray();
  gl.bindVertexArray(vao);
  gl.bindBuffer(gl.ARRAY_BUFFER, gl.createBuffer());
  gl.bufferData(gl.ARRAY_BUFFER, new Float32Array([0, -1, 1, -1, 1, 1, 0, -1, 1, 1, 0, 1]), gl.STATIC_DRAW);
  gl.enableVertexAttribArray(0);
  gl.vertexAttribPointer(0, 2, gl.FLOAT, false, 0, 0);
  gl.bindBuffer(gl.ARRAY_BUFFER, segmentBuffer);
  for (const location of [1, 2]) {
    gl.enableVertexAttribArray(location);
    gl.vertexAttribDivisor(location, 1);
  }
  gl.bindVertexArray(null);
  let lines = []; // [{firstSegment, segmentCount, color, width}]

  return {
    /** `lineSpecs` [{points: [[x, y, z]...], closed, color: [r, g, b, a], width: device px}]. */
    setLines(lineSpecs) {
      const segments = [];
      lines = lineSpecs.filter((line) => line.points.length > 1).map((line) => {
        const points = line.closed ? [...line.points, line.points[0]] : line.points;
        const firstSegment = segments.length / 6;
        for (let i = 0; i + 1 < points.length; i++) segments.push(...points[i], ...points[i + 1]);
        return { firstSegment, segmentCount: points.length - 1, color: line.color, width: line.width };
      });
      gl.bindBuffer(gl.ARRAY_BUFFER, segmentBuffer);
      gl.bufferData(gl.ARRAY_BUFFER, new Float32Array(segments), gl.DYNAMIC_DRAW);
    },
    draw(viewProjection, pixelRatio) {
      if (!lines.length) return;
      gl.useProgram(program);
      gl.uniformMatrix4fv(uniforms.uViewProjection, false, viewProjection);
      gl.uniform2f(uniforms.uViewport, gl.drawingBufferWidth, gl.drawingBufferHeight);
      gl.bindVertexArray(vao);
      gl.bindBuffer(gl.ARRAY_BUFFER, segmentBuffer);
      for (const line of lines) {
        // WebGL2 has no base instance: point the per-segment attributes at this line's segments.
        gl.vertexAttribPointer(1, 3, gl.FLOAT, false, SEGMENT_BYTES, line.firstSegment * SEGMENT_BYTES);
        gl.vertexAttribPointer(2, 3, gl.FLOAT, false, SEGMENT_BYTES, line.firstSegment * SEGMENT_BYTES + 12);
        for (const [width, color] of [[line.width + 3 * pixelRatio, HALO], [line.width, line.color]]) {
          gl.uniform1f(uniforms.uWidth, width);
          gl.uniform4f(uniforms.uColor, ...color);
          gl.drawArraysInstanced(gl.TRIANGLES, 0, 6, line.segmentCount);
        }
      }
      gl.bindVertexArray(null);
    },
  };
}
