"""Traversal curves: a cubic spline through control points, sampled evenly along its arc length."""
import numpy as np
from scipy.interpolate import CubicSpline

# Dense samples per spline segment for measuring arc length; the piecewise-linear
# length then differs from the true length by far less than a pixel on the page.
SAMPLES_PER_SEGMENT = 256
# A segment's share of the knot span below which its two ends count as one point: the knots (running sums of
# square-rooted chords) would not increase in floating point, or the curve would bend without bound between them.
MIN_KNOT_SHARE = 1e-6


class DuplicateControlPoints(ValueError):
    """Two consecutive control points coincide, or lie too close together to build a curve through (on a closed
    curve the last and the first count as consecutive)."""

    def __init__(self, indices, distance):
        self.indices = indices  # the zero-based positions of the pair, e.g. (2, 0) for a closed curve's join
        self.distance = distance  # how far apart they are: 0 for the same point
        super().__init__(f"control points {indices[0]} and {indices[1]} are {distance:.3g} apart; consecutive control "
                         "points must differ by more")


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
    knots = np.concatenate([[0.0], np.cumsum(np.sqrt(chords))])
    too_close = ~(np.diff(knots) > MIN_KNOT_SHARE * knots[-1])  # a chord of 0 fails too, and a NaN
    if too_close.any():
        first = int(np.flatnonzero(too_close)[0])
        raise DuplicateControlPoints((first, (first + 1) % len(control_points)), float(chords[first]))
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
