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
	# no --quiet on the two long steps: the first install takes minutes, and pip's progress shows it is working
	$(PY) -m pip install --progress-bar on torch==2.13.0
	$(PY) -m pip install --progress-bar on -e '.[dev]'
	# a real GIFT parser for the quiz export tests; --no-deps: its pinned Markdown<3.1 needs pkg_resources,
	# and it parses with any Markdown 3 (it renders nothing we test)
	$(PY) -m pip install --quiet --no-deps pygiftparser==1.1
	touch $@

ingest: install
	$(VENV)/bin/jiandu ingest || test $$? -eq 1

run: ingest
	@echo "正在启动网页服务,启动完成后会显示访问地址(停止请按 Ctrl+C)。"
	$(PY) app.py

# Extra pytest arguments, e.g. `make test PYTEST_ARGS="tests/web -x"`.
PYTEST_ARGS ?=
PYTEST := $(PY) -m pytest -q -p no:cacheprovider $(PYTEST_ARGS)
# `make test` runs with outbound connections blocked where the machine allows it: a fresh network
# namespace (`unshare --net`, needs root) with only loopback up, so the servers the tests start on
# 127.0.0.1 (app, Chroma, chromedriver) work and anything that phones home fails at once.
# JIANDU_TEST_NETWORK tells the tests which (tests/hardening/test_offline_run.py). OFFLINE=0: as is.
# Installing stays outside the namespace: pip needs the package index.
OFFLINE ?= 1

test: install
	@if [ "$(OFFLINE)" != 1 ]; then why="OFFLINE=$(OFFLINE) given"; \
	elif ! command -v unshare >/dev/null 2>&1; then why="util-linux unshare is not installed"; \
	elif ! command -v ip >/dev/null 2>&1; then why="ip (iproute2) is not installed"; \
	elif ! unshare --net -- ip link set lo up >/dev/null 2>&1; then \
	  why="unshare --net is not permitted here (needs root / CAP_SYS_ADMIN)"; \
	else why=""; fi; \
	if [ -z "$$why" ]; then \
	  echo "make test: outbound connections blocked (unshare --net, loopback only)"; \
	  JIANDU_TEST_NETWORK=blocked exec unshare --net -- sh -c 'ip link set lo up && exec "$$@"' sh $(PYTEST); \
	else \
	  echo "make test: network NOT blocked ($$why); running with the network as it is"; \
	  JIANDU_TEST_NETWORK=open exec $(PYTEST); \
	fi

lint: install
	$(VENV)/bin/ruff check assistant knowledge eval web tests app.py bench
	$(VENV)/bin/mypy assistant knowledge eval web

eval: ingest
	$(VENV)/bin/jiandu eval run --dataset eval/data/gold.jsonl --out eval/runs/latest

bench: install  # bench/speed.py builds its own index in a temporary data dir
	$(PY) bench/speed.py

clean:
	rm -rf $(VENV) data
