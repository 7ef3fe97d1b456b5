# Two commands for a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000

.PHONY: run test lint format check browser pdf video benchmark loadtest messages

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(BIN)/activate
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.test: requirements.txt requirements-test.txt | $(BIN)/activate
	$(BIN)/pip install --quiet -r requirements-test.txt
	touch $@ $(VENV)/.runtime

## Install, migrate, load the demo content and serve it on http://127.0.0.1:$(PORT)
run: $(VENV)/.runtime pdf video
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py load_demo
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

## Install and run the whole suite (DATABASE_URL picks PostgreSQL; SQLite otherwise), in
## TEST_WORKERS processes (pytest-xdist), each test file whole in one of them
TEST_WORKERS ?= 2
test: $(VENV)/.test browser pdf video
	$(BIN)/pytest --numprocesses $(TEST_WORKERS) --dist loadfile

## Debian's chromium for the browser tests (installed when missing and apt is at hand)
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null; \
	  else echo "chromium is missing: browser tests will be skipped (install Debian's chromium)"; fi; }

## Debian's Pango (WeasyPrint shapes Tibetan with it), the Noto fonts of the certificates,
## and poppler-utils (the tests read the PDFs back); installed when missing and apt is at hand
PDF_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 fontconfig fonts-noto-cjk fonts-noto-core poppler-utils
pdf:
	@dpkg -s $(PDF_PACKAGES) >/dev/null 2>&1 || { \
	  if command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(PDF_PACKAGES) >/dev/null; \
	  else echo "missing some of $(PDF_PACKAGES): certificates cannot be rendered (install them with apt)"; fi; }

## Debian's ffmpeg: the smaller copies of uploaded videos (courses/videos.py) and the tests
## that make them; installed when missing and apt is at hand
VIDEO_PACKAGES := ffmpeg
video:
	@{ command -v ffmpeg && command -v ffprobe; } >/dev/null 2>&1 || { \
	  if command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(VIDEO_PACKAGES) >/dev/null; \
	  else echo "ffmpeg is missing: uploaded videos get no smaller copies and their tests are skipped (install Debian's ffmpeg)"; fi; }

lint: $(VENV)/.test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.test
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## The load test (give DATABASE_URL for PostgreSQL): 200 trainees and 20 staff for 5 minutes,
## then twice as many people, and so on until it breaks
loadtest: $(VENV)/.test
	$(BIN)/python manage.py load_test --double

benchmark: $(VENV)/.test
	$(BIN)/python manage.py benchmark_lessons
	$(BIN)/python manage.py benchmark_certificates --count 1000
	$(BIN)/python manage.py benchmark_roster
	$(BIN)/python manage.py benchmark_areas
	$(BIN)/python manage.py benchmark_incubator
	$(BIN)/python manage.py benchmark_sales_import

## Refresh the translation catalogues after changing interface strings
messages: $(VENV)/.test
	$(BIN)/python manage.py makemessages -l zh_Hans -l bo -l en --ignore=.venv --ignore=tests --no-obsolete
	$(BIN)/python manage.py compilemessages --ignore=.venv
