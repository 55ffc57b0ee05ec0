# The two set-up commands are `make demo` and `make test`. On a fresh Debian 12 machine
# (as root) each installs what is missing: Debian packages with apt-get, Python packages
# into .venv from the committed lock file (requirements.lock).
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# The Debian packages: those every kiosk needs (deploy/packages/kiosk.txt, which the Ansible
# playbook installs too) and those of development and the tests (deploy/packages/development.txt).
APT_PACKAGES := $(shell sed -e 's/\#.*//' deploy/packages/kiosk.txt deploy/packages/development.txt)
QM := ui/i18n/kiosk_en.qm

.PHONY: help setup bytecode demo tour test check lint format bench fuzz lock clean fleet alerts-screenshot

help:
	@echo "make demo   - run the kiosk with simulated devices and a local portal"
	@echo "make test   - install what is missing, then lint and run the whole test suite"
	@echo "make tour   - save a picture of every screen to tour/"
	@echo "make check  - format check, ruff, mypy, import contracts, tests"
	@echo "make bench  - measure speed and memory (writes bench-results.json)"
	@echo "make lock   - re-resolve requirements.lock from pyproject.toml"
	@echo "make fuzz   - every parser fuzzed at length (tests/fuzz, the long Hypothesis profile)"
	@echo "make fleet  - watch 1,000 simulated kiosks in Prometheus and Alertmanager (loopback)"
	@echo "make alerts-screenshot - the README's picture of a simulated fleet's alerts (Chromium)"

setup: .stamp-apt .stamp-venv $(QM)

# Installs only what dpkg says is missing, so a second run costs nothing.
.stamp-apt: deploy/packages/kiosk.txt deploy/packages/development.txt
	@missing=""; \
	for p in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	$(PYTHON) -c "import ensurepip" 2>/dev/null || missing="$$missing python3-venv"; \
	$(PYTHON) -c "import sysconfig,os,sys; sys.exit(not os.path.exists(sysconfig.get_paths()['include']+'/Python.h'))" \
	  || missing="$$missing python3-dev"; \
	if [ -n "$$missing" ]; then \
	  echo "apt-get install:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi
	@touch $@

.stamp-venv: requirements.lock pyproject.toml | .stamp-apt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check -r requirements.lock
	$(BIN)/pip install -q --disable-pip-version-check --no-deps -e .
	@touch $@

$(QM): ui/i18n/kiosk_en.ts .stamp-venv
	$(BIN)/pyside6-lrelease -silent $< -qm $@

# The kiosk's own modules, compiled once as an installed package's are: without it (and
# with PYTHONDONTWRITEBYTECODE set, as on some machines) every start compiles them again.
bytecode: setup
	$(BIN)/python -m compileall -q kiosk hardware sync ui

demo: bytecode
	$(BIN)/kiosk demo

tour: bytecode
	$(BIN)/kiosk tour tour

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

test: lint
	QT_QPA_PLATFORM=offscreen $(BIN)/pytest -q

check: test

format: setup
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: bytecode
	@test -f tests/bench/__main__.py || { echo "make bench: no benchmark suite yet (see the open benchmark issue)"; exit 1; }
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m tests.bench

# Resolve the newest versions pyproject.toml allows into a fresh venv and pin them.
lock:
	rm -rf .venv-lock && $(PYTHON) -m venv .venv-lock
	.venv-lock/bin/pip install -q --upgrade pip
	.venv-lock/bin/pip install -q ".[dev]"
	.venv-lock/bin/pip freeze --exclude hanoi-lobby-kiosk | sort -f > requirements.lock
	rm -rf .venv-lock

clean:
	rm -rf $(VENV) .stamp-* .demo tour $(QM) *.egg-info

# Operators: a simulated fleet in a real Prometheus and Alertmanager (deploy/monitoring/README.md).
fleet: setup
	deploy/monitoring/watch-simulated-fleet --fast

# Headless Chromium takes the picture; it is needed only here, so only here is it installed.
alerts-screenshot: setup
	@dpkg-query -W -f='$${Status}' chromium 2>/dev/null | grep -q "install ok installed" || \
	  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium; }
	deploy/monitoring/screenshot-alerts deploy/monitoring/alerts.png

# The fuzzers of tests/fuzz at length (make test runs them on a small fixed budget).
fuzz: setup
	KIOSK_FUZZ_PROFILE=long QT_QPA_PLATFORM=offscreen $(BIN)/pytest tests/fuzz -q
