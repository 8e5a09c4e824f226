"""A real OpenID Connect provider on 127.0.0.1 and a dashboard that signs in with it.

The provider is ``oidc-provider-mock`` run as its own process; it accepts any
client id and secret and signs in whichever subject is typed into its form,
with the claims given here. The dashboard gets an ``[auth]`` section through a
secrets file in a temporary folder (``STREAMLIT_SECRETS_FILES``), so a
developer's own ``.streamlit/secrets.toml`` never takes part. The browser
uses ``localhost``, as ``redirect_uri`` does, so the sign-in cookie's host
matches.
"""

from __future__ import annotations

import json
import secrets
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Page

from tests.browser.conftest import free_port, start_server, stop_server
from tests.browser.helpers import wait_until_rendered


@dataclass(frozen=True)
class SignInDashboard:
    base_url: str
    """``http://localhost:PORT``."""
    log_path: Path
    secret_values: tuple[str, ...]
    """The client and cookie secrets, which must never reach the log."""


def start_provider(
    log_path: Path, users: dict[str, dict[str, object]]
) -> tuple[subprocess.Popen, str]:
    """Start the provider on a free 127.0.0.1 port with ``{subject: claims}``; return it and its URL."""
    port = free_port()
    claims = [
        arg
        for sub, user in users.items()
        for arg in ("--user-claims", json.dumps({"sub": sub, **user}))
    ]
    log = log_path.open("wb")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "oidc_provider_mock",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            *claims,
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(
                f"OIDC provider exited early:\n{log_path.read_text(errors='replace')}"
            )
        try:
            with urllib.request.urlopen(f"{url}/.well-known/openid-configuration", timeout=2):
                return process, url
        except OSError:
            time.sleep(0.2)
    stop_server(process)
    raise RuntimeError(
        f"OIDC provider did not answer in 30 s:\n{log_path.read_text(errors='replace')}"
    )


def start_dashboard(
    db_url: str, folder: Path, provider_url: str, extra_env: Mapping[str, str] | None = None
) -> tuple[subprocess.Popen, SignInDashboard]:
    """Start the dashboard with sign-in through ``provider_url``; secrets live in ``folder``;
    ``extra_env`` goes to the server's environment (e.g. ``DASHBOARD_IDLE_MINUTES``)."""
    port = free_port()
    client_secret, cookie_secret = secrets.token_hex(16), secrets.token_hex(32)
    secrets_file = folder / "secrets.toml"
    secrets_file.write_text(
        "[auth]\n"
        f'redirect_uri = "http://localhost:{port}/oauth2callback"\n'
        f'cookie_secret = "{cookie_secret}"\n'
        'client_id = "wallet-dashboard"\n'
        f'client_secret = "{client_secret}"\n'
        f'server_metadata_url = "{provider_url}/.well-known/openid-configuration"\n'
    )
    log_path = folder / "streamlit.log"
    process, _ = start_server(
        db_url,
        log_path,
        extra_env={**(extra_env or {}), "STREAMLIT_SECRETS_FILES": str(secrets_file)},
        port=port,
    )
    return process, SignInDashboard(
        f"http://localhost:{port}", log_path, (client_secret, cookie_secret)
    )


@contextmanager
def signed_in_dashboard(
    db_url: str,
    folder: Path,
    users: dict[str, dict[str, object]],
    extra_env: Mapping[str, str] | None = None,
) -> Iterator[SignInDashboard]:
    """A provider that signs in ``users``, and the dashboard on ``db_url`` using it (with
    ``extra_env``); both are stopped when the block ends."""
    provider, provider_url = start_provider(folder / "oidc.log", users)
    try:
        server, dashboard = start_dashboard(db_url, folder, provider_url, extra_env)
        try:
            yield dashboard
        finally:
            stop_server(server)
    finally:
        stop_server(provider)


def sign_in(page: Page, dashboard: SignInDashboard, subject: str) -> None:
    """Sign in as ``subject`` through the provider's form and wait for the dashboard."""
    page.goto(dashboard.base_url)
    wait_until_rendered(page)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_selector('input[placeholder="sub"]', timeout=30_000)
    page.fill('input[placeholder="sub"]', subject)
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(f"{dashboard.base_url}/**", timeout=30_000)
    wait_until_rendered(page)


def sign_out(page: Page, dashboard: SignInDashboard) -> None:
    """Press "Sign out", end the session at the provider, and wait for the sign-in page."""
    page.get_by_role("button", name="Sign out").click()
    end_session = page.get_by_role("button", name="End session")
    end_session.wait_for(timeout=30_000)
    end_session.click()
    page.wait_for_url(f"{dashboard.base_url}/**", timeout=30_000)
    wait_until_rendered(page)
