"""The web layer: one blueprint per concern, each validating its input with ``core``'s checks and calling pure
functions from the package; ``fast_paths`` answers a hover's two requests before Flask."""
