"""The ``latent-explorer`` command: train, evaluate, export, fetch, serve, bench, traversal."""
import argparse
import importlib.util
import json
import re
import sys
from pathlib import Path

from latent_explorer import __version__
from latent_explorer.datasets import DATASETS
from latent_explorer.fetch import MIRROR_ENV
from latent_explorer.images import IMAGE_SIDE
from latent_explorer.layout import (CHECKOUT, DATA_ROOT_ENV, DECODER, DEFAULT_MODELS_DIR, DEFAULT_POINTS_DIR, ENCODER,
                                    HOME_ENV, LABELS, LATENTS, MANIFEST, STDS, card_path, checkpoint_path,
                                    classifier_paths, default_data_root, home, points_dir, rebuild_hint, timeline_path,
                                    written_models_dir, written_points_dir)
from latent_explorer.api.heavy import default_heavy_jobs
from latent_explorer.limits import (CONTROL_POINTS_RANGE, COORDINATE_LIMIT, DEFAULT_FPS, DEFAULT_SCALE, DEFAULT_STEPS,
                                    FPS_RANGE, LARGEST_BODY_BYTES, SCALE_RANGE, STEPS_RANGE)
from latent_explorer.raw_data import DatasetNotFound
from latent_explorer.training.settings import ClassifierSettings, TrainingSettings


class CommandError(Exception):
    """A problem the user can fix; printed without a traceback."""


# What train, evaluate and export import beyond what serving needs.
TRAINING_MODULES = ("torch", "torchvision", "onnx", "onnxscript")
TRAIN_EXTRA_HINT = ("bash scripts/setup.sh --train (or: pip install -e '.[train]')" if CHECKOUT
                    else "pip install 'latent-space-explorer[train]'")


def main(argv=None):
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command in ("train", "evaluate", "export", "train-classifier"):
            _require_training_modules(args.command)
        return args.run(args) or 0
    except (CommandError, DatasetNotFound) as error:
        print(f"latent-explorer {args.command}: error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"\nlatent-explorer {args.command}: interrupted; files written earlier are unchanged.",
              file=sys.stderr)
        return 130


def build_parser():
    parser = argparse.ArgumentParser(
        prog="latent-explorer",
        description="Train 3-D VAEs on MNIST and Fashion-MNIST, export their latent points, and serve the explorer.",
        epilog=_where_things_go(), formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"latent-explorer {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    train = commands.add_parser("train", help="train a VAE and write models/<id>.pt and its model card",
                                description="Train a VAE with a 3-D latent on the 60,000 training images. "
                                            "The checkpoint and model card are written only when training "
                                            "completes, so an interrupted run keeps the previous ones.")
    train.add_argument("dataset", choices=sorted(DATASETS), help="data set id")
    _add_folder_arguments(train, writes=True)
    defaults = TrainingSettings()

    def default(name):
        value = getattr(defaults, name)
        return f"(default: {' '.join(map(str, value)) if isinstance(value, tuple) else value})"

    train.add_argument("--epochs", type=int, help=f"passes over the training set {default('epochs')}")
    train.add_argument("--batch-size", type=int, help=f"images per step {default('batch_size')}")
    train.add_argument("--learning-rate", type=float,
                       help=f"Adam's initial learning rate, cosine-annealed to 0 {default('learning_rate')}")
    train.add_argument("--kl-warmup-epochs", type=int,
                       help=f"epochs over which the KL weight rises from 0 to 1 {default('kl_warmup_epochs')}")
    train.add_argument("--hidden-sizes", type=int, nargs="+",
                       help=f"widths of the encoder's hidden layers; the decoder mirrors them {default('hidden_sizes')}")
    train.add_argument("--latent-dim", type=int, help=f"size of the latent space {default('latent_dim')}; another size "
                                                      "than 3 makes a model to add beside the shipped ones (with --name)")
    train.add_argument("--name", type=_model_name,
                       help="the name the checkpoint and card are written under, <name>.pt and <name>.json "
                            "(default: the data set id)")
    train.add_argument("--seed", type=int, help=f"seed for initialisation, shuffling and sampling {default('seed')}")
    train.add_argument("--threads", type=int,
                       help="CPU threads for torch; results are bit-for-bit repeatable for the same count "
                            "(default: torch's choice; the shipped models used 1)")
    train.add_argument("--timeline", action="store_true",
                       help="also record the latent space through training: the test images' posterior means before "
                            "the first epoch and after each, and the decoder at epochs 1, 2, 5, 10, 20 and the last, "
                            "in <models-dir>/<name>-timeline/ (export copies it beside the points); the checkpoint "
                            "is the same bytes either way")
    train.add_argument("--quiet", action="store_true", help="no progress bar or per-epoch lines")
    train.set_defaults(run=_train)

    evaluate = commands.add_parser("evaluate", help="measure test loss, 5-NN accuracy and active dimensions; record them in the model card",
                                   description="Measure the model on the 10,000 test images and record the metrics in models/<id>.json.")
    evaluate.add_argument("dataset", choices=sorted(DATASETS), help="data set id")
    _add_folder_arguments(evaluate, writes=True)
    evaluate.add_argument("--seed", type=int, default=0, help="seed of the one z drawn per test image (default: %(default)s)")
    evaluate.add_argument("--name", type=_model_name, help="the model trained with train --name (default: the data set id)")
    evaluate.set_defaults(run=_evaluate)

    export = commands.add_parser("export", help="write data/<id>/: the points, and the encoder and decoder the server runs",
                                 description="Encode all training then test images to their posteriors; "
                                             "write float32 latents.npy (N, 3) of the means, uint8 labels.npy (N,), "
                                             "float32 stds.npy (N, 3) of the standard deviations, the "
                                             "encoder and decoder as ONNX graphs (encoder.onnx, decoder.onnx), "
                                             "and manifest.json, which ties them to the checkpoint.")
    export.add_argument("dataset", choices=sorted(DATASETS), help="data set id")
    _add_folder_arguments(export, "folder that receives <id>/ with the exported files", writes=True)
    export.add_argument("--name", type=_model_name,
                        help="export the model trained with train --name and add it (latent-explorer add) under that "
                             "name, with the data set's classes and original images, instead of writing <id>/")
    _add_added_dir(export)
    export.set_defaults(run=_export)

    classifier = commands.add_parser(
        "train-classifier", help="train the class map's classifier: models/<id>-classifier.pt, its card, and "
                                 "data/<id>/classifier.onnx, which the server runs",
        description="Train a small convnet on the 60,000 training images to read the class of an image; the class map "
                    "(latent-explorer classmap) asks it what the decoder draws across the latent space. Its files are "
                    "written only when training completes.")
    classifier.add_argument("dataset", choices=sorted(DATASETS), help="data set id")
    _add_folder_arguments(classifier, "folder that receives <id>/classifier.onnx", writes=True)
    classifier_defaults = ClassifierSettings()
    for flag, kind, what in (("--epochs", int, "passes over the training set"), ("--batch-size", int, "images per step"),
                             ("--learning-rate", float, "Adam's initial learning rate, cosine-annealed to 0"),
                             ("--seed", int, "seed for initialisation, shuffling and dropout"),
                             ("--threads", int, "CPU threads for torch; 0 is torch's choice (the shipped ones used 1)")):
        classifier.add_argument(flag, type=kind, default=getattr(classifier_defaults, flag[2:].replace("-", "_")),
                                help=f"{what} (default: %(default)s)")
    classifier.add_argument("--quiet", action="store_true", help="no progress bar or per-epoch lines")
    classifier.set_defaults(run=_train_classifier)

    classmap = commands.add_parser(
        "classmap", help="write data/<id>/classmap.npy: the class read in images decoded over a lattice, and the "
                         "data's density per class",
        description="Decode a regular lattice over the cloud's bounding box, read every decoded image with the "
                    "data set's classifier (train-classifier first), estimate each class's density of data points "
                    "on the same lattice, and write classmap.npy and classmap.json beside the points. No torch.")
    classmap.add_argument("dataset", choices=sorted(DATASETS), help="data set id")
    _add_folder_arguments(classmap, "folder of <id>/ with the exported decoder and classifier; the map goes there",
                          writes=True)
    classmap.set_defaults(run=_classmap)

    fetch = commands.add_parser("fetch", help="download the raw data sets (the original images) into the data root",
                                description="Download the raw files from torchvision's mirrors, check them against "
                                            "torchvision's MD5 checksums and decompress them into "
                                            "<data root>/<Name>/raw/, where training and the server read them. "
                                            "Files already there are kept; a failed or interrupted download leaves "
                                            f"nothing half-written. ${MIRROR_ENV} replaces the mirrors with one "
                                            "base URL holding <Name>/<file>.gz.")
    fetch.add_argument("datasets", nargs="*", metavar="ID",
                       help=f"data sets to fetch: {', '.join(DATASETS)} (default: all)")
    fetch.add_argument("--data-root", type=Path, default=None,
                       help=f"torchvision's root for the raw data sets (default: {default_data_root()}; "
                            f"${DATA_ROOT_ENV} changes it)")
    fetch.add_argument("--quiet", action="store_true", help="no progress bars: one line per data set")
    fetch.add_argument("--background", action="store_true",
                       help="what the run command does before serving: if files are missing, check for a "
                            "connection (2 s at most), then fetch them in a background process; offline, say so in "
                            "one line and skip the check for an hour")
    fetch.set_defaults(run=_fetch)

    serve = commands.add_parser("serve", help="serve the explorer page and its API",
                                description="Serve the page and the JSON API through waitress, a production WSGI server.")
    _add_folder_arguments(serve, "folder of exported <id>/latents.npy and labels.npy")
    _add_added_dir(serve)
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on; 0.0.0.0 exposes it to the network (default: %(default)s)")
    serve.add_argument("--port", type=_bounded_int(1, 65535), default=5000, help="port to listen on (default: %(default)s)")
    serve.add_argument("--threads", type=_bounded_int(1, 64), default=4, help="request worker threads (default: %(default)s)")
    serve.add_argument("--heavy-jobs", type=_bounded_int(1, 64), default=default_heavy_jobs(),
                       help="GIFs, film strips and other large requests made at once; more get 503 and Retry-After, "
                            "so that hovers stay fast (default: half the cores, %(default)s here)")
    serve.add_argument("--allow-host", action="append", default=[], metavar="NAME",
                       help="a host name the server answers to besides IP addresses and localhost (repeat for more); "
                            "any other Host header is refused, which stops DNS rebinding")
    serve.set_defaults(run=_serve)

    add = commands.add_parser("add", help="add your own VAE: its ONNX decoder and latent points, beside the shipped models",
                              description="Check a decoder (an ONNX graph from (N, d) latents to images in [0, 1]: "
                                          "(N, H, W), (N, H, W, C), (N, C, H, W) with C = 1 or 3, or (N, H·W·C) with "
                                          "--image-shape) and its points, then copy them into the user folder, where "
                                          "serve and publish find them. Nothing is copied unless every check passes.")
    add.add_argument("name", help="the model's name: lower-case letters, digits, '-' and '_' (e.g. fashion-16d)")
    add.add_argument("--decoder", type=Path, required=True, help="the decoder, an ONNX file")
    add.add_argument("--latents", type=Path, required=True, help="the points, a .npy of shape (N, d)")
    add.add_argument("--labels", type=Path, help="a .npy of N whole numbers from 0: each point's class (default: one class)")
    add.add_argument("--classes", type=_class_names, help='the class names in label order, e.g. "airplane,automobile,..."')
    add.add_argument("--encoder", type=Path, help="the encoder, an ONNX file from images (the decoder's layout) to a "
                                                  "mean and a log-variance of size d; enables draw-and-encode")
    add.add_argument("--encoder-outputs", type=_output_names, metavar="MEAN,LOG_VARIANCE",
                     help="which of the encoder's outputs is the mean and which the log-variance, when their names "
                          "do not say it")
    add.add_argument("--images", type=Path, help="the originals: a .npy of N images of the decoder's shape, uint8 or "
                                                 "floats in [0, 1] (default: reconstructions stand in)")
    add.add_argument("--stds", type=Path, help="a .npy (N, d) of the posterior standard deviations, for uncertainty")
    add.add_argument("--image-shape", type=_image_shape, metavar="H,W[,C]", help="the image shape of a flat decoder output")
    add.add_argument("--title", help="the title the page shows (default: the name)")
    _add_added_dir(add)
    add.set_defaults(run=_add)
    listing = commands.add_parser("models", help="list the shipped and the added models",
                                  description="List the shipped data sets and the models added with latent-explorer add.")
    _add_added_dir(listing)
    listing.set_defaults(run=_models)
    remove = commands.add_parser("remove", help="remove a model added with latent-explorer add")
    remove.add_argument("name", help="the added model's name")
    _add_added_dir(remove)
    remove.set_defaults(run=_remove)

    publish = commands.add_parser("publish", help="write the explorer as a static site that decodes in the browser",
                                  description="Write OUT/: the page, its vendored libraries, and per data set the "
                                              "points, the encoder and decoder graphs and the atlases of the "
                                              "originals, for any static file host. The page decodes in the browser "
                                              "(onnxruntime-web); every URL is relative, so the site works at a "
                                              "host's root and under a sub-path. Try it: python -m http.server -d OUT")
    publish.add_argument("out", type=Path, metavar="OUT", help="the folder to write the site to")
    _add_folder_arguments(publish, "folder of exported <id>/latents.npy and labels.npy")
    _add_added_dir(publish)
    publish.add_argument("--datasets", type=_dataset_list, metavar="IDS",
                         help=f"comma-separated data sets (or added models) to include (default: all of "
                              f"{','.join(DATASETS)} and every added model)")
    publish.add_argument("--no-originals", action="store_true",
                         help="leave the original images out (reconstructions stand in for them); a smaller site")
    publish.add_argument("--force", action="store_true",
                         help="write into an OUT that is not empty, replacing only the files an earlier publish wrote")
    publish.set_defaults(run=_publish)

    bench = commands.add_parser("bench", help="measure the server, the page and the model; print a table and write JSON",
                                description="Start the real server on a free loopback port, measure start-up, memory, "
                                            "latency, load, a classroom, payload, page, model and install figures, "
                                            "print a table and write them as JSON.")
    _add_folder_arguments(bench, "folder of exported <id>/latents.npy and labels.npy")
    bench.add_argument("--output", type=Path, default=Path("bench-results.json"), help="where to write the JSON (default: %(default)s)")
    bench.add_argument("--requests", type=_bounded_int(1, 10 ** 6), default=1000,
                       help="single-point decodes and samples to time, each beside a floor request (default: %(default)s)")
    bench.add_argument("--load-seconds", type=float, default=10.0, help="duration of the 8-client load (default: %(default)s)")
    bench.add_argument("--classroom-seconds", type=float, default=30.0,
                       help="duration of the classroom: 30 clients hovering at 10 Hz, with traversals (default: %(default)s)")
    bench.add_argument("--heavy-seconds", type=float, default=10.0,
                       help="duration of a 10 Hz hover beside 8 clients asking for the largest GIFs, and of the same "
                            "hover on the idle server before (default: %(default)s)")
    bench.add_argument("--no-page", action="store_true", help="skip the browser measurements")
    bench.add_argument("--million-points", type=_bounded_int(0, 10 ** 7), default=1_000_000,
                       help="points in the model made and measured beside the first data set; 0 skips (default: %(default)s)")
    bench.add_argument("--train-epochs", type=int, default=1, help="epochs to time for seconds per epoch; 0 skips (default: %(default)s)")
    bench.add_argument("--no-install", action="store_true",
                       help="skip timing installs into fresh virtual environments")
    bench.add_argument("--install-baseline", action="store_true",
                       help="also time the training install, .[train], beside the run command's: gigabytes, "
                            "downloaded unless pip's cache holds them")
    bench.set_defaults(run=_bench)

    traversal = commands.add_parser("traversal", help="write a traversal as an animated GIF or a PNG film strip",
                                    description="Decode the traversal through the given points with the served "
                                                "model and write it as a looping GIF or a PNG film strip: the same "
                                                "bytes as the API's traversal.gif and traversal.png. Needs what "
                                                "export writes, not torch.")
    traversal.add_argument("dataset", choices=sorted(DATASETS), help="data set id")
    _add_folder_arguments(traversal, "folder of exported <id>/ files")
    traversal.add_argument("--through", action="append", required=True, type=_latent_point, metavar="X,Y,Z",
                           help=f"a control point, in order; repeat {CONTROL_POINTS_RANGE[0]} to "
                                f"{CONTROL_POINTS_RANGE[1]} times")
    # So that a point such as -1,0,2 reads as a value, not an option, as from Python 3.13 on: before
    # that, argparse takes only a plain negative number for a value.
    traversal._negative_number_matcher = re.compile(r"-\.?\d")
    traversal.add_argument("--closed", action="store_true", help="join the last point back to the first")
    traversal.add_argument("--steps", type=_bounded_int(*STEPS_RANGE), default=DEFAULT_STEPS,
                           help="frames along the path (default: %(default)s)")
    traversal.add_argument("--scale", type=_bounded_int(*SCALE_RANGE), default=DEFAULT_SCALE,
                           help="whole factor that enlarges each 28x28 image, without blur (default: %(default)s)")
    traversal.add_argument("--fps", type=_bounded_int(*FPS_RANGE),
                           help=f"GIF only: frames per second (default: {DEFAULT_FPS})")
    traversal.add_argument("--ping-pong", action="store_true",
                           help="GIF only: play forward then backward, without repeating the ends")
    traversal.add_argument("--columns", type=_bounded_int(1, STEPS_RANGE[1]),
                           help="PNG only: frames per row, wrapped into a grid (default: all in one row)")
    traversal.add_argument("--output", type=Path, required=True, help="the file to write: path.gif or path.png")
    traversal.set_defaults(run=_traversal)
    return parser


def _bounded_int(low, high):
    def parse(text):
        try:
            value = int(text)
        except ValueError:
            value = None
        if value is None or not low <= value <= high:
            raise argparse.ArgumentTypeError(f"expected a whole number from {low} to {high}, got {text!r}")
        return value
    return parse


def _where_things_go():
    shipped = "beside the checkout" if CHECKOUT else "inside the installed package, never written to"
    return (f"where things are:\n"
            f"  shipped models and points ({shipped}): {DEFAULT_MODELS_DIR}, {DEFAULT_POINTS_DIR}\n"
            f"  raw data sets, read and downloaded (--data-root, ${DATA_ROOT_ENV}): {default_data_root()}\n"
            f"  this user's folder (${HOME_ENV}): {home()}\n"
            f"serving needs no checkpoint (models/*.pt): train writes one, evaluate and export read it.")


def _add_folder_arguments(parser, points_help=None, writes=False):
    """--models-dir, --points-dir (with ``points_help``) and --data-root; a command that ``writes`` models or
    points defaults to the user's folder when installed (written_models_dir), the others read the shipped ones."""
    models_dir, points_root = (written_models_dir(), written_points_dir()) if writes else (DEFAULT_MODELS_DIR,
                                                                                          DEFAULT_POINTS_DIR)
    parser.add_argument("--models-dir", type=Path, default=models_dir,
                        help=f"folder of <id>.pt checkpoints and <id>.json model cards (default: {models_dir})")
    if points_help:
        parser.add_argument("--points-dir", type=Path, default=points_root,
                            help=f"{points_help} (default: {points_root})")
    parser.add_argument("--data-root", type=Path, default=None,
                        help=f"torchvision's root for the raw data sets; downloads go there "
                             f"(default: {default_data_root()}; ${DATA_ROOT_ENV} changes it)")


def _add_added_dir(parser):
    from latent_explorer.added_models import added_root
    parser.add_argument("--added-dir", type=Path, default=added_root(),
                        help=f"folder of the models latent-explorer add wrote (default: {added_root()}; "
                             f"${HOME_ENV} moves the user folder)")


def _require_training_modules(command):
    missing = [name for name in TRAINING_MODULES if importlib.util.find_spec(name) is None]
    if missing:
        raise CommandError(f"{command} needs {', '.join(missing)}, which serving does not install; "
                           f"install the training extra with: {TRAIN_EXTRA_HINT}")


def _train(args):
    from latent_explorer.training.train import train
    given = {name: getattr(args, name) for name in ("epochs", "batch_size", "learning_rate", "kl_warmup_epochs",
                                                     "hidden_sizes", "latent_dim", "seed", "threads")
             if getattr(args, name) is not None}
    if "hidden_sizes" in given:
        given["hidden_sizes"] = tuple(given["hidden_sizes"])
    try:
        settings = TrainingSettings(**given)
    except ValueError as error:
        raise CommandError(str(error)) from None
    name = args.name or args.dataset
    card = train(args.dataset, settings, checkpoint_path(args.models_dir, name), card_path(args.models_dir, name),
                 data_root=args.data_root, progress=not args.quiet,
                 timeline_dir=timeline_path(args.models_dir, name) if args.timeline else None)
    print(f"wrote {checkpoint_path(args.models_dir, name)} and {card_path(args.models_dir, name)} "
          f"({card['wall_time_seconds']} s); next: latent-explorer evaluate {args.dataset}")


def _train_classifier(args):
    from latent_explorer.layout import CLASSIFIER
    from latent_explorer.training.classifier import train_classifier
    try:
        settings = ClassifierSettings(epochs=args.epochs, batch_size=args.batch_size, learning_rate=args.learning_rate,
                                      seed=args.seed, threads=args.threads)
    except ValueError as error:
        raise CommandError(str(error)) from None
    checkpoint, card = classifier_paths(args.models_dir, args.dataset)
    onnx_path = points_dir(args.points_dir, args.dataset) / CLASSIFIER
    onnx_path.parent.mkdir(parents=True, exist_ok=True)
    written = train_classifier(args.dataset, settings, checkpoint, card, onnx_path, data_root=args.data_root,
                               progress=not args.quiet)
    print(f"wrote {checkpoint}, {card} and {onnx_path} ({written['wall_time_seconds']} s, test accuracy "
          f"{written['history'][-1]['test_accuracy']:.2%}); next: latent-explorer evaluate {args.dataset} and "
          f"latent-explorer classmap {args.dataset}")


def _classmap(args):
    from latent_explorer.classmap import ClassMapError, write_classmap
    try:
        info = write_classmap(points_dir(args.points_dir, args.dataset), DATASETS[args.dataset])
    except ClassMapError as error:
        raise CommandError(str(error)) from None
    print(f"wrote {points_dir(args.points_dir, args.dataset)}: classmap.npy {tuple(info['shape'])} and "
          f"classmap.json ({info['build_seconds']} s)")


def _evaluate(args):
    from latent_explorer.model_card import ModelCardError, read_card, record_metrics
    from latent_explorer.training.evaluation import evaluate, evaluate_classifier
    from latent_explorer.training.model import CheckpointError
    name = args.name or args.dataset
    path = card_path(args.models_dir, name)
    try:
        read_card(path)  # before minutes of evaluation, not after
    except ModelCardError as error:
        raise CommandError(f"{error}; {rebuild_hint(args.dataset, 'model')}") from None
    model = _load(args.models_dir, name)
    metrics = evaluate(model, args.dataset, data_root=args.data_root, seed=args.seed)
    record_metrics(path, metrics)
    print(json.dumps(metrics, indent=2))
    classifier_file, classifier_card = classifier_paths(args.models_dir, args.dataset)
    if name == args.dataset and classifier_file.exists():
        from latent_explorer.training.classifier import load_classifier
        try:
            classifier = load_classifier(classifier_file)
        except CheckpointError as error:
            raise CommandError(f"{error}; train it again: latent-explorer train-classifier {args.dataset}") from None
        read = evaluate_classifier(classifier, model, args.dataset, DATASETS[args.dataset].classes, args.data_root)
        record_metrics(classifier_card, read)
        print(f"classifier ({classifier_card}):\n{json.dumps(read, indent=2)}")


def _export(args):
    from latent_explorer.training.export import copy_timeline, export
    from latent_explorer.files import sha256_of
    if args.name:
        return _export_and_add(args)
    target = points_dir(args.points_dir, args.dataset)
    model = _load(args.models_dir, args.dataset)
    checkpoint_sha256 = sha256_of(checkpoint_path(args.models_dir, args.dataset))
    latents, _ = export(model, checkpoint_sha256, args.dataset, target, data_root=args.data_root)
    print(f"wrote {target}: {LATENTS} {latents.shape}, {LABELS}, {STDS}, {ENCODER}, {DECODER} and {MANIFEST}")
    timeline = copy_timeline(timeline_path(args.models_dir, args.dataset), target, checkpoint_sha256)
    if timeline:
        print(timeline)


def _export_and_add(args):
    """Export the model ``args.name`` into a scratch folder, then add it as a user adds any model."""
    import tempfile

    import numpy as np

    from latent_explorer.added_models import AddRefused, add_model
    from latent_explorer.files import sha256_of
    from latent_explorer.model_card import read_card
    from latent_explorer.raw_data import load_split
    from latent_explorer.training.export import export
    spec = DATASETS[args.dataset]
    model = _load(args.models_dir, args.name)
    card = read_card(card_path(args.models_dir, args.name))
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        latents, _ = export(model, sha256_of(checkpoint_path(args.models_dir, args.name)), args.dataset, folder,
                            data_root=args.data_root)
        images = np.concatenate([load_split(args.dataset, train=train, data_root=args.data_root)[0]
                                 for train in (True, False)])
        np.save(folder / "images.npy", images)
        try:
            info = add_model(args.name, folder / DECODER, folder / LATENTS, folder / LABELS, spec.classes,
                             folder / ENCODER, folder / "images.npy", folder / STDS,
                             f"{spec.title}, {latents.shape[1]}-D latent", (IMAGE_SIDE, IMAGE_SIDE), None,
                             args.added_dir, metrics=card.metrics, train_count=card.train_count)
        except AddRefused as error:
            raise CommandError(f"{error}; nothing was added") from None
    print(f"exported {args.name} and added it to {args.added_dir / args.name}: {info['count']:,} points in "
          f"{info['latent_dim']}-D; latent-explorer serve shows it")


def _fetch(args):
    from latent_explorer.fetch import FetchError, fetch, start_in_background
    unknown = [dataset_id for dataset_id in args.datasets if dataset_id not in DATASETS]
    if unknown:
        raise CommandError(f"unknown data set {', '.join(map(repr, unknown))}; known: {', '.join(DATASETS)}")
    specs = [DATASETS[dataset_id] for dataset_id in dict.fromkeys(args.datasets or DATASETS)]
    root = args.data_root or default_data_root()
    if args.background:
        start_in_background(specs, root, report=lambda line: print(f"latent-explorer: {line}", flush=True))
        return
    try:
        fetch(specs, root, progress=not args.quiet, report=lambda line: print(line, flush=True))
    except FetchError as error:
        raise CommandError(str(error)) from None


def _serve(args):
    from latent_explorer.app import create_app
    from latent_explorer.server import create_server
    app = create_app({"MODELS_DIR": args.models_dir, "POINTS_DIR": args.points_dir, "DATA_ROOT": args.data_root,
                      "ADDED_DIR": args.added_dir, "HEAVY_JOBS": args.heavy_jobs, "ALLOWED_HOSTS": args.allow_host})
    try:
        server = create_server(app, args.host, args.port, args.threads, LARGEST_BODY_BYTES)
    except OSError as error:
        raise CommandError(f"cannot listen on {args.host}:{args.port} ({error}); "
                           f"choose another --port or --host") from None
    print(f"Latent Space Explorer on http://{args.host}:{args.port}/  (Ctrl-C stops it)", flush=True)
    server.run()


def _model_name(text):
    """A name for files of a model: letters, digits, '-' and '_', starting with a letter or digit."""
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}", text):
        raise argparse.ArgumentTypeError(f"a name is 1 to 64 letters, digits, '-' or '_', starting with a letter or "
                                         f"digit (it names files), got {text!r}")
    return text


def _class_names(text):
    names = tuple(part.strip() for part in text.split(","))
    if not all(names):
        raise argparse.ArgumentTypeError(f"expected class names separated by commas, none empty, got {text!r}")
    return names


def _output_names(text):
    names = tuple(part.strip() for part in text.split(","))
    if len(names) != 2 or not all(names) or names[0] == names[1]:
        raise argparse.ArgumentTypeError(f"expected two output names MEAN,LOG_VARIANCE, got {text!r}")
    return names


def _image_shape(text):
    try:
        shape = tuple(int(part) for part in text.split(","))
    except ValueError:
        shape = ()
    if len(shape) not in (2, 3) or min(shape) < 1:
        raise argparse.ArgumentTypeError(f"expected H,W or H,W,C with whole numbers, got {text!r}")
    return shape


def _add(args):
    from latent_explorer.added_models import AddRefused, add_model
    try:
        info = add_model(args.name, args.decoder, args.latents, args.labels, args.classes, args.encoder, args.images,
                         args.stds, args.title, args.image_shape, args.encoder_outputs, args.added_dir)
    except AddRefused as error:
        raise CommandError(f"{error}; nothing was added") from None
    height, width, channels = info["image_shape"]
    print(f"added {info['name']} to {args.added_dir / info['name']}: {info['count']:,} points in {info['latent_dim']}-D, "
          f"{height}x{width} {'colour' if channels == 3 else 'grey'} images, {len(info['classes'])} classes; "
          f"latent-explorer serve shows it")


def _models(args):
    from latent_explorer.added_models import added_models
    print("shipped: " + ", ".join(DATASETS))
    added = added_models(args.added_dir)
    if not added:
        print(f"added: none (latent-explorer add puts them in {args.added_dir})")
    for name, info in added.items():
        if info is None:
            print(f"  {name}: its model.json is unreadable; latent-explorer remove {name}, then add it again")
        else:
            print(f"  {name}: {info['title']}, {info['count']:,} points in {info['latent_dim']}-D, images "
                  f"{'x'.join(map(str, info['image_shape']))}")


def _remove(args):
    from latent_explorer.added_models import AddRefused, remove_model
    try:
        remove_model(args.name, args.added_dir)
    except AddRefused as error:
        raise CommandError(str(error)) from None
    print(f"removed {args.name}")


def _dataset_list(text):
    ids = [part.strip() for part in text.split(",") if part.strip()]
    if not ids:
        raise argparse.ArgumentTypeError(f"expected data set ids separated by commas, from {','.join(DATASETS)} or the "
                                         f"added models; got {text!r}")
    return ids


def _publish(args):
    from latent_explorer.app import create_app
    from latent_explorer.publish import PublishError, publish
    app = create_app({"MODELS_DIR": args.models_dir, "POINTS_DIR": args.points_dir, "DATA_ROOT": args.data_root,
                      "ADDED_DIR": args.added_dir})
    try:
        report = publish(args.out, app, args.datasets, originals=not args.no_originals, force=args.force)
    except PublishError as error:
        raise CommandError(str(error)) from None
    for part, size in report.bytes_by_part.items():
        print(f"  {part}: {size / 2 ** 20:.1f} MiB")
    for note in report.notes:
        print(f"  note: {note}")
    print(f"wrote {report.out} ({sum(report.bytes_by_part.values()) / 2 ** 20:.1f} MiB); "
          f"try it: python -m http.server -d {report.out}")


def _bench(args):
    from latent_explorer.tools.bench import run_benchmark
    from latent_explorer.tools.harness import HarnessError
    try:
        run_benchmark(args.output, args.models_dir, args.points_dir, args.data_root, requests=args.requests,
                      load_seconds=args.load_seconds, classroom_seconds=args.classroom_seconds,
                      heavy_seconds=args.heavy_seconds, page=not args.no_page,
                      train_epochs=args.train_epochs, install=not args.no_install,
                      install_baseline=args.install_baseline, million_points=args.million_points)
    except HarnessError as error:
        raise CommandError(str(error)) from None


def _latent_point(text):
    """'X,Y,Z' -> [x, y, z], with the API's bounds on each coordinate."""
    try:
        point = [float(part) for part in text.split(",")]
    except ValueError:
        point = []
    if len(point) != 3:
        raise argparse.ArgumentTypeError(f"expected three numbers X,Y,Z, got {text!r}")
    if not all(abs(coordinate) <= COORDINATE_LIMIT for coordinate in point):  # a NaN fails too
        raise argparse.ArgumentTypeError(f"expected finite coordinates within ±{COORDINATE_LIMIT}, got {text!r}")
    return point


def _traversal(args):
    from latent_explorer.files import atomic_path
    from latent_explorer.media import KIND_NAMES, OPTIONS, BadOption, OutputTooLarge, file_options, traversal_file
    from latent_explorer.store import DatasetUnavailable, load_dataset
    from latent_explorer.traversal import DuplicateControlPoints, traversal_path
    kind = args.output.suffix.lower().lstrip(".")
    if kind not in OPTIONS:
        raise CommandError(f"--output must end in .gif or .png, got {str(args.output)!r}")
    given = {"scale": args.scale, "fps": args.fps, "ping_pong": args.ping_pong or None, "columns": args.columns}
    try:
        options = file_options(kind, args.steps, given)
    except BadOption as error:
        flag = "--" + error.name.replace("_", "-")
        if error.name not in OPTIONS[kind]:
            other = "png" if kind == "gif" else "gif"
            raise CommandError(f"{flag} applies to {KIND_NAMES[other]} only; write to a .{other} or leave it out") \
                from None
        raise CommandError(f"{flag} must be {error.expected} (at most --steps), got {given[error.name]}") from None
    if not CONTROL_POINTS_RANGE[0] <= len(args.through) <= CONTROL_POINTS_RANGE[1]:
        raise CommandError(f"give {CONTROL_POINTS_RANGE[0]} to {CONTROL_POINTS_RANGE[1]} points with --through, "
                           f"got {len(args.through)}")
    try:
        path = traversal_path(args.through, args.steps, args.closed)
    except DuplicateControlPoints as error:
        first, second = error.indices
        point = ",".join(f"{coordinate:g}" for coordinate in args.through[first])
        how = (f"are the same point {point}" if error.distance == 0 else
               f"are too close together to build a curve through ({error.distance:.3g} apart, at {point})")
        raise CommandError(f"points {first + 1} and {second + 1} {how}; consecutive points must differ") from None
    try:
        dataset = load_dataset(DATASETS[args.dataset], args.models_dir, args.points_dir, args.data_root)
        data = traversal_file(dataset.model, path, kind, **options)
    except (DatasetUnavailable, OutputTooLarge) as error:
        raise CommandError(str(error)) from None
    with atomic_path(args.output) as temporary:
        temporary.write_bytes(data)
    frames = 2 * args.steps - 2 if options.get("ping_pong") else args.steps
    side = IMAGE_SIDE * args.scale
    print(f"wrote {args.output}: {frames} frames of {side}x{side} pixels, {len(data):,} bytes")


def _load(models_dir, dataset_id):
    from latent_explorer.training.model import CheckpointError, load_model
    try:
        return load_model(checkpoint_path(models_dir, dataset_id))
    except CheckpointError as error:
        raise CommandError(f"{error}; {rebuild_hint(dataset_id, 'model')}") from None


if __name__ == "__main__":
    sys.exit(main())
