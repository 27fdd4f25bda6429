"""A data set's files as the server holds them: their bytes, gzip'd bytes and ETag read once, and the arrays parsed
from exactly those bytes; and the error that makes a data set unavailable. No torch."""
import gzip
import hashlib
import io
from dataclasses import dataclass

import numpy as np


class DatasetUnavailable(Exception):
    """A data set's files are missing or inconsistent; the message says which and how to rebuild."""


@dataclass(frozen=True)
class ServedFile:
    """A file's bytes, its gzip-compressed bytes and a strong ETag, computed once at start-up."""
    raw: bytes
    compressed: bytes
    etag: str

    @classmethod
    def of(cls, path, level=9):
        """``path``'s file, gzip'd at ``level`` (9: the smallest, which a larger file pays for in start-up time)."""
        return cls.of_bytes(path.read_bytes(), level)

    @classmethod
    def of_bytes(cls, raw, level=9):
        # mtime=0 keeps the compressed bytes, and so their ETag, the same across restarts.
        return cls(raw, gzip.compress(raw, compresslevel=level, mtime=0), hashlib.sha256(raw).hexdigest()[:32])

    @classmethod
    def of_array(cls, array, level=1):
        """The .npy file of ``array``, made in memory (a notebook's points: level 1, as they are made at start)."""
        buffer = io.BytesIO()
        np.save(buffer, array, allow_pickle=False)
        return cls.of_bytes(buffer.getvalue(), level)


def served_file(path, fix):
    try:
        return ServedFile.of(path)
    except FileNotFoundError:
        raise DatasetUnavailable(f"points file {path} does not exist; {fix}") from None
    except OSError as error:
        raise DatasetUnavailable(f"points file {path} cannot be read ({error}); {fix}") from None


def parse_array(raw, path, dtype, ndim, fix):
    """The array in the bytes served for ``path``: parsed from them, so that the API serves exactly what was checked."""
    try:
        array = np.load(io.BytesIO(raw), allow_pickle=False)
    except (OSError, ValueError) as error:
        raise DatasetUnavailable(f"points file {path} is not a valid .npy file ({error}); {fix}") from None
    if array.dtype != dtype or array.ndim != ndim:
        raise DatasetUnavailable(f"points file {path} must be {np.dtype(dtype).name} with {ndim} dimension(s), "
                                 f"found {array.dtype} {array.shape}; {fix}")
    return array
