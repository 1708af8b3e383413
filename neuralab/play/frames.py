"""Snapshot -> binary frame: a small JSON header, then typed arrays the page reads without copying.

Layout (little-endian):

    uint32 n            length of the header in bytes
    header              n bytes of UTF-8 JSON: {"type": "frame", ..., "arrays": {name: {dtype, shape, offset}}}
    padding             zeros up to a multiple of 4 bytes from the start of the frame
    arrays              back to back; ``offset`` counts from the start of this section and is a
                        multiple of 4, so ``new Float32Array(buffer, base + offset, size)`` works
"""
import json
import math
import struct

import numpy as np

DTYPES = {"float32": np.dtype("<f4"), "uint8": np.dtype("u1"), "uint32": np.dtype("<u4"),
          "int32": np.dtype("<i4")}


def _pad(n):
    return -n % 4


def json_safe(value):
    """``value`` with NaN and ±inf replaced by None (JSON has no NaN) and NumPy scalars unwrapped."""
    if isinstance(value, dict):
        return {k: json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [json_safe(v) for v in value]
    if isinstance(value, (np.floating, float)):
        return float(value) if math.isfinite(value) else None
    if isinstance(value, np.integer):
        return int(value)
    return value


def encode(header, arrays):
    """bytes of one frame: ``header`` (a JSON-able dict) and ``arrays`` ({name: ndarray} whose
    dtypes are keys of ``DTYPES``)."""
    table, chunks, offset = {}, [], 0
    for name, array in arrays.items():
        array = np.asarray(array)
        dtype = DTYPES.get(array.dtype.name)
        if dtype is None:
            raise TypeError(f"array {name!r} has dtype {array.dtype}; frames carry {', '.join(DTYPES)}")
        data = np.ascontiguousarray(array, dtype=dtype).tobytes()
        table[name] = {"dtype": array.dtype.name, "shape": list(array.shape), "offset": offset}
        chunks.append(data + bytes(_pad(len(data))))
        offset += len(data) + _pad(len(data))
    head = json.dumps(json_safe({**header, "arrays": table}), allow_nan=False,
                      separators=(",", ":")).encode()
    prefix = struct.pack("<I", len(head)) + head
    return prefix + bytes(_pad(len(prefix))) + b"".join(chunks)

