"""Read IDX files, the format MNIST and Fashion-MNIST are published in.

An IDX file starts with two zero bytes, a type code, the number of dimensions
and each dimension as a big-endian 32-bit integer; the values follow in C
order. The files are usually gzip-compressed.
"""

import gzip

import numpy as np

__all__ = ["read_idx"]

_TYPES = {
    0x08: np.dtype(np.uint8),
    0x09: np.dtype(np.int8),
    0x0B: np.dtype(">i2"),
    0x0C: np.dtype(">i4"),
    0x0D: np.dtype(">f4"),
    0x0E: np.dtype(">f8"),
}


def read_idx(path):
    """Read a (gzip-compressed or plain) IDX file into an array.

    Parameters
    ----------
    path : path-like
        A file ending in ``.gz`` is decompressed.

    Returns
    -------
    array : ndarray
        With the file's shape and type (uint8 for MNIST images and labels).

    Raises
    ------
    ValueError
        If the file is not IDX or its size does not match its header.
    """
    opener = gzip.open if str(path).endswith(".gz") else open
    with opener(path, "rb") as handle:
        raw = handle.read()
    if len(raw) < 4 or raw[0] != 0 or raw[1] != 0 or raw[2] not in _TYPES:
        raise ValueError(f"{path} is not an IDX file (bad magic number).")
    dtype, ndim = _TYPES[raw[2]], raw[3]
    header = 4 + 4 * ndim
    shape = tuple(int(n) for n in np.frombuffer(raw, ">u4", count=ndim, offset=4))
    expected = header + int(np.prod(shape, dtype=np.int64)) * dtype.itemsize
    if len(raw) != expected:
        raise ValueError(
            f"{path} holds {len(raw)} bytes; its IDX header {shape} implies {expected}."
        )
    return np.frombuffer(raw, dtype, offset=header).reshape(shape).astype(dtype.newbyteorder("="))
