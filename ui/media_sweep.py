"""Downloads served for seconds, not until the server next runs a script.

Streamlit 1.67 serves a download at ``/media/<id>``, where ``<id>`` is a hash of the file's
bytes, MIME type and name, to anyone who asks, signed in or not; it cannot be gated. It
forgets a file only in two sweeps of files no session shows, and sweeps only when a script
run ends (any session's): on a quiet server a file stays served indefinitely. This thread
sweeps every ``SWEEP_EVERY_SECONDS`` as well, so that a file made by a click (every download
here is made only when clicked) stops being served within two sweeps. Measured figures:
docs/deployment.md, Downloads.
"""

from __future__ import annotations

import logging
import threading
import time

import streamlit as st
from streamlit import runtime

SWEEP_EVERY_SECONDS = 10.0
"""A file is served for at most about twice this after its button is clicked."""

_LOG = logging.getLogger(__name__)


@st.cache_resource(show_spinner=False)
def start() -> threading.Thread:
    """Start the sweeping thread, once per server process."""
    thread = threading.Thread(target=_sweep_forever, name="media-sweep", daemon=True)
    thread.start()
    return thread


def _sweep_forever() -> None:
    while True:
        time.sleep(SWEEP_EVERY_SECONDS)
        try:
            if runtime.exists():
                runtime.get_instance().media_file_mgr.remove_orphaned_files()
        except Exception:  # the sweep must outlive any one failure
            _LOG.exception("media sweep failed; trying again in %g s", SWEEP_EVERY_SECONDS)
