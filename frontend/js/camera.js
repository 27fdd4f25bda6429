// Orbit-camera maths, pure: every function takes a camera (a plain object) and returns
// numbers or a new camera. Matrices are column-major Float32Arrays, as WebGL expects.
//
// The camera orbits `target` at `distance`; its orientation is a unit quaternion, and a
// drag rotates about the camera's own up and right axes, so there is no pole to flip over
// and no gimbal lock (unlike yaw/pitch angles).

const DEFAULT_FOV_Y = (40 * Math.PI) / 180;

/** The camera's orientation looking straight along -z, x to the right and y up: a plane z = c faced square on. */
export const FACING = [0, 0, 0, 1];
// A slightly raised, turned angle: the depth of a 3-D cloud reads from the first frame.
const TURNED = quatMultiply(quatFromAxisAngle([0, 1, 0], 0.6), quatFromAxisAngle([1, 0, 0], -0.35));

/**
 * A camera looking at a sphere (center, radius) from `rotation` (by default slightly raised and
 * turned), near enough that the sphere fills the narrower side of a viewport of `aspect` (width / height).
 */
export function fitCamera(center, radius, { fovY = DEFAULT_FOV_Y, aspect = 1, rotation = TURNED } = {}) {
  const r = radius > 0 ? radius : 1;
  const halfAngle = Math.min(fovY / 2, Math.atan(Math.tan(fovY / 2) * aspect));
  return {
    target: [...center],
    rotation: [...rotation],
    distance: (r / Math.sin(halfAngle)) * 1.05,
    fovY,
    sceneRadius: r,
    minDistance: r * 0.05,
    maxDistance: r * 12,
  };
}

/**
 * The sphere to frame for points `positions` (xyz interleaved): centred on their mean,
 * with the radius that holds `share` of them, so a few outliers do not shrink the cloud.
 */
export function cloudExtent(positions, share = 0.99) {
  const count = positions.length / 3;
  if (count === 0) return { center: [0, 0, 0], radius: 1 };
  const center = [0, 0, 0];
  for (let i = 0; i < positions.length; i += 3) {
    for (let axis = 0; axis < 3; axis++) center[axis] += positions[i + axis] / count;
  }
  const distances = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    distances[i] = Math.hypot(positions[i * 3] - center[0], positions[i * 3 + 1] - center[1], positions[i * 3 + 2] - center[2]);
  }
  distances.sort();
  const radius = distances[Math.min(count - 1, Math.ceil(share * count) - 1)];
  return { center, radius: radius || 1 };
}

/** The camera's right, up and backward unit vectors (it looks along -back). */
export function cameraAxes(camera) {
  return {
    right: quatRotate(camera.rotation, [1, 0, 0]),
    up: quatRotate(camera.rotation, [0, 1, 0]),
    back: quatRotate(camera.rotation, [0, 0, 1]),
  };
}

export function eyePosition(camera) {
  const { back } = cameraAxes(camera);
  return add(camera.target, scale(back, camera.distance));
}

/** Rotate as a drag of (dx, dy) CSS pixels would: a drag across the full height turns 180°. */
export function orbit(camera, dx, dy, viewportHeight) {
  const radiansPerPixel = Math.PI / Math.max(viewportHeight, 1);
  // Dragging right turns the scene right, i.e. moves the eye left around the target.
  const yaw = quatFromAxisAngle([0, 1, 0], -dx * radiansPerPixel);
  const pitch = quatFromAxisAngle([1, 0, 0], -dy * radiansPerPixel);
  const rotation = quatNormalize(quatMultiply(camera.rotation, quatMultiply(yaw, pitch)));
  return { ...camera, rotation };
}

/** Move the eye towards (factor < 1) or away from the target, never closer than minDistance. */
export function zoom(camera, factor) {
  const distance = Math.min(camera.maxDistance, Math.max(camera.minDistance, camera.distance * factor));
  return { ...camera, distance };
}

/** Slide target and eye so that what was under the cursor follows a drag of (dx, dy) CSS pixels. */
export function pan(camera, dx, dy, viewportHeight) {
  const unitsPerPixel = (2 * camera.distance * Math.tan(camera.fovY / 2)) / Math.max(viewportHeight, 1);
  const { right, up } = cameraAxes(camera);
  const shift = add(scale(right, -dx * unitsPerPixel), scale(up, dy * unitsPerPixel));
  return { ...camera, target: add(camera.target, shift) };
}

export function viewMatrix(camera) {
  const { right, up, back } = cameraAxes(camera);
  const eye = eyePosition(camera);
  return new Float32Array([
    right[0], up[0], back[0], 0,
    right[1], up[1], back[1], 0,
    right[2], up[2], back[2], 0,
    -dot(right, eye), -dot(up, eye), -dot(back, eye), 1,
  ]);
}

/** Near and far planes wide enough for outliers well beyond the framed sphere. */
export function clipPlanes(camera) {
  const far = camera.distance + camera.sceneRadius * 10;
  return { near: far / 2000, far };
}

export function projectionMatrix(camera, aspect) {
  const { near, far } = clipPlanes(camera);
  const f = 1 / Math.tan(camera.fovY / 2);
  const rangeInverse = 1 / (near - far);
  return new Float32Array([
    f / aspect, 0, 0, 0,
    0, f, 0, 0,
    0, 0, (near + far) * rangeInverse, -1,
    0, 0, 2 * near * far * rangeInverse, 0,
  ]);
}

export function viewProjectionMatrix(camera, aspect) {
  return multiplyMatrices(projectionMatrix(camera, aspect), viewMatrix(camera));
}

/**
 * Project a world point to CSS pixels of a width x height viewport (origin top left).
 * Returns {x, y, depth} with depth the clip-space w (distance along the view), or null
 * when the point is behind the camera.
 */
export function projectPoint(matrix, point, width, height) {
  const [x, y, z] = point;
  const clipX = matrix[0] * x + matrix[4] * y + matrix[8] * z + matrix[12];
  const clipY = matrix[1] * x + matrix[5] * y + matrix[9] * z + matrix[13];
  const clipW = matrix[3] * x + matrix[7] * y + matrix[11] * z + matrix[15];
  if (clipW <= 0) return null;
  return {
    x: ((clipX / clipW + 1) / 2) * width,
    y: ((1 - clipY / clipW) / 2) * height,
    depth: clipW,
  };
}

/**
 * The world point under CSS pixel (x, y) on the plane through `through` (default: the
 * orbit target) that faces the camera: where the ray through that pixel meets the plane.
 */
export function unprojectToPlane(camera, x, y, width, height, through = camera.target) {
  const ndcX = (x / width) * 2 - 1;
  const ndcY = 1 - (y / height) * 2;
  const { right, up, back } = cameraAxes(camera);
  const depth = camera.distance - dot(sub(through, camera.target), back);
  const halfHeight = depth * Math.tan(camera.fovY / 2);
  const halfWidth = halfHeight * (width / height);
  const center = add(eyePosition(camera), scale(back, -depth));
  return add(center, add(scale(right, ndcX * halfWidth), scale(up, ndcY * halfHeight)));
}

export function unprojectToTargetPlane(camera, x, y, width, height) {
  return unprojectToPlane(camera, x, y, width, height);
}

export function multiplyMatrices(a, b) {
  const out = new Float32Array(16);
  for (let column = 0; column < 4; column++) {
    for (let row = 0; row < 4; row++) {
      let sum = 0;
      for (let k = 0; k < 4; k++) sum += a[k * 4 + row] * b[column * 4 + k];
      out[column * 4 + row] = sum;
    }
  }
  return out;
}

export function quatFromAxisAngle(axis, angle) {
  const s = Math.sin(angle / 2);
  return [axis[0] * s, axis[1] * s, axis[2] * s, Math.cos(angle / 2)];
}

export function quatMultiply([ax, ay, az, aw], [bx, by, bz, bw]) {
  return [
    aw * bx + ax * bw + ay * bz - az * by,
    aw * by - ax * bz + ay * bw + az * bx,
    aw * bz + ax * by - ay * bx + az * bw,
    aw * bw - ax * bx - ay * by - az * bz,
  ];
}

export function quatNormalize(q) {
  const length = Math.hypot(...q);
  return q.map((component) => component / length);
}

/** Rotate vector v by unit quaternion q. */
export function quatRotate([qx, qy, qz, qw], v) {
  // v + 2w (q × v) + 2 q × (q × v)
  const u = [qx, qy, qz];
  const t = scale(cross(u, v), 2);
  return add(add(v, scale(t, qw)), cross(u, t));
}

function add(a, b) { return [a[0] + b[0], a[1] + b[1], a[2] + b[2]]; }
function sub(a, b) { return [a[0] - b[0], a[1] - b[1], a[2] - b[2]]; }
function scale(a, s) { return [a[0] * s, a[1] * s, a[2] * s]; }
function dot(a, b) { return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]; }
function cross(a, b) { return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]]; }
