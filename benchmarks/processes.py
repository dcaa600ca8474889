"""Measurements of fresh processes: a cold ``rag.ask``, and ``python app.py`` until ``/healthz`` is ready.

Both run against a copy of an index built beforehand (``RAG_DATA_DIR``), with ``HF_HUB_OFFLINE=1``, so
they time starting up, not ingesting. Peak memory is the process's high-water RSS as the kernel counts
it (``VmHWM`` in ``/proc/<pid>/status``; Linux only, left out elsewhere).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from pathlib import Path

from benchmarks.measure import load, percentile, spread
from evals.schema import GoldItem

ROOT = Path(__file__).resolve().parent.parent

# The one-shot child: `import rag; rag.ask(question)`, reporting how long each phase took inside it.
ONE_SHOT = """
import json, sys, time
t0 = time.perf_counter()
import rag
from rag.chain import Pipeline  # what rag.ask imports on first use, timed apart from loading
t1 = time.perf_counter()
rag.default_pipeline()
t2 = time.perf_counter()
answer = rag.ask(sys.argv[1])
t3 = time.perf_counter()
try:  # this process's own high-water RSS (ru_maxrss would count the parent's memory before exec)
    status = open("/proc/self/status").read()
    rss = int(status.split("VmHWM:")[1].split()[0]) / 1024
except (OSError, IndexError):
    rss = None
print(json.dumps({"import_s": t1 - t0, "load_s": t2 - t1, "ask_s": t3 - t2, "peak_rss_mb": rss}), flush=True)
"""


def child_env(data_dir: Path, corpus_dir: Path, **extra: str) -> dict:
    """The environment of a measured child: our index and corpus, offline, no inherited Chroma server."""
    env = {k: v for k, v in os.environ.items() if k not in ("RAG_CHROMA_URL", "RAG_API_KEYS")}
    env.update(RAG_DATA_DIR=str(data_dir), RAG_CORPUS_DIR=str(corpus_dir), HF_HUB_OFFLINE="1",
               TOKENIZERS_PARALLELISM="false", GRADIO_ANALYTICS_ENABLED="False", **extra)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p)
    return env


def _fresh_copy(data_dir: Path, workdir: Path, name: str) -> Path:
    target = workdir / name
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(data_dir, target)
    return target


def cold_start(data_dir: Path, corpus_dir: Path, workdir: Path, question: str, *, repeats: int) -> dict:
    """Spawn to first answer of a new ``python -c "import rag; rag.ask(...)"``: warm-up, then ``repeats``."""
    runs, load_before = [], load()
    for r in range(repeats + 1):
        env = child_env(_fresh_copy(data_dir, workdir, f"cold-{r}"), corpus_dir)
        log_path = workdir / f"cold-{r}.log"
        with open(log_path, "w") as log_file:
            started = time.perf_counter()
            proc = subprocess.Popen([sys.executable, "-c", ONE_SHOT, question], env=env, cwd=ROOT,
                                    stdout=subprocess.PIPE, stderr=log_file, text=True)
            line = proc.stdout.readline()
            answered = time.perf_counter() - started
            proc.communicate()
            exited = time.perf_counter() - started
        if proc.returncode != 0 or not line:
            raise RuntimeError(f"The cold-start child exited with {proc.returncode}; its log ends:\n"
                               f"{log_path.read_text(errors='replace')[-2000:]}")
        if r == 0:
            continue  # warm-up: the page cache now holds torch and the model, as it would on a used machine
        phases = json.loads(line)
        runs.append({**phases, "first_answer_s": answered, "exit_s": exited,
                     "startup_s": answered - phases["import_s"] - phases["load_s"] - phases["ask_s"]})
    return {key: spread([run[key] for run in runs]) if runs[0][key] is not None else None
            for key in runs[0]} | {"load": [load_before, load()]}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str, timeout: float = 2.0) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, b""


def _post_json(url: str, body: dict, timeout: float = 30.0) -> dict:
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return json.loads(response.read())


def _peak_rss_mb(pid: int) -> float | None:
    """Peak resident memory of the process plus its children (the server's encoder process), in MB."""
    try:
        pids = [pid] + [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
        statuses = [Path(f"/proc/{p}/status").read_text() for p in pids]
    except OSError:
        return None  # not Linux: the figure is left out rather than guessed
    kb = [next((int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM:")), None)
          for status in statuses]
    return sum(kb) / 1024 if None not in kb else None


def _stop(proc: subprocess.Popen) -> None:
    proc.send_signal(signal.SIGINT)  # uvicorn's graceful shutdown
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def serve_app(data_dir: Path, corpus_dir: Path, workdir: Path, items: Sequence[GoldItem], *, repeats: int,
              timeout: float = 180.0) -> dict:
    """``python app.py`` until ``GET /healthz`` is 200, then every gold question over ``POST /api/ask``.

    Returns the time to ready, the HTTP latency of the questions and the server's peak RSS after them,
    or ``{"skipped": reason}`` when there is no ``app.py`` or it never gets ready.
    """
    app = ROOT / "app.py"
    if not app.is_file():
        return {"skipped": "not measured: app.py missing"}
    runs, load_before = [], load()
    for r in range(repeats + 1):
        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        env = child_env(_fresh_copy(data_dir, workdir, f"serve-{r}"), corpus_dir,
                        RAG_HOST="127.0.0.1", RAG_PORT=str(port))
        log_path = workdir / f"serve-{r}.log"
        with open(log_path, "w") as log_file:
            started = time.perf_counter()
            proc = subprocess.Popen([sys.executable, str(app)], env=env, cwd=ROOT, stdout=log_file,
                                    stderr=subprocess.STDOUT)
            try:
                ready = None
                while time.perf_counter() - started < timeout and proc.poll() is None:
                    try:
                        status, body = _get(f"{base}/healthz")
                        if status == 200:
                            ready = time.perf_counter() - started
                            pipeline_s = json.loads(body).get("load_seconds")
                            break
                    except (urllib.error.URLError, ConnectionError, TimeoutError):
                        pass  # not listening yet
                    time.sleep(0.05)
                if ready is None:
                    tail = log_path.read_text(errors="replace")[-1500:]
                    why = "exited" if proc.poll() is not None else f"was not ready within {timeout:.0f} s"
                    return {"skipped": f"not measured: app.py {why}. Log tail:\n{tail}"}
                if r == 0:
                    continue  # warm-up start
                latencies = []
                for item in items:
                    body = {"question": item.question, "history": [t.model_dump() for t in item.history]}
                    t0 = time.perf_counter()
                    try:
                        _post_json(f"{base}/api/ask", body)
                    except urllib.error.HTTPError:
                        pass  # a rejected question (422) is an answer too, and it was timed
                    latencies.append((time.perf_counter() - t0) * 1000)
                runs.append({"ready_s": ready, "pipeline_load_s": pipeline_s,
                             "http_p50_ms": percentile(latencies, 50),
                             "http_p95_ms": percentile(latencies, 95), "peak_rss_mb": _peak_rss_mb(proc.pid)})
            finally:
                _stop(proc)
    result = {}
    for key in runs[0]:
        values = [run[key] for run in runs if run[key] is not None]
        result[key] = spread(values) if values else None
    return result | {"questions": len(items), "load": [load_before, load()]}
