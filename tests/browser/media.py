"""Streamlit's media files as a browser test sees them: the address a download is served at,
and what a plain request of it (no cookie, no session) gets."""

from __future__ import annotations

import hashlib
import re
import urllib.error
import urllib.request

SERVED_FILE = re.compile(r"/media/[0-9a-f]{32}")


def status(url: str) -> int:
    """The HTTP status of a plain request: no cookie, no session."""
    try:
        with urllib.request.urlopen(url, timeout=10) as reply:
            return reply.status
    except urllib.error.HTTPError as error:
        return error.code


def content_id(data: bytes, mime: str, name: str) -> str:
    """Streamlit 1.67's media id, written out from its documented recipe (BLAKE2b, 16 bytes,
    of the length, the bytes, the MIME type and the file name; files under 1 MiB)."""
    digest = hashlib.blake2b(digest_size=16)
    for part in (f"{len(data)}:".encode(), data, mime.encode(), name.encode()):
        digest.update(part)
    return digest.hexdigest()
