# The task runner that README and CI call verbatim.
VENV ?= .venv
PY := $(VENV)/bin/python
AG := $(VENV)/bin/akteursgraph
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: setup run test lint example clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

## run: set up, load the shipped example data into the embedded store (once) and serve it
run: setup
	$(AG) init --example --if-missing
	$(AG) serve --host $(HOST) --port $(PORT)

## test: set up and run the whole test suite
test: setup
	$(PY) -m pytest

lint: setup
	$(VENV)/bin/ruff check .

## example: regenerate the fictional part of the example data (deterministic)
example: setup
	$(PY) tools/make_example.py

clean:
	rm -rf $(VENV) .pytest_cache build dist
