"""Small VAE-shaped ONNX graphs made in the tests, for models a user adds: any latent size, any image shape.

The decoder is sigmoid(z @ W + b) reshaped to the asked layout; the encoder maps images back to a mean
(the least-squares inverse of the decoder's linear part, so a decoded image encodes near its latent) and a
constant log-variance. Made with onnx.helper (the onnx package comes with the training extra).
"""
import numpy as np

from needs_torch import import_onnx


def _model(graph):
    onnx = import_onnx()
    model = onnx.helper.make_model(graph, opset_imports=[onnx.helper.make_opsetid("", 17)])
    model.ir_version = 8
    onnx.checker.check_model(model)
    return model.SerializeToString()


def decoder_graph(dims, height, width, channels=1, layout="hw", seed=0):
    """(N, dims) -> images in [0, 1], laid out as "hw", "hwc", "chw" or "flat"; returns (bytes, W, b)."""
    onnx = import_onnx()
    helper, numpy_helper = onnx.helper, onnx.numpy_helper
    pixels = height * width * channels
    rng = np.random.default_rng(seed)
    weights = rng.normal(0, 1.5, (dims, pixels)).astype(np.float32)
    bias = rng.normal(0, 0.5, pixels).astype(np.float32)
    shapes = {"hw": [-1, height, width], "hwc": [-1, height, width, channels], "chw": [-1, channels, height, width],
              "flat": [-1, pixels]}
    nodes = [helper.make_node("MatMul", ["z", "W"], ["zw"]), helper.make_node("Add", ["zw", "b"], ["logits"]),
             helper.make_node("Sigmoid", ["logits"], ["flat"])]
    if layout == "chw":
        nodes += [helper.make_node("Reshape", ["flat", "hwc_shape"], ["hwc"]),
                  helper.make_node("Transpose", ["hwc"], ["images"], perm=[0, 3, 1, 2])]
        initial = [numpy_helper.from_array(np.array([-1, height, width, channels], np.int64), "hwc_shape")]
    else:
        nodes += [helper.make_node("Reshape", ["flat", "shape"], ["images"])]
        initial = [numpy_helper.from_array(np.array(shapes[layout], np.int64), "shape")]
    out_shape = ["n", *shapes[layout][1:]]
    graph = helper.make_graph(
        nodes, "decoder", [helper.make_tensor_value_info("z", onnx.TensorProto.FLOAT, ["n", dims])],
        [helper.make_tensor_value_info("images", onnx.TensorProto.FLOAT, out_shape)],
        [numpy_helper.from_array(weights, "W"), numpy_helper.from_array(bias, "b"), *initial])
    return _model(graph), weights, bias


def encoder_graph(weights, bias, height, width, channels=1, layout="hw", names=("mean", "log_variance")):
    """Images in the decoder's layout -> (mean, log-variance), outputs named ``names`` in that order."""
    onnx = import_onnx()
    helper, numpy_helper = onnx.helper, onnx.numpy_helper
    dims, pixels = weights.shape
    inverse = np.linalg.pinv(weights).astype(np.float32)  # (pixels, dims)
    in_shape = {"hw": ["n", height, width], "hwc": ["n", height, width, channels], "chw": ["n", channels, height, width],
                "flat": ["n", pixels]}[layout]
    nodes = []
    source = "images"
    if layout == "chw":
        nodes.append(helper.make_node("Transpose", ["images"], ["hwc"], perm=[0, 2, 3, 1]))
        source = "hwc"
    # logit(p) = log(p / (1 - p)), with p clipped away from 0 and 1.
    nodes += [helper.make_node("Reshape", [source, "flat_shape"], ["flat"]),
              helper.make_node("Clip", ["flat", "low", "high"], ["clipped"]),
              helper.make_node("Sub", ["one", "clipped"], ["one_minus"]),
              helper.make_node("Div", ["clipped", "one_minus"], ["odds"]),
              helper.make_node("Log", ["odds"], ["logits"]),
              helper.make_node("Sub", ["logits", "b"], ["centred"]),
              helper.make_node("MatMul", ["centred", "inverse"], [names[0]]),
              helper.make_node("Mul", [names[0], "zero"], ["nothing"]),
              helper.make_node("Add", ["nothing", "log_variance_value"], [names[1]])]
    constants = {"flat_shape": np.array([-1, pixels], np.int64), "low": np.array(1e-4, np.float32),
                 "high": np.array(1 - 1e-4, np.float32), "one": np.array(1, np.float32), "b": bias,
                 "inverse": inverse, "zero": np.array(0, np.float32),
                 "log_variance_value": np.full(dims, -2.0, np.float32)}
    graph = helper.make_graph(
        nodes, "encoder", [helper.make_tensor_value_info("images", onnx.TensorProto.FLOAT, in_shape)],
        [helper.make_tensor_value_info(name, onnx.TensorProto.FLOAT, ["n", dims]) for name in names],
        [numpy_helper.from_array(value, key) for key, value in constants.items()])
    return _model(graph)


def classifier_graph(classes, pixels=784, seed=0):
    """Flat images (N, pixels) in [0, 1] -> class probabilities softmax(x @ W + b), as train-classifier's graph."""
    onnx = import_onnx()
    helper, numpy_helper = onnx.helper, onnx.numpy_helper
    rng = np.random.default_rng(seed)
    graph = helper.make_graph(
        [helper.make_node("MatMul", ["pixels", "W"], ["xw"]), helper.make_node("Add", ["xw", "b"], ["logits"]),
         helper.make_node("Softmax", ["logits"], ["probabilities"], axis=1)], "classifier",
        [helper.make_tensor_value_info("pixels", onnx.TensorProto.FLOAT, ["n", pixels])],
        [helper.make_tensor_value_info("probabilities", onnx.TensorProto.FLOAT, ["n", classes])],
        [numpy_helper.from_array(rng.normal(0, 0.2, (pixels, classes)).astype(np.float32), "W"),
         numpy_helper.from_array(rng.normal(0, 0.5, classes).astype(np.float32), "b")])
    return _model(graph)
