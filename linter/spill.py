"""A byte buffer in memory that moves to a temporary file once it grows large.

The command line writes its report here before sending it on (so a run that fails leaves no
half report).  Importing ``tempfile`` and making a file on disk cost a one-file run about 4 ms
(11 M of its 510 M instructions); most reports are small, and stay in memory."""
from __future__ import annotations

import io

LIMIT = 1 << 20  # bytes kept in memory before the buffer moves to disk (a one-file report: ~10-60 kB)


class Spill:
    def __init__(self, limit: int | None = None):
        self._limit = LIMIT if limit is None else limit
        self.file = io.BytesIO()  # or, once past ``limit``, a temporary file

    def write(self, data: bytes) -> None:
        if type(self.file) is io.BytesIO and self.file.tell() + len(data) > self._limit:
            import tempfile

            disk = tempfile.TemporaryFile()
            disk.write(self.file.getbuffer())
            self.file.close()
            self.file = disk
        self.file.write(data)

    def rewound(self):
        """The buffer as a binary file, read from the start."""
        self.file.seek(0)
        return self.file

    def close(self) -> None:
        self.file.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()
