// Markers (control points, the traversal marker, the hover ring): screen-sized discs with
// a white border, or rings, drawn over everything.
import { createProgram, interleavedVertexArray } from "./program.js";

const VERTEX = `#version 300 es
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

const FRAGMENT = `#version 300 es
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

export function createMarksLayer(gl) {
  const { program, uniforms } = createProgram(gl, VERTEX, FRAGMENT);
  const buffer = gl.createBuffer();
  const vao = interleavedVertexArray(gl, buffer, [[0, 3, 0], [1, 4, 3], [2, 1, 7], [3, 1, 8]], MARK_FLOATS);
  let markCount = 0;

  return {
    /** `marks` [{position, color: [r, g, b, a], size: device px, ring}]. */
    setMarks(marks) {
      const data = new Float32Array(marks.length * MARK_FLOATS);
      marks.forEach((mark, i) => data.set([...mark.position, ...mark.color, mark.size, mark.ring ? 1 : 0], i * MARK_FLOATS));
      gl.bindBuffer(gl.ARRAY_BUFFER, buffer);
      gl.bufferData(gl.ARRAY_BUFFER, data, gl.DYNAMIC_DRAW);
      markCount = marks.length;
    },
    draw(viewProjection) {
      if (!markCount) return;
      gl.useProgram(program);
      gl.uniformMatrix4fv(uniforms.uViewProjection, false, viewProjection);
      gl.bindVertexArray(vao);
      gl.drawArrays(gl.POINTS, 0, markCount);
      gl.bindVertexArray(null);
    },
  };
}
