"""Test-wide guards: no test may reach the network or the user's real Argos package folder."""

from __future__ import annotations

import socket
import tempfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
TEXTBERG = REPO.parent / "shared" / "bench" / "textberg"


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail loudly on any connection that leaves this machine."""
    real_connect = socket.socket.connect

    def guarded(self: socket.socket, address: object) -> object:
        host = address[0] if isinstance(address, tuple) else address
        if isinstance(host, str) and (host.startswith("127.") or host in {"localhost", "::1"}):
            return real_connect(self, address)
        if isinstance(host, str | bytes) and self.family == socket.AF_UNIX:
            return real_connect(self, address)
        raise RuntimeError(f"test tried to reach the network: {address!r}")

    monkeypatch.setattr(socket.socket, "connect", guarded)


@pytest.fixture(autouse=True)
def _private_argos_home(tmp_path_factory: pytest.TempPathFactory,
                        monkeypatch: pytest.MonkeyPatch) -> None:
    """Point argostranslate at an empty per-test home so no test sees or touches real models."""
    home = tmp_path_factory.mktemp("argos-home")
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(home / "packages"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))


@pytest.fixture()
def no_temporary_files(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail any write through a temporary file. A test writing to `/dev/null` must not, if the
    stream case broke, rename a regular file over the machine's `/dev/null` (root may)."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a stream was written through a temporary file")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
