"""Traversal curves: a cubic spline through control points, sampled evenly along its arc length."""
import numpy as np
from scipy.interpolate import CubicSpline

# Dense samples per spline segment for measuring arc length; the piecewise-linear
# length then differs from the true length by far less than a pixel on the page.
SAMPLES_PER_SEGMENT = 256


class DuplicateControlPoints(ValueError):
    """Two consecutive control points coincide (on a closed curve the last and the first count as consecutive)."""

    def __init__(self, indices):
        self.indices = indices  # the zero-based positions of the pair, e.g. (2, 0) for a closed curve's join
        super().__init__(f"control points {indices[0]} and {indices[1]} coincide; consecutive control points must differ")


def spline_through(control_points, closed=False):
    """A callable ``t -> (len(t), 3)`` curve through ``control_points`` ``(K, 3)`` in order, and its domain end.

    Parameterised by centripetal knot spacing (square root of the chord lengths), which keeps
    the curve from looping or overshooting between unevenly spaced points. Open curves use
    natural end conditions, so two points give a straight segment; closed ones are periodic.
    """
    points = np.asarray(control_points, dtype=np.float64)
    if closed:
        points = np.vstack([points, points[:1]])
    chords = np.linalg.norm(np.diff(points, axis=0), axis=1)
    if np.any(chords == 0):
        first = int(np.flatnonzero(chords == 0)[0])
        raise DuplicateControlPoints((first, (first + 1) % len(control_points)))
    knots = np.concatenate([[0.0], np.cumsum(np.sqrt(chords))])
    return CubicSpline(knots, points, bc_type="periodic" if closed else "natural"), knots[-1]


def traversal_path(control_points, steps, closed=False):
    """``steps`` points ``(steps, 3)`` evenly spaced in arc length along the spline.

    Starts at the first control point; an open curve ends at the last one, a closed loop
    stops one step short of returning to the start.
    """
    curve, end = spline_through(control_points, closed)
    segments = len(control_points) if closed else len(control_points) - 1
    dense_t = np.linspace(0.0, end, segments * SAMPLES_PER_SEGMENT + 1)
    arc_length = np.concatenate([[0.0], np.cumsum(np.linalg.norm(np.diff(curve(dense_t), axis=0), axis=1))])
    if closed:
        targets = np.arange(steps) * (arc_length[-1] / steps)
    else:
        targets = np.linspace(0.0, arc_length[-1], steps)
    path = curve(np.interp(targets, arc_length, dense_t))
    path[0] = control_points[0]
    if not closed:
        path[-1] = control_points[-1]
    return path
