"""Everything that needs torch: the VAE, training, running a checkpoint, evaluation and export to ONNX.

Nothing outside this subpackage imports torch (tests/test_torch_boundary.py reads the source to
check), so serving, fetching and writing traversals need only the run command's install.
``settings`` is the one module here without torch, so that the command line can show the
training defaults; this file imports nothing.
"""
