"""Why a server encodes questions in a child process: ``python -m benchmarks.gil``.

Times one question's forward pass (the packaged MiniLM in NumPy) three ways and prints milliseconds:
alone; in-process beside one busy Python thread (as a web server's event loop is under load); and through
``EncoderProcess`` beside the same thread. NumPy lets go of the GIL in each of its ~250 calls per forward
pass and must take it back each time, waiting up to the interpreter's switch interval while the busy thread
holds it; the child process has a GIL of its own.
"""

from __future__ import annotations

import json
import os
import sys
import threading
import time
from contextlib import contextmanager

QUESTION = "How many containers of munitions has Russia procured from North Korea?"


@contextmanager
def busy_thread():
    """A thread that runs pure Python (holding the GIL) until the block ends."""
    stop = threading.Event()

    def spin() -> None:
        n = 0
        while not stop.is_set():
            n += 1

    thread = threading.Thread(target=spin, daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def per_call_ms(fn, repeats: int) -> float:
    fn()  # warm
    started = time.perf_counter()
    for _ in range(repeats):
        fn()
    return round((time.perf_counter() - started) / repeats * 1000, 1)


def main() -> int:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from rag.embeddings import model_path
    from rag.encoder import EncoderProcess, MiniLMEmbeddings
    from rag.settings import Settings

    path = model_path(Settings())
    local, child = MiniLMEmbeddings(path), EncoderProcess(path)
    try:
        results = {"alone_ms": per_call_ms(lambda: local.encode([QUESTION]), 50)}
        with busy_thread():
            results["beside_busy_thread_in_process_ms"] = per_call_ms(lambda: local.encode([QUESTION]), 3)
            results["beside_busy_thread_child_process_ms"] = per_call_ms(lambda: child.encode([QUESTION]), 50)
    finally:
        child.close()
    results["switch_interval_ms"] = sys.getswitchinterval() * 1000
    print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
