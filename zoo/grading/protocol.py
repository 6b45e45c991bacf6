"""Messages between the grader and the worker: a JSON header and an optional .npz blob of arrays."""
import io
import json
import os
import struct

import numpy as np


def send(fd, header, arrays=None):
    blob = b""
    if arrays is not None:
        buffer = io.BytesIO()
        np.savez(buffer, **arrays)
        blob = buffer.getvalue()
    head = json.dumps(header).encode()
    data = struct.pack("<IQ", len(head), len(blob)) + head + blob
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def read_exactly(fd, n):
    chunks = []
    while n:
        chunk = os.read(fd, min(n, 1 << 20))
        if not chunk:
            raise EOFError("the other side closed the pipe")
        chunks.append(chunk)
        n -= len(chunk)
    return b"".join(chunks)


def unpack(head, blob):
    arrays = None
    if blob:
        with np.load(io.BytesIO(blob), allow_pickle=False) as data:
            arrays = {k: np.array(data[k], dtype=np.float64) for k in data.files}
    return json.loads(head), arrays


def recv(fd, max_bytes=1 << 30):
    n_head, n_blob = struct.unpack("<IQ", read_exactly(fd, 12))
    if n_head > 1 << 20 or n_blob > max_bytes:
        raise ValueError("message too large")
    return unpack(read_exactly(fd, n_head), read_exactly(fd, n_blob) if n_blob else b"")
