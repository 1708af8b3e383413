"""The tests' own reading of a playground binary frame, written from docs/playground-protocol.md
(not from neuralab.play.frames), so that a frame that decodes here is one the page can read."""
import json
import struct

import numpy as np


def decode(frame):
    """The test's own reading of a binary frame (the layout in docs/playground-protocol.md)."""
    (n,) = struct.unpack("<I", frame[:4])
    header = json.loads(frame[4:4 + n])
    start = 4 + n + (-(4 + n) % 4)
    arrays = {}
    for name, info in header["arrays"].items():
        assert info["offset"] % 4 == 0
        dtype = {"float32": "<f4", "uint8": "u1", "uint32": "<u4", "int32": "<i4"}[info["dtype"]]
        count = int(np.prod(info["shape"]))
        arrays[name] = np.frombuffer(frame, dtype, count, start + info["offset"]).reshape(info["shape"])
    return header, arrays
