// The class map's slice: one translucent plane through the cloud, coloured per lattice cell by the
// class the classifier reads there (opacity by its confidence) or by the densest class of the data
// (opacity by that density). The lattice is one integer 3-D texture, uploaded once per map: class
// ids are read exactly (texelFetch, no filtering). Moving the slice, or changing what it shows, sets
// uniforms only; the plane's four corners are uniforms too, so the layer has no vertex buffer.
// Colours and highlighting come from the points layer's class texture (rgb colour, a = 1 when lit):
// cells of a class not lit are faint.
import { createProgram } from "./program.js";

const VERTEX = `#version 300 es
uniform mat4 uViewProjection;
uniform vec3 uCorners[4];     // triangle-strip order
out vec3 vPosition;
void main() {
  vPosition = uCorners[gl_VertexID];
  gl_Position = uViewProjection * vec4(vPosition, 1.0);
}`;

const FRAGMENT = `#version 300 es
precision highp float;
precision highp int;
precision highp usampler3D;
uniform usampler3D uLattice;  // per cell: class read, its confidence, densest class, its density (0 to 255)
uniform sampler2D uClasses;   // one texel per class: rgb colour, a = 1 when lit
uniform vec3 uLow;
uniform vec3 uHigh;
uniform int uSize;
uniform int uAxis;            // 0, 1, 2: an axis slice, showing layer uLayer; -1: a slanted one
uniform int uLayer;
uniform int uMode;            // 0: the class read; 1: the densest class
uniform bool uDisagreeingOnly;
uniform int uFloorLevel;      // the least density of a cell that holds data
uniform float uOpacity;
in vec3 vPosition;
out vec4 outColor;
void main() {
  vec3 share = (vPosition - uLow) / (uHigh - uLow);
  if (any(lessThan(share, vec3(-1e-4))) || any(greaterThan(share, vec3(1.0 + 1e-4)))) discard;
  ivec3 cell = clamp(ivec3(floor(share * float(uSize))), ivec3(0), ivec3(uSize - 1));
  if (uAxis >= 0) cell[uAxis] = uLayer;  // exactly the layer: interpolation must not straddle two
  uvec4 texel = texelFetch(uLattice, cell, 0);
  bool withData = int(texel.a) >= uFloorLevel;
  if (uDisagreeingOnly && !(withData && texel.r != texel.b)) discard;
  if (uMode == 1 && !withData) discard;
  uint shown = uMode == 0 ? texel.r : texel.b;
  float weight = float(uMode == 0 ? texel.g : texel.a) / 255.0;
  vec4 classTexel = texelFetch(uClasses, ivec2(int(shown), 0), 0);
  // Density falls off fast from a cluster's core: from a third of the most opaque, by its square root, the rim of a
  // class stays in sight.
  float opacity = uOpacity * (uMode == 0 ? weight : mix(0.35, 1.0, sqrt(weight))) * (classTexel.a > 0.5 ? 1.0 : 0.12);
  outColor = vec4(classTexel.rgb, opacity);
}`;

const MODES = { decoder: 0, data: 1 };
// The slice's most opaque: points behind it still show through.
const OPACITY = 0.6;

export function createClassMapLayer(gl, { classTexture }) {
  const { program, uniforms } = createProgram(gl, VERTEX, FRAGMENT);
  const latticeTexture = gl.createTexture();
  const vao = gl.createVertexArray(); // no attributes: the corners are uniforms
  let lattice = null; // {size, low, high, floorLevel}
  let slice = null;   // {corners, axis, layer, mode, disagreeingOnly}
  let onTop = false;

  return {
    /** Upload the map: `lattice` {size, low, high, floorLevel} and its packed cells, Uint8Array(4 S³) (classmap.js's packLattice). */
    setLattice(next, texels) {
      lattice = next;
      gl.bindTexture(gl.TEXTURE_3D, latticeTexture);
      gl.pixelStorei(gl.UNPACK_ALIGNMENT, 1);
      gl.texImage3D(gl.TEXTURE_3D, 0, gl.RGBA8UI, next.size, next.size, next.size, 0, gl.RGBA_INTEGER, gl.UNSIGNED_BYTE, texels);
      gl.texParameteri(gl.TEXTURE_3D, gl.TEXTURE_MIN_FILTER, gl.NEAREST);
      gl.texParameteri(gl.TEXTURE_3D, gl.TEXTURE_MAG_FILTER, gl.NEAREST);
      for (const wrap of [gl.TEXTURE_WRAP_S, gl.TEXTURE_WRAP_T, gl.TEXTURE_WRAP_R]) gl.texParameteri(gl.TEXTURE_3D, wrap, gl.CLAMP_TO_EDGE);
    },
    /**
     * The slice to draw, or null for none: {corners, axis, layer} (classmap.js's slicePlane), `mode` ("decoder" or
     * "data") and `disagreeingOnly` (only the cells where the two disagree).
     */
    setSlice(next) {
      slice = next;
    },
    /** Draw the slice over the points (true: they are faded, and must not hide it), or among them. */
    setOnTop(value) {
      onTop = value;
    },
    draw(viewProjection) {
      if (!lattice || !slice) return;
      gl.useProgram(program);
      gl.uniformMatrix4fv(uniforms.uViewProjection, false, viewProjection);
      gl.uniform3fv(uniforms.uCorners, slice.corners.flat());
      gl.uniform3f(uniforms.uLow, ...lattice.low);
      gl.uniform3f(uniforms.uHigh, ...lattice.high);
      gl.uniform1i(uniforms.uSize, lattice.size);
      gl.uniform1i(uniforms.uAxis, slice.axis);
      gl.uniform1i(uniforms.uLayer, slice.layer);
      gl.uniform1i(uniforms.uMode, MODES[slice.mode]);
      gl.uniform1i(uniforms.uDisagreeingOnly, slice.disagreeingOnly ? 1 : 0);
      gl.uniform1i(uniforms.uFloorLevel, lattice.floorLevel);
      gl.uniform1f(uniforms.uOpacity, OPACITY);
      gl.activeTexture(gl.TEXTURE0);
      gl.bindTexture(gl.TEXTURE_2D, classTexture);
      gl.uniform1i(uniforms.uClasses, 0);
      gl.activeTexture(gl.TEXTURE2);
      gl.bindTexture(gl.TEXTURE_3D, latticeTexture);
      gl.uniform1i(uniforms.uLattice, 2);
      // Depth-tested against the points, so those in front hide it, unless it is on top; translucent, and writing no
      // depth, so those behind show through.
      gl[onTop ? "disable" : "enable"](gl.DEPTH_TEST);
      gl.depthMask(false);
      gl.enable(gl.BLEND);
      gl.bindVertexArray(vao);
      gl.drawArrays(gl.TRIANGLE_STRIP, 0, 4);
      gl.bindVertexArray(null);
      gl.depthMask(true);
      gl.activeTexture(gl.TEXTURE0);
    },
  };
}
