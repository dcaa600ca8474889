"""A bounded load test of a running server, over loopback only (issue: hold up under many users).

``python -m benchmarks.load --url http://127.0.0.1:7860`` sends ``--clients`` concurrent clients x
``--questions`` questions each, to ``POST /api/ask`` and through the Gradio client (the chat's own
``/respond`` endpoint), and prints errors and latency p50/p95 per path. It stops after ``--max-seconds``
whatever happens, and refuses any URL that is not on this machine. ``--serve`` starts a server for the
run on a free port (the current index, the real model) and stops it afterwards.

Full form (the README's figures): ``python -m benchmarks.load --serve``  (20 clients x 10 questions).
CI form (tests/test_load.py): 4 clients x 3 questions against a test server.
"""

from __future__ import annotations

import argparse
import ipaddress
import json
import statistics
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from urllib.parse import urlparse

QUESTIONS = [
    "How many containers of munitions has Russia procured from North Korea?",
    "How many North Korean missiles has Russia launched into Ukraine?",
    "Who is Robert Koepcke?",
    "What is North Korea seeking from Russia in return?",
    "What do the arms transfers violate?",
    "Is the door for dialogue with North Korea open?",
    "Where did Koepcke speak?",
    "What is the capital of France?",
    "When did Russia start receiving the containers?",
    "What is the United States willing to do?",
]


@dataclass
class PathResult:
    """Latencies and errors of one path (API or Gradio)."""

    name: str
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def add(self, seconds: float | None, error: str | None = None) -> None:
        with self.lock:
            if error:
                self.errors.append(error)
            else:
                self.latencies.append(seconds)

    def summary(self) -> dict:
        lat = sorted(self.latencies)
        cut = statistics.quantiles(lat, n=100, method="inclusive") if len(lat) > 1 else lat * 99
        return {"path": self.name, "requests": len(lat) + len(self.errors), "errors": len(self.errors),
                "p50_ms": round(cut[49] * 1000, 1) if lat else None,
                "p95_ms": round(cut[94] * 1000, 1) if lat else None, "first_errors": self.errors[:3]}


def require_loopback(url: str) -> None:
    host = urlparse(url).hostname or ""
    try:
        loopback = host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    if not loopback:
        raise SystemExit(f"Refusing to send load to {url}: only loopback addresses (127.0.0.0/8, ::1) are allowed.")


def run(url: str, clients: int = 20, questions: int = 10, max_seconds: float = 120.0,
        gradio: bool = True, ramp_seconds: float = 1.0) -> list[dict]:
    """Send the load; return one summary per path. Bounded by count and by ``max_seconds``.

    Clients start ``ramp_seconds / clients`` apart, as load tools ramp users up (locust's spawn rate,
    k6's stages): 20 first questions in the same millisecond measure a burst no site sees, and with 200
    questions in all those 20 alone would set the p95.
    """
    import ssl

    import certifi
    import httpx

    require_loopback(url)
    url = url.rstrip("/")
    deadline = time.monotonic() + max_seconds
    api, chat = PathResult("POST /api/ask"), PathResult("gradio /respond")
    connect = PathResult("gradio connect")
    # Clients connect first (gradio_client fetches the app's config and API description), then ask
    # together: question latencies are measured at the stated load, not during 20 page loads at once,
    # which are timed on their own line.
    connected = threading.Barrier(clients)
    ssl_context = ssl.create_default_context(cafile=certifi.where())

    def ramp(k: int) -> None:
        time.sleep(ramp_seconds * k / clients)

    def api_client(k: int) -> None:
        with httpx.Client(timeout=30) as http:
            ramp(k)
            for i in range(questions):
                if time.monotonic() > deadline:
                    return api.add(None, "deadline reached")
                started = time.perf_counter()
                try:
                    r = http.post(f"{url}/api/ask", json={"question": QUESTIONS[(k + i) % len(QUESTIONS)]})
                    ok = r.status_code == 200 and "answer" in r.json()
                    api.add(time.perf_counter() - started, None if ok else f"HTTP {r.status_code}: {r.text[:80]}")
                except Exception as exc:  # noqa: BLE001 - every failure is a counted error
                    api.add(None, f"{type(exc).__name__}: {exc}"[:120])

    def gradio_client(k: int) -> None:
        from gradio_client import Client

        started = time.perf_counter()
        try:
            # gradio_client opens a new httpx client for every call, and each one loads the CA bundle unless
            # handed a ready SSL context: that loading was ~40 % of this generator's CPU, taken from the
            # server it shares the two cores with (py-spy). Verification itself is unchanged.
            client = Client(f"{url}/", verbose=False, ssl_verify=ssl_context)
            connect.add(time.perf_counter() - started)
        except Exception as exc:  # noqa: BLE001
            connected.abort()  # the others must not wait for this one
            return connect.add(None, f"{type(exc).__name__}: {exc}"[:120])
        try:
            connected.wait(timeout=max(1.0, deadline - time.monotonic()))
        except threading.BrokenBarrierError:
            pass  # a client failed to connect (counted) or the deadline neared: ask anyway
        ramp(k)
        try:
            for i in range(questions):
                if time.monotonic() > deadline:
                    return chat.add(None, "deadline reached")
                started = time.perf_counter()
                try:
                    result = client.predict(QUESTIONS[(k + i) % len(QUESTIONS)], api_name="/respond")
                    ok = bool(result and result[0])
                    chat.add(time.perf_counter() - started, None if ok else "empty chat")
                except Exception as exc:  # noqa: BLE001
                    chat.add(None, f"{type(exc).__name__}: {exc}"[:120])
        finally:
            client.close()  # its open event stream would hold up the server's shutdown

    # One path at a time: each phase is `clients` users at once, as the target is stated.
    for phase in [api_client] + ([gradio_client] if gradio else []):
        with ThreadPoolExecutor(max_workers=clients) as pool:
            for job in [pool.submit(phase, k) for k in range(clients)]:
                job.result(timeout=max(1.0, deadline - time.monotonic() + 30))
    return [api.summary()] + ([connect.summary(), chat.summary()] if gradio else [])


def _serve_for_run():
    """``python app.py`` on a free loopback port, in its own process (clients and server must not share a
    GIL, or the figures measure the load script); returns (url, stop)."""
    import os
    import socket
    import subprocess
    import urllib.request
    from pathlib import Path

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    root = Path(__file__).resolve().parent.parent
    server = subprocess.Popen([sys.executable, "app.py"], cwd=root, env={**os.environ, "RAG_PORT": str(port)},
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 180
    while True:
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=2):
                break
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.kill()
                raise SystemExit(f"The server did not become ready at {url}/healthz; run `python app.py` to see why.")
            time.sleep(0.2)

    def stop() -> None:
        server.terminate()
        server.wait(timeout=20)

    return url, stop


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:7860")
    parser.add_argument("--serve", action="store_true", help="start a server for the run (ignores --url)")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--questions", type=int, default=10)
    parser.add_argument("--max-seconds", type=float, default=120.0)
    parser.add_argument("--ramp-seconds", type=float, default=1.0, help="spread the clients' starts over this")
    parser.add_argument("--no-gradio", action="store_true")
    args = parser.parse_args(argv)
    stop = None
    url = args.url
    if args.serve:
        url, stop = _serve_for_run()
    try:
        import os

        started = time.perf_counter()
        results = run(url, args.clients, args.questions, args.max_seconds, gradio=not args.no_gradio,
                      ramp_seconds=args.ramp_seconds)
        print(json.dumps({"url": url, "clients": args.clients, "questions_per_client": args.questions,
                          "ramp_seconds": args.ramp_seconds,
                          "seconds": round(time.perf_counter() - started, 1), "cores": os.cpu_count(),
                          "load_average": [round(x, 2) for x in os.getloadavg()], "paths": results}, indent=2))
    finally:
        if stop:
            stop()
    return 1 if any(r["errors"] for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
