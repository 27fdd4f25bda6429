"""The class map's build in the bench: `classmap` rerun on a copy of a data set's exported files, timed, its bytes
(raw and gzip'd as the server does) counted and compared with the shipped map's (the build is reproducible)."""
import gzip
import shutil
import tempfile
import time
from pathlib import Path

from latent_explorer.classmap import write_classmap
from latent_explorer.datasets import DATASETS
from latent_explorer.extras import CLASSMAP_GZIP_LEVEL
from latent_explorer.layout import CLASSIFIER, CLASSMAP, DECODER, LABELS, LATENTS, points_dir

NEEDED = (LATENTS, LABELS, DECODER, CLASSIFIER)


def classmap_build(points_root, dataset_id):
    """{seconds, bytes, gzip_bytes, same_as_shipped} of building ``dataset_id``'s map again; or why it was skipped."""
    source = points_dir(points_root, dataset_id)
    if not all((source / name).exists() for name in NEEDED):
        return {"skipped": f"no classifier for {dataset_id}: latent-explorer train-classifier {dataset_id}"}
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        for name in NEEDED:
            shutil.copyfile(source / name, folder / name)
        started = time.perf_counter()
        description = write_classmap(folder, DATASETS[dataset_id])
        seconds = time.perf_counter() - started
        built = (folder / CLASSMAP).read_bytes()
    shipped = source / CLASSMAP
    return {"seconds": round(seconds, 1), "lattice": description["size"], "bytes": len(built),
            "gzip_bytes": len(gzip.compress(built, compresslevel=CLASSMAP_GZIP_LEVEL, mtime=0)),
            "same_as_shipped": shipped.exists() and shipped.read_bytes() == built}
