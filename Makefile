# The README's commands: `make play`, `make train` and `make test`. Each sets everything up first.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
# The browser tests drive Debian's Chromium (Playwright never downloads a browser here).
CHROMIUM := /usr/bin/chromium

.PHONY: setup play train test bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

$(CHROMIUM):
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium

setup: $(STAMP)

play: $(STAMP)
	$(VENV)/bin/neuralab play

train: $(STAMP)
	$(VENV)/bin/neuralab train

test: $(STAMP) $(CHROMIUM)
	$(PY) -m pytest -q

bench: $(STAMP)
	$(PY) benchmarks/dense_vs_torch.py
	$(PY) benchmarks/digits_vs_sklearn.py

clean:
	rm -rf $(VENV) neuralab.egg-info .pytest_cache
