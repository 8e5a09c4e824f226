"""Files uploaded in the browser as loader sources: CSV files, or one zip of a folder.

A zip may hold the CSV files at its top or inside one folder (as a folder
zipped by Windows Explorer or macOS Finder is); the hidden files those tools
add (``__MACOSX/``, ``.DS_Store``) are ignored. Anything else is refused with
a message that names the offending entry, before the loader reads a byte.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from pathlib import PurePosixPath

from data_access.loader import Source


class UploadError(ValueError):
    """The upload as a whole cannot be loaded; the message says why."""


def sources_from_uploads(files: Sequence[tuple[str, bytes]]) -> dict[str, Source]:
    """``{file name: opener}`` for uploaded ``(name, content)`` pairs."""
    if not files:
        raise UploadError("no files uploaded")
    zips = [name for name, _ in files if name.lower().endswith(".zip")]
    if zips and len(files) > 1:
        raise UploadError("upload either CSV files or one zip file, not several files with a zip")
    if zips:
        return _zip_sources(*files[0])
    sources: dict[str, Source] = {}
    for name, content in files:
        _require_csv(name, "")
        if name in sources:
            raise UploadError(f"{name} is uploaded twice")
        sources[name] = _opener(content)
    return sources


def _opener(content: bytes) -> Source:
    return lambda: io.BytesIO(content)


def _require_csv(name: str, where: str) -> None:
    if not name.lower().endswith(".csv"):
        raise UploadError(f"{where}{name} is not a CSV file; only .csv files can be loaded")


def _zip_sources(zip_name: str, content: bytes) -> dict[str, Source]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except zipfile.BadZipFile:
        raise UploadError(f"{zip_name} is not a readable zip file") from None
    members = [info for info in archive.infolist() if not _ignored(info)]
    if not members:
        raise UploadError(f"{zip_name} holds no CSV files")
    folders = {PurePosixPath(info.filename).parent for info in members}
    if len(folders) > 1 or len(next(iter(folders)).parts) > 1:
        shown = ", ".join(sorted(str(folder) if folder.parts else "(top)" for folder in folders))
        raise UploadError(
            f"{zip_name} must hold the CSV files of one folder, but they are spread over: {shown}"
        )
    sources: dict[str, Source] = {}
    for info in members:
        name = PurePosixPath(info.filename).name
        _require_csv(name, f"{zip_name}: ")
        if info.flag_bits & 0x1:
            raise UploadError(f"{zip_name}: {name} is encrypted; zip it without a password")
        sources[name] = _member_opener(content, info.filename)
    return sources


def _member_opener(content: bytes, member: str) -> Source:
    """Decompresses on demand, so a large file streams instead of sitting in memory twice."""
    return lambda: zipfile.ZipFile(io.BytesIO(content)).open(member)


def _ignored(info: zipfile.ZipInfo) -> bool:
    path = PurePosixPath(info.filename)
    return info.is_dir() or path.parts[0] == "__MACOSX" or path.name.startswith(".")
