// The cloud drawn as its images: each data point a camera-facing square (a point sprite)
// showing its original image from a texture array of atlases, with a thin border in its
// class colour. It draws the points layer's vertex array, so nothing is uploaded twice:
// tile i of the atlases is data point i (the vertex index). Tiles are squares of any side;
// an image of H × W pixels, grey or colour, sits in its tile's top-left corner and is drawn
// whole in the middle of its square at its own aspect.
import { createProgram } from "./program.js";

const VERTEX = `#version 300 es
layout(location = 0) in vec3 aPosition;
layout(location = 1) in float aLabel;
layout(location = 5) in float aSelected;  // the points layer's selection: 1 for a selected point
uniform mat4 uViewProjection;
uniform int uSelection;       // as the points layer's: 0 nothing selected, 1 the rest dimmed, 2 only the selected drawn
uniform sampler2D uClasses;   // one texel per class: rgb colour, a = 1 when lit
uniform float uImageSize;     // device pixels at the distance that frames the cloud
uniform float uFitDistance;
uniform float uMaxSize;
uniform int uPerAtlas;
uniform int uColumns;
out vec3 vColor;
out float vLit;
flat out ivec3 vTile;         // column, row, atlas
void main() {
  vec4 classTexel = texelFetch(uClasses, ivec2(int(aLabel + 0.5), 0), 0);
  bool selected = aSelected > 0.5;
  if (uSelection == 2 && !selected) {
    gl_Position = vec4(2.0, 2.0, 2.0, 1.0);  // outside the clip volume: not drawn
    gl_PointSize = 1.0;
    return;
  }
  gl_Position = uViewProjection * vec4(aPosition, 1.0);
  gl_PointSize = clamp(uImageSize * uFitDistance / max(gl_Position.w, 1e-6), 2.0, uMaxSize);
  int atlas = gl_VertexID / uPerAtlas;
  int inAtlas = gl_VertexID - atlas * uPerAtlas;
  vTile = ivec3(inAtlas % uColumns, inAtlas / uColumns, atlas);
  vColor = classTexel.rgb;
  vLit = uSelection == 1 && !selected ? 0.0 : classTexel.a;
}`;

const FRAGMENT = `#version 300 es
precision highp float;
precision highp sampler2DArray;
uniform sampler2DArray uAtlas;
uniform float uTile;          // pixels per tile side
uniform vec2 uImage;          // the image's width and height in pixels, at most uTile each
uniform bool uColour;         // RGB atlases; else grey levels in the red channel
uniform float uBorder;        // border width as a share of the square
uniform float uFade;          // how far every image fades towards black (0: not at all)
in vec3 vColor;
in float vLit;
flat in ivec3 vTile;
out vec4 outColor;
void main() {
  float side = max(uImage.x, uImage.y);
  vec2 margin = (side - uImage) / (2.0 * side); // the square's strips beside a non-square image
  vec2 p = (gl_PointCoord - margin) / (1.0 - 2.0 * margin); // within the image, (0, 0) at the top left, as its first row
  if (min(p.x, p.y) < 0.0 || max(p.x, p.y) > 1.0) discard;
  vec2 border = uBorder / (1.0 - 2.0 * margin);
  float shade = (vLit > 0.5 ? 1.0 : 0.3) * (1.0 - uFade);
  if (p.x < border.x || p.y < border.y || p.x > 1.0 - border.x || p.y > 1.0 - border.y) {
    outColor = vec4(vColor * shade, 1.0);
    return;
  }
  ivec2 texel = ivec2(vec2(vTile.xy) * uTile + floor(p * uImage));
  vec3 ink = texelFetch(uAtlas, ivec3(texel, vTile.z), 0).rgb;
  // Grey ink takes on a little of its class colour; colour images keep their own, their border says the class.
  outColor = vec4((uColour ? ink : ink.r * mix(vec3(1.0), vColor, 0.3)) * shade, 1.0);
}`;

const FADE = 0.65; // as the points layer's

/** CSS pixels of an image at the framing distance: they overlap there, and read as you zoom in. */
export const IMAGE_SIZE_PX = 7;

export function createImagesLayer(gl, { vertexArray, classTexture }) {
  const { program, uniforms } = createProgram(gl, VERTEX, FRAGMENT);
  const atlasTexture = gl.createTexture();
  const maxSize = gl.getParameter(gl.ALIASED_POINT_SIZE_RANGE)[1];
  let layout = null; // {tile, size, columns, per_atlas, count, atlases}
  let image = null;  // the images' [height, width, channels]
  let faded = false;

  return {
    /**
     * Allocate the texture array for `layout` (from the atlas endpoint) of images of `imageShape` [H, W, C]
     * (C = 1 grey, 3 colour); atlases follow with `setAtlas`.
     */
    setLayout(next, imageShape) {
      layout = next;
      image = imageShape;
      gl.bindTexture(gl.TEXTURE_2D_ARRAY, atlasTexture);
      gl.texStorage3D(gl.TEXTURE_2D_ARRAY, 1, image[2] === 3 ? gl.RGB8 : gl.R8, layout.size, layout.size, layout.atlases.length);
      gl.texParameteri(gl.TEXTURE_2D_ARRAY, gl.TEXTURE_MIN_FILTER, gl.NEAREST);
      gl.texParameteri(gl.TEXTURE_2D_ARRAY, gl.TEXTURE_MAG_FILTER, gl.NEAREST);
    },
    /** Upload atlas number `layer` (an ImageBitmap; the last one may be shorter). */
    setAtlas(layer, bitmap) {
      gl.bindTexture(gl.TEXTURE_2D_ARRAY, atlasTexture);
      gl.pixelStorei(gl.UNPACK_ALIGNMENT, 1);
      gl.texSubImage3D(gl.TEXTURE_2D_ARRAY, 0, 0, 0, layer, bitmap.width, bitmap.height, 1, image[2] === 3 ? gl.RGB : gl.RED,
        gl.UNSIGNED_BYTE, bitmap);
    },
    /** Draw every image faded (true), as the points layer's setFaded. */
    setFaded(value) {
      faded = value;
    },
    /** `selectionMode`: the points layer's. */
    draw(viewProjection, view, pointCount, selectionMode) {
      if (!layout || pointCount === 0) return false;
      gl.useProgram(program);
      gl.uniformMatrix4fv(uniforms.uViewProjection, false, viewProjection);
      gl.uniform1f(uniforms.uImageSize, IMAGE_SIZE_PX * view.pixelRatio);
      gl.uniform1f(uniforms.uFitDistance, view.fitDistance);
      gl.uniform1f(uniforms.uMaxSize, maxSize);
      gl.uniform1i(uniforms.uPerAtlas, layout.per_atlas);
      gl.uniform1i(uniforms.uColumns, layout.columns);
      gl.uniform1f(uniforms.uTile, layout.tile);
      gl.uniform2f(uniforms.uImage, image[1], image[0]);
      gl.uniform1i(uniforms.uColour, image[2] === 3 ? 1 : 0);
      gl.uniform1f(uniforms.uBorder, 1.5 / layout.tile);
      gl.uniform1f(uniforms.uFade, faded ? FADE : 0);
      gl.uniform1i(uniforms.uSelection, selectionMode);
      gl.activeTexture(gl.TEXTURE0);
      gl.bindTexture(gl.TEXTURE_2D, classTexture);
      gl.uniform1i(uniforms.uClasses, 0);
      gl.activeTexture(gl.TEXTURE1);
      gl.bindTexture(gl.TEXTURE_2D_ARRAY, atlasTexture);
      gl.uniform1i(uniforms.uAtlas, 1);
      gl.bindVertexArray(vertexArray);
      gl.enable(gl.DEPTH_TEST);
      gl.depthMask(true);
      gl.disable(gl.BLEND);
      gl.drawArrays(gl.POINTS, 0, pointCount);
      gl.bindVertexArray(null);
      gl.activeTexture(gl.TEXTURE0);
      return true;
    },
  };
}
