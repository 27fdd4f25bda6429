"""The raw images the server shows beside the points, found when they arrive.

A server may start before ``latent-explorer fetch`` has finished (the run command fetches in the
background), so a data set without its raw files looks for them again, at most every
``RECHECK_SECONDS``: one ``stat`` per file, however many requests ask. Once found and checked
they are read into memory (55 MB a data set) and kept: a memory map would read them as they are
asked for, but a file truncated while the server runs would then end the whole process with SIGBUS
on the next read of a lost page. A copy in memory cannot be damaged from outside.
"""
import threading
import time

from latent_explorer.images import IMAGE_SIDE
from latent_explorer.layout import default_data_root, raw_data_fix
from latent_explorer.raw_data import raw_paths, read_idx

RECHECK_SECONDS = 2.0


class Originals:
    def __init__(self, spec, data_root, train_count, count, clock=time.monotonic):
        """The raw images of ``spec`` under ``data_root`` (None: the default), which must hold ``train_count``
        training and ``count - train_count`` test images, the points' order (training images first)."""
        self.spec = spec
        self._paths = [raw_paths(spec, train, data_root or default_data_root())[0] for train in (True, False)]
        self._counts = (train_count, count - train_count)
        self._clock = clock
        self._images = None
        self._problem = None  # why raw files that are there cannot be used
        self._checked_at = None
        self._lock = threading.Lock()
        self._when_found = []

    def images(self):
        """``(train, test)``: uint8 ``(N, 28, 28)`` arrays, or None while the raw files are absent."""
        if self._images is None and self._due():
            with self._lock:
                if self._images is None and self._due():
                    self._checked_at = self._clock()
                    self._images, self._problem = self._read()
                    if self._images is not None:
                        for callback in self._when_found:
                            callback()
        return self._images

    def image(self, index):
        """uint8 ``(28, 28)``: the raw image of the point at ``index``, or None without the raw files."""
        images = self.images()
        if images is None:
            return None
        train, test = images
        return train[index] if index < len(train) else test[index - len(train)]

    def when_found(self, callback):
        """Call ``callback()`` when the raw files are first found."""
        self._when_found.append(callback)

    def missing_message(self):
        """Why there are no originals, and how to add them."""
        folder = self._paths[0].parent
        why = self._problem or f"the original images of {self.spec.title} are not in {folder}"
        return f"{why}; {raw_data_fix(self.spec)}; no restart is needed"

    def _due(self):
        return self._checked_at is None or self._clock() - self._checked_at >= RECHECK_SECONDS

    def _read(self):
        """``(images, None)``, or ``(None, why they cannot be used)``; ``(None, None)`` when absent."""
        try:
            for path in self._paths:
                path.stat()
        except (FileNotFoundError, NotADirectoryError):
            return None, None
        except OSError as error:  # there, but not ours to read: not "download them"
            return None, f"the raw images of {self.spec.title} cannot be read ({error.strerror}: {error.filename})"
        try:
            images = tuple(read_idx(path) for path in self._paths)
        except (OSError, ValueError) as error:
            return None, f"the raw images of {self.spec.title} cannot be read ({error})"
        found = tuple(split.shape for split in images)
        if found != tuple((count, IMAGE_SIDE, IMAGE_SIDE) for count in self._counts):
            return None, (f"the raw images in {self._paths[0].parent} ({' and '.join(map(str, found))}) are not "
                          f"the {self._counts[0]} training and {self._counts[1]} test images of these points")
        return images, None
