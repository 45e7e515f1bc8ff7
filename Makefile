# The task runner that README and CI call verbatim.
VENV ?= .venv
PY := $(VENV)/bin/python
AG := $(VENV)/bin/akteursgraph
HOST ?= 127.0.0.1
PORT ?= 5000
ASSETS := webapp/assets
VENDOR := webapp/static/vendor
YASGUI_BUILD := $(ASSETS)/node_modules/@zazuko/yasgui/build
KERN_DIST := $(ASSETS)/node_modules/@kern-ux/native/dist

.PHONY: setup bytecode assets browser run test lint example compiled-shapes bench clean translations translations-compiled

setup: $(VENV)/.installed assets translations-compiled bytecode

## bytecode: the package's modules compiled once (only those changed since). Where the
## environment sets PYTHONDONTWRITEBYTECODE (as on the machine where this was measured),
## every `akteursgraph` process otherwise compiles its ~190 modules anew: 0.9 s of the 1.9 s
## `akteursgraph --help` took; the test suite, which starts many such processes, took
## 13:19-14:55 instead of 15:01-15:16
bytecode: $(VENV)/.installed
	$(PY) -m compileall -q graph webapp

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

## assets: the front-end libraries (the query editor's, the map's, the network picture's with
## its layout fcose and the two libraries fcose builds on, and
## KERN UX, the workspace's design system, with its fonts), from the npm registry (pinned by
## the lock file), copied into webapp/static/vendor/; redone only when package-lock.json changes
assets: $(VENDOR)/.installed

$(VENDOR)/.installed: $(ASSETS)/package-lock.json
	cd $(ASSETS) && npm ci --no-audit --no-fund --ignore-scripts
	rm -rf $(VENDOR)
	mkdir -p $(VENDOR)
	cp $(YASGUI_BUILD)/yasgui.min.js $(YASGUI_BUILD)/yasgui.min.css $(VENDOR)/
	mkdir -p $(VENDOR)/leaflet
	cp -r $(ASSETS)/node_modules/leaflet/dist/leaflet.js $(ASSETS)/node_modules/leaflet/dist/leaflet.css \
	      $(ASSETS)/node_modules/leaflet/dist/images $(VENDOR)/leaflet/
	cp $(ASSETS)/node_modules/cytoscape/dist/cytoscape.min.js $(VENDOR)/
	cp $(ASSETS)/node_modules/layout-base/layout-base.js $(ASSETS)/node_modules/cose-base/cose-base.js \
	   $(ASSETS)/node_modules/cytoscape-fcose/cytoscape-fcose.js $(VENDOR)/
	mkdir -p $(VENDOR)/kern/fonts/fira-sans
	cp $(KERN_DIST)/kern.min.css $(ASSETS)/node_modules/@kern-ux/native/LICENSE.md $(VENDOR)/kern/
	cp $(KERN_DIST)/fonts/fira-sans.css $(VENDOR)/kern/fonts/
	cp $(KERN_DIST)/fonts/fira-sans/*.woff2 $(VENDOR)/kern/fonts/fira-sans/
	touch $@

## run: set up, load the shipped example data into the embedded store (once) and serve it
run: setup
	$(AG) init --example --if-missing
	$(AG) serve --host $(HOST) --port $(PORT)

## translations-compiled: the interface's gettext catalogues (.po -> .mo)
MO := webapp/translations/de/LC_MESSAGES/messages.mo
translations-compiled: $(MO)

$(MO): webapp/translations/de/LC_MESSAGES/messages.po $(VENV)/.installed
	$(VENV)/bin/pybabel compile -d webapp/translations

## translations: re-extract the interface strings and merge tools/translations_de.py
translations: setup
	$(PY) tools/update_translations.py

## browser: Debian's chromium and chromium-driver for the browser tests (tests/browser/);
## installed with apt-get only when /usr/bin/chromium or /usr/bin/chromedriver is missing
browser:
	bash tools/install-browser.sh

## test: set up (with the browser), check the layers and the lint, run the whole test suite
test: setup browser lint
	$(PY) -m pytest -n auto --dist loadfile

## lint: ruff (its checks and its formatting), and the layers as import-linter contracts (pyproject.toml [tool.importlinter])
lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache

## example: regenerate the fictional part of the example data (deterministic)
example: setup
	$(PY) tools/make_example.py

## compiled-shapes: after a change to the shapes, the vocabulary, the compiler
## (graph/shacl_sparql.py) or the checks' code (graph/shacl_checks.py), write
## graph/data/compiled-checks.json and constraint-reads.json again, so that no writing process
## compiles or parses them when it starts (tests say when)
compiled-shapes: setup
	$(PY) -m akteursgraph.compiled_checks

## bench: generate synthetic districts (about 100k and 1M triples; 10M for loading only), measure each workload next to its
## baselines and write docs/benchmarks.md with plots (docs/benchmarks/*.png). Virtuoso, the gallery's baseline, is Debian's
## virtuoso-opensource-7-bin (server and isql only: the virtuoso-opensource package would also start a system service);
## the benchmark runs its own instance, and without it says so in the report and goes on
bench: setup
	$(PY) -m pip install -q -e '.[bench]'
	command -v wrk >/dev/null || tools/install-debian-packages.sh wrk
	command -v virtuoso-t >/dev/null || tools/install-debian-packages.sh virtuoso-opensource-7-bin \
	  || echo "bench: Virtuoso not installed; the report will say so" >&2
	$(VENV)/bin/akteursgraph bench run --scale 1 --scale 10
	$(VENV)/bin/akteursgraph bench run --scale 100 --load-only --pyshacl-limit 0

clean:
	rm -rf $(VENV) .pytest_cache build dist $(ASSETS)/node_modules $(VENDOR)
