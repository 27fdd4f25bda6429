"""The explorer in a notebook cell: ``w = explore(decoder, latents, labels)``, an anywidget.

The page is the server's own (frontend/), in an iframe of the cell's output; frontend/widget.js loads its modules
from the kernel and answers its API requests through the widget's channel, so there is no port to open and it works
where the kernel runs far away. The kernel answers each request with the server's own Flask app, called in the
kernel for a data set built in memory (kernel_model.py): the same routes, checks and error messages as ``serve``.
The widget's traits carry what is selected and chosen in the page, both ways.
"""
import json
from pathlib import Path

from werkzeug.test import Client

from latent_explorer.layout import FRONTEND_DIR

WIDGET_MODULE = FRONTEND_DIR / "widget.js"
PAGE_SUFFIXES = (".html", ".css", ".js")
DEFAULT_HEIGHT = 760  # CSS pixels: the page's layout at a notebook's width, with its panels beside the cloud


def page_files(folder=FRONTEND_DIR):
    """relative path -> text of the page's HTML, CSS and modules, this widget's own module left out. So is
    onnxruntime-web (.mjs and .wasm, 14 MB), which only a published site loads: in a notebook the kernel runs the
    models."""
    folder = Path(folder)
    return {path.relative_to(folder).as_posix(): path.read_text(encoding="utf-8")
            for path in sorted(folder.rglob("*"))
            if path.suffix in PAGE_SUFFIXES and path.is_file() and path != folder / WIDGET_MODULE.name}


def _widget_class():
    try:
        import anywidget
        import traitlets
    except ImportError:
        raise ImportError("explore needs anywidget (and a notebook); install it with: "
                          "pip install 'latent-space-explorer[notebook]'") from None

    class ExplorerWidget(anywidget.AnyWidget):
        """The explorer of one data set. Read and set ``control_points`` (latents), ``closed`` and ``highlight`` (class
        indices); read ``selection`` (point indices), ``path`` (the traversal's latents), ``hovered`` (a point's
        index or None), ``camera`` and ``error`` (the last failure of the notebook's model, named). Watch any of
        them with ``w.observe(callback, names="selection")``."""
        _esm = WIDGET_MODULE.read_text(encoding="utf-8")
        selection = traitlets.List(traitlets.Int()).tag(sync=True)
        control_points = traitlets.List(traitlets.List(traitlets.Float())).tag(sync=True)
        closed = traitlets.Bool(False).tag(sync=True)
        path = traitlets.List(traitlets.List(traitlets.Float()), read_only=True).tag(sync=True)
        hovered = traitlets.Int(None, allow_none=True, read_only=True).tag(sync=True)
        highlight = traitlets.List(traitlets.Int()).tag(sync=True)
        camera = traitlets.Dict(read_only=True).tag(sync=True)
        error = traitlets.Unicode("").tag(sync=True)
        height = traitlets.Int(DEFAULT_HEIGHT).tag(sync=True)

        def __init__(self, app, **kwargs):
            super().__init__(**kwargs)
            self._client = Client(app)
            self.on_msg(self._answer)

        def _answer(self, _widget, content, buffers):
            if content.get("kind") == "page":
                self.send({"kind": "page", "id": content.get("id"), "files": page_files()})
            elif content.get("kind") == "request":
                self._relay(content, buffers)
            elif content.get("kind") == "state":
                self._take_state(content.get("state", {}))

        def _relay(self, request, buffers):
            """Answer one API request of the page with the server's app."""
            response = self._client.open("/" + str(request.get("path", "")).lstrip("/"),
                                         method=request.get("method", "GET"), headers=request.get("headers") or {},
                                         data=bytes(buffers[0]) if buffers else None)
            body = response.get_data()
            if response.status_code == 500 and response.mimetype == "application/json":  # the model failed
                self.error = json.loads(body).get("error", "")
            self.send({"kind": "response", "id": request.get("id"), "status": response.status_code,
                       "headers": dict(response.headers)}, [body])

        def _take_state(self, state):
            """What the page reports: its selection, control points and path, hover, highlight and camera."""
            with self.hold_trait_notifications():
                for name, value in state.items():
                    if name in ("selection", "control_points", "closed", "highlight"):
                        setattr(self, name, value)
                    elif name in ("path", "hovered", "camera"):
                        self.set_trait(name, value)

    return ExplorerWidget


def explore(decoder, latents=None, labels=None, *, images=None, encoder=None, class_names=None, title=None,
            stds=None, image_shape=None, height=DEFAULT_HEIGHT):
    """Show the explorer in the notebook: of a shipped data set (``explore("mnist")``), or of your own model.

    ``decoder``: a torch module (run in the kernel as it is, under no_grad), the path of an ONNX file, or any
    function from ``(N, d)`` float32 latents to images in [0, 1] of shape ``(N, H, W)``, ``(N, H, W, C)``,
    ``(N, C, H, W)`` (C = 1 or 3) or ``(N, H·W·C)`` with ``image_shape=(H, W[, C])``. ``latents``: ``(N, d)``, any d
    (numpy or torch). ``labels``: N whole numbers (with ``class_names``), ``images``: the N originals, ``encoder``: a
    function of images in the decoder's layout to ``(mean, log_variance)``, ``stds``: the posteriors' spreads.
    Returns the widget; its traits are the page's selection, control points, path, hover, highlight and camera."""
    from latent_explorer.app import create_app
    if isinstance(decoder, str) and latents is None:
        dataset = _shipped(decoder)
    elif latents is None:
        raise TypeError("explore needs latents: explore(decoder, latents, labels), or a shipped data set's id, "
                        "explore('mnist')")
    else:
        from latent_explorer.kernel_model import notebook_dataset
        dataset = notebook_dataset(decoder, latents, labels, images=images, encoder=encoder, class_names=class_names,
                                   title=title, stds=stds, image_shape=image_shape)
    # One heavy job at a time: the kernel answers one request at a time anyway, and a pool of worker processes
    # per widget would outlive the cell.
    app = create_app({"DATASETS": {dataset.spec.id: dataset}, "HEAVY_JOBS": 1})
    return _widget_class()(app, height=height)


def _shipped(dataset_id):
    from latent_explorer.datasets import DATASETS
    from latent_explorer.layout import DEFAULT_MODELS_DIR, DEFAULT_POINTS_DIR
    from latent_explorer.store import load_dataset
    if dataset_id not in DATASETS:
        raise ValueError(f"{dataset_id!r} is not a shipped data set ({', '.join(DATASETS)}); to explore your own "
                         "model give its decoder and latents: explore(decoder, latents, labels)")
    return load_dataset(DATASETS[dataset_id], DEFAULT_MODELS_DIR, DEFAULT_POINTS_DIR)
