"""What the server accepts, in one place: the API and the command line check requests against these, and the
page reads them from the data-set listing (``LIMITS``) so that it never copies them."""

COORDINATE_LIMIT = 100  # every latent coordinate a request names lies within ±this
DECODE_POINTS_RANGE = (1, 4096)
CONTROL_POINTS_RANGE = (2, 100)
STEPS_RANGE = (2, 1000)
DEFAULT_STEPS = 64
NEIGHBORS_RANGE = (1, 100)
DEFAULT_NEIGHBORS = 8
SCALE_RANGE = (1, 16)  # pixels per image pixel in a GIF or film strip
DEFAULT_SCALE = 4
FPS_RANGE = (1, 60)
DEFAULT_FPS = 15
GRID_SIZE_RANGE = (3, 25)  # N of an N x N decoded grid
DEFAULT_GRID_SIZE = 11
GRID_SPACING_RANGE = (0.001, 10.0)  # latent units between neighbouring grid cells
DEFAULT_GRID_SPACING = 0.25
GRID_AXIS_TOLERANCE = 1e-3  # how far a grid's axes may be from unit length and perpendicular: float32 rounding
ENCODE_NEIGHBORS = 5  # the data points an encoded picture's answer names, nearest first
ENCODE_IMAGE_SIDE = 1024  # the largest width or height of an image sent to be encoded
ENCODE_PNG_CHUNKS = 1024  # chunks in a PNG sent to be encoded: a canvas writes 3 to 5, an editor a few dozen
# Request bodies: the largest valid JSON body, 4096 points to decode, is about 250 KB; an encode body holds
# a picture, and the largest legal one (1024 x 1024 of incompressible 16-bit RGBA) is an 8.4 MB PNG, 11.2 MB in
# base64. The server refuses a body over the largest before reading it.
BODY_BYTES = 1 << 20
ENCODE_BODY_BYTES = 12 << 20
LARGEST_BODY_BYTES = max(BODY_BYTES, ENCODE_BODY_BYTES)

LIMITS = {
    "coordinate": COORDINATE_LIMIT, "decode_points": list(DECODE_POINTS_RANGE),
    "control_points": list(CONTROL_POINTS_RANGE), "steps": list(STEPS_RANGE), "default_steps": DEFAULT_STEPS,
    "neighbors": list(NEIGHBORS_RANGE), "default_neighbors": DEFAULT_NEIGHBORS,
    "scale": list(SCALE_RANGE), "default_scale": DEFAULT_SCALE, "fps": list(FPS_RANGE), "default_fps": DEFAULT_FPS,
    "grid_size": list(GRID_SIZE_RANGE), "default_grid_size": DEFAULT_GRID_SIZE,
    "grid_spacing": list(GRID_SPACING_RANGE), "default_grid_spacing": DEFAULT_GRID_SPACING,
    "grid_axis_tolerance": GRID_AXIS_TOLERANCE, "encode_neighbors": ENCODE_NEIGHBORS,
    "encode_image_side": ENCODE_IMAGE_SIDE,
}
