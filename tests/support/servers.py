"""Start a real Chroma server (``chroma run``, shipped in the chromadb wheel) on a free loopback port."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(url: str, timeout: float = 60.0, path: str = "/api/v2/heartbeat") -> None:
    """Poll ``url + path`` until it answers 200 (a Chroma heartbeat by default, or our ``/healthz``)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}{path}", timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(f"{url}{path} did not answer in {timeout:.0f} s")


@contextmanager
def chroma_server(path: Path, port: int | None = None):
    """A running server storing in ``path``; yields its URL and stops it on exit."""
    port = port or free_port()
    chroma = Path(sys.executable).with_name("chroma")
    log = open(path.parent / f"chroma-{port}.log", "w")
    proc = subprocess.Popen([str(chroma), "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
                            stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(url)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
