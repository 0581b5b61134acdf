# Two commands on a fresh machine: `make run` and `make test`. `make install` installs only.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export ANONYMIZED_TELEMETRY := False
export GRADIO_ANALYTICS_ENABLED := False

.PHONY: install run ingest test lint bench eval clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	# torch first, pinned: this version is a CPU build on the machine's disk; anything else downloads GBs.
	$(PY) -m pip install --quiet torch==2.13.0
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

ingest: install
	$(VENV)/bin/jiandu ingest || test $$? -eq 1

run: ingest
	$(PY) app.py

test: install
	$(PY) -m pytest -q -p no:cacheprovider

lint: install
	$(VENV)/bin/ruff check assistant knowledge eval tests app.py
	$(VENV)/bin/mypy assistant knowledge eval

eval: ingest
	$(VENV)/bin/jiandu eval run --dataset eval/data/gold.jsonl --out eval/runs/latest

bench: ingest
	$(PY) bench/query_speed.py

clean:
	rm -rf $(VENV) data
