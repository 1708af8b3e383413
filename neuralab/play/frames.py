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
_NAMES = {dtype: name for name, dtype in DTYPES.items()}   # (dtype.name is a slow property)
_PADDING = (b"", b"\0\0\0", b"\0\0", b"\0")                # _PADDING[n % 4]: zeros to a multiple of 4


def json_safe(value):
    """``value`` with NaN and ±inf replaced by None (JSON has no NaN) and NumPy scalars unwrapped."""
    kind = type(value)
    if kind is float:
        return value if math.isfinite(value) else None
    if kind is str or kind is int or value is None:
        return value
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
        kind = _NAMES.get(array.dtype) or array.dtype.name
        dtype = DTYPES.get(kind)
        if dtype is None:
            raise TypeError(f"array {name!r} has dtype {array.dtype}; frames carry {', '.join(DTYPES)}")
        data = np.ascontiguousarray(array, dtype=dtype).tobytes()
        table[name] = {"dtype": kind, "shape": list(array.shape), "offset": offset}
        pad = _PADDING[len(data) % 4]
        chunks += (data, pad)
        offset += len(data) + len(pad)
    head = json_safe(header)
    head["arrays"] = table          # names, ints and dtype names: JSON-safe as they are
    head = json.dumps(head, allow_nan=False, separators=(",", ":")).encode()
    prefix = struct.pack("<I", len(head)) + head
    return b"".join([prefix, _PADDING[len(prefix) % 4]] + chunks)

