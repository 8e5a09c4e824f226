"""Reading one CSV file: which encoding it is in, then its rows a batch at a time.

Files are UTF-8 (with or without a byte order mark) or GB18030, the superset
of GBK that Excel on Chinese Windows writes. ``fingerprint`` reads a file once
to tell which, and records its size and a digest; ``CsvStream`` then reads it
again a batch of rows at a time in bounded memory, counting and hashing the bytes, so the
caller can report progress and notice a file that changed between readings.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import islice
from typing import IO

CHUNK_SIZE = 1 << 20
UTF8 = "utf-8"
UTF8_BOM = "utf-8-sig"
GB18030 = "gb18030"
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_SAVE_HINT = 'save it from Excel as "CSV UTF-8" or "CSV"'

Opener = Callable[[], IO[bytes]]
ByteCounter = Callable[[int], None]
"""Told the number of bytes read so far, as reading goes on."""


class UnreadableFile(ValueError):
    """The file is not text in an accepted encoding; ``str()`` says why."""


class MalformedCsv(ValueError):
    """The CSV text cannot be split into rows from ``line`` on; ``str()`` says why."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line


@dataclass(frozen=True)
class Fingerprint:
    encoding: str
    size: int
    digest: str


def _digest() -> hashlib.blake2b:
    return hashlib.blake2b(digest_size=16)


@dataclass
class _Scan:
    size: int
    digest: str
    bom: bool
    bad_line: int | None
    """The line holding the first byte that is not valid in the encoding (None: all valid)."""


def _scan(open_file: Opener, encoding: str) -> _Scan:
    decoder = codecs.getincrementaldecoder(encoding)()
    digest = _digest()
    size = lines = 0
    bom = False
    with open_file() as stream:
        while chunk := stream.read(CHUNK_SIZE):
            if size == 0:
                if chunk.startswith(_UTF16_BOMS):
                    raise UnreadableFile(f"is UTF-16 text, which is not accepted; {_SAVE_HINT}")
                bom = chunk.startswith(codecs.BOM_UTF8)
            if b"\0" in chunk:
                raise UnreadableFile(
                    f"contains NUL bytes, so it is not a text CSV file; {_SAVE_HINT}"
                )
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as error:
                bad_line = lines + chunk[: max(error.start, 0)].count(b"\n") + 1
                return _Scan(size, "", bom, bad_line)
            size += len(chunk)
            lines += chunk.count(b"\n")
            digest.update(chunk)
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return _Scan(size, "", bom, lines + 1)
    return _Scan(size, digest.hexdigest(), bom, None)


def fingerprint(open_file: Opener) -> Fingerprint:
    """The file's encoding, size and digest; raises ``UnreadableFile`` for anything not accepted."""
    utf8 = _scan(open_file, UTF8_BOM)
    if utf8.bad_line is None:
        return Fingerprint(UTF8_BOM if utf8.bom else UTF8, utf8.size, utf8.digest)
    if utf8.bom:
        raise UnreadableFile(
            f"starts with a UTF-8 byte order mark but line {utf8.bad_line} is not valid UTF-8"
        )
    gb18030 = _scan(open_file, GB18030)
    if gb18030.bad_line is None:
        return Fingerprint(GB18030, gb18030.size, gb18030.digest)
    raise UnreadableFile(
        f"is neither UTF-8 nor GB18030/GBK text (line {utf8.bad_line} is not UTF-8, "
        f"line {gb18030.bad_line} not GBK); {_SAVE_HINT}"
    )


class _CountingReader(io.RawIOBase):
    """Passes a binary stream through, counting and hashing the bytes."""

    def __init__(self, inner: IO[bytes], on_bytes: ByteCounter | None) -> None:
        self._inner = inner
        self._on_bytes = on_bytes
        self.count = 0
        self.digest = _digest()

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self._inner.read(len(buffer))
        size = len(data)
        buffer[:size] = data
        self.count += size
        self.digest.update(data)
        if self._on_bytes is not None and size:
            self._on_bytes(self.count)
        return size

    def close(self) -> None:
        self._inner.close()
        super().close()


class CsvStream:
    """One pass over a CSV file: ``header`` (the cells of line 1), then ``batches()``.

    Use as a context manager. ``header`` is ``[]`` when the file is empty or
    its first line is blank. Rows whose cells are all empty are skipped.
    """

    def __init__(self, open_file: Opener, encoding: str, on_bytes: ByteCounter | None = None):
        self._open = open_file
        self._encoding = encoding
        self._on_bytes = on_bytes
        self._line = 0
        self.header: list[str] = []

    def __enter__(self) -> CsvStream:
        self._counter = _CountingReader(self._open(), self._on_bytes)
        buffered = io.BufferedReader(self._counter, CHUNK_SIZE)
        self._text = io.TextIOWrapper(buffered, encoding=self._encoding, newline="")
        self._reader = csv.reader(self._text, strict=True)
        try:
            self.header = next(self._reader, [])
        except (csv.Error, UnicodeDecodeError) as error:
            self._text.close()
            raise self._malformed(error) from None
        self._line = self._reader.line_num
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._text.close()

    def batches(self, size: int) -> Iterator[tuple[list[int], list[list[str]]]]:
        """The data rows, up to ``size`` at a time: their line numbers (the header is line 1)
        and their cells. Rows whose cells are all empty are left out."""
        reader = self._reader
        while True:
            try:
                records = list(islice(reader, size))
            except (csv.Error, UnicodeDecodeError) as error:
                raise self._malformed(error) from None
            if not records:
                return
            lines = _starting_lines(self._line, reader.line_num, records)
            self._line = reader.line_num
            kept = [i for i, cells in enumerate(records) if any(cells)]
            if len(kept) == len(records):
                yield lines, records
            else:
                yield [lines[i] for i in kept], [records[i] for i in kept]

    def _malformed(self, error: csv.Error | UnicodeDecodeError) -> MalformedCsv:
        if isinstance(error, csv.Error):
            return MalformedCsv(self._reader.line_num, f"not valid CSV: {error}")
        return MalformedCsv(self._reader.line_num + 1, f"cannot be decoded as {self._encoding}")

    def digest(self) -> str:
        """The digest of the bytes read so far: the whole file's once ``batches()`` is exhausted."""
        return self._counter.digest.hexdigest()


def _starting_lines(before: int, after: int, records: list[list[str]]) -> list[int]:
    """The line each record starts on, given the last line read before and after them.

    A record spans one line plus one per line break inside its quoted cells (the text is
    read with ``newline=""``, so breaks are kept as written: ``\\n``, ``\\r\\n`` or ``\\r``)."""
    if after - before == len(records):
        return list(range(before + 1, after + 1))
    starts, line = [], before + 1
    for cells in records:
        starts.append(line)
        line += 1 + sum(cell.count("\n") + cell.count("\r") - cell.count("\r\n") for cell in cells)
    return starts
