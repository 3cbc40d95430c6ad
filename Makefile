# Two commands for a new user: `make letters` and `make test`.
# Both set up what is missing first: Debian packages (LibreOffice, Thai fonts,
# poppler) when run as root, a virtual environment in .venv, the Python packages.

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
READY := $(VENV)/.ready
TEST_READY := $(VENV)/.ready-test
SERVER_READY := $(VENV)/.ready-server
# Exact versions with their hashes, so a new library release never changes a fresh clone's output:
# requirements.lock for the letters, requirements-results.lock adds the results' charts (make results, make bench),
# requirements-server.lock the office server's (make serve), requirements-test.lock the tests' (the server's and the
# charts' included). `make lock` refreshes all four.
LOCK := requirements.lock
RESULTS_LOCK := requirements-results.lock
RESULTS_READY := $(VENV)/.ready-results
SERVER_LOCK := requirements-server.lock
TEST_LOCK := requirements-test.lock
# --no-compile: pip byte-compiles every module of every package it installs (12 of the 33 s a fresh clone's
# packages took); Python compiles, once, only the modules a command imports
PIP := $(PY) -m pip install -q --disable-pip-version-check --no-compile
# ... and keeps them (in .venv and __pycache__/): a machine that sets PYTHONDONTWRITEBYTECODE, as many containers do,
# had every command compile its modules again: a round's `make letters` took 5.8–6.0 s, now 3.8 s (docs/speed.md)
unexport PYTHONDONTWRITEBYTECODE
# The real TH SarabunPSK / TH Sarabun New (generator/base/fonts.py): fetched once; while
# missing (offline), every run tries again and the PDFs use a scaled stand-in.
SARABUN := .cache/fonts/sarabun/THSarabun/THSarabun-Regular.ttf
ROUND ?=
REISSUE ?=
FROM ?=
TO ?=
PORT ?= 8000
HOST ?= 127.0.0.1

export PYTHAINLP_OFFLINE := 1
export PYTHAINLP_DATA := $(CURDIR)/.cache/pythainlp-data

# Debian packages. Letters (make letters, print, check …): LibreOffice Writer and its
# Python bridge for PDF, Thai fonts, fontconfig, poppler (pdftoppm, pdftotext, pdffonts);
# python3-venv too when Python lacks venv. The tests add LibreOffice Calc (a results
# workbook printed to PDF) and chromium (the preview page opened in a browser).
LETTERS_PACKAGES := libreoffice-writer-nogui python3-uno fonts-thai-tlwg fonts-dejavu-core fontconfig poppler-utils
TEST_PACKAGES := libreoffice-calc-nogui chromium
PACKAGES ?= $(LETTERS_PACKAGES)

.PHONY: help setup lock system-packages letters print bench profile check new-round test rounds register results serve bench-serve clean

help:
	@echo "make letters [ROUND=<round>|all]   สร้างเอกสารของรอบ / make a round's documents (default: the sample round)"
	@echo "make print [ROUND=<round>|all]     เอกสาร + PDF + ชุดพิมพ์รวม / documents, PDFs and the print bundle"
	@echo "make check [ROUND=<round>|all]     ตรวจข้อมูล / validate a round"
	@echo "make results [ROUND=<round>]       อ่านแบบรายงานที่ส่งกลับ คิดคะแนน สรุปผล / read returned forms, score, summarise"
	@echo "make new-round FROM=<round> TO=<round>   เริ่มรอบใหม่จากรอบเดิม / start a round from another"
	@echo "make test                          ทดสอบทั้งหมด / run the tests"
	@echo "make bench                         วัดความเร็ว / measure speed and memory on a synthetic national round"
	@echo "make profile                       ดูว่าเวลาหมดไปที่ใด / where the batch's and a no-change command's time goes"
	@echo "make rounds                        รายชื่อรอบ / list the rounds"
	@echo "make lock                          ปรับรุ่นแพ็กเกจ Python ที่ล็อกไว้ / refresh the pinned Python package versions (then make test)"
	@echo "make serve [HOST=...] [PORT=8000]  เซิร์ฟเวอร์ของสำนักงาน / the office server: edit, print, register in a browser"
	@echo "make bench-serve                   20 ผู้ใช้จำลองบนเซิร์ฟเวอร์ / 20 simulated staff on the office server, p95s"
	@echo "make register ARGS='list'          ทะเบียนหนังสือส่ง / the letter register (list, show, issue, void, export, print, backup, start)"

setup: $(READY) $(SARABUN)

system-packages:
	@missing=""; \
	$(PYTHON) -c "import ensurepip, venv" 2>/dev/null || missing="python3-venv"; \
	for pkg in $(PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$pkg 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$pkg"; \
	done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if ! command -v dpkg-query >/dev/null; then echo "ไม่ใช่ระบบ Debian: ข้ามการติดตั้งแพ็กเกจระบบ / not Debian: skipping system packages"; exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "ติดตั้งแพ็กเกจระบบ / installing Debian packages:$$missing"; \
	  export DEBIAN_FRONTEND=noninteractive; \
	  apt-get update -qq && apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	else \
	  echo "ขาดแพ็กเกจ / missing packages:$$missing"; \
	  echo "ติดตั้งด้วย / install with: sudo apt-get install$$missing"; \
	fi

$(READY): pyproject.toml $(LOCK)
	@$(MAKE) --no-print-directory system-packages
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@echo "ติดตั้งแพ็กเกจ Python ตามรุ่นใน $(LOCK) / installing the Python packages $(LOCK) names into $(VENV)"
	@$(PIP) --require-hashes --no-deps --only-binary :all: -r $(LOCK)
	@$(PIP) --no-deps -e .
	@touch $@

$(TEST_READY): $(READY) $(TEST_LOCK)
	@$(PIP) --require-hashes --no-deps --only-binary :all: -r $(TEST_LOCK)
	@touch $@

$(RESULTS_READY): $(READY) $(RESULTS_LOCK)
	@$(PIP) --require-hashes --no-deps --only-binary :all: -r $(RESULTS_LOCK)
	@touch $@

$(SERVER_READY): $(READY) $(SERVER_LOCK)
	@$(PIP) --require-hashes --no-deps --only-binary :all: -r $(SERVER_LOCK)
	@touch $@

# Refresh the lock files from pyproject.toml (the newest versions it allows), then run `make test`.
lock:
	@test -x .cache/lock-tool/bin/pip-compile || { $(PYTHON) -m venv .cache/lock-tool && .cache/lock-tool/bin/pip install -q pip-tools; }
	@.cache/lock-tool/bin/pip-compile -q --upgrade --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links -o $(LOCK) pyproject.toml
	@.cache/lock-tool/bin/pip-compile -q --upgrade --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links --extra test -c $(LOCK) -o $(TEST_LOCK) pyproject.toml
	@.cache/lock-tool/bin/pip-compile -q --upgrade --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links --extra results -c $(TEST_LOCK) -o $(RESULTS_LOCK) pyproject.toml
	@.cache/lock-tool/bin/pip-compile -q --upgrade --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links --extra server -c $(TEST_LOCK) -o $(SERVER_LOCK) pyproject.toml

$(SARABUN): | $(READY)
	@$(PY) -m generator.base.fonts

letters: $(READY) $(SARABUN)
	@$(PY) -m generator letters $(ROUND) $(if $(REISSUE),--reissue "$(REISSUE)")

print: $(READY) $(SARABUN)
	@$(PY) -m generator print $(ROUND) $(if $(REISSUE),--reissue "$(REISSUE)")

check: $(READY)
	@$(PY) -m generator check $(ROUND)

results: $(RESULTS_READY) $(SARABUN)
	@$(PY) -m generator results $(ROUND)

new-round: $(READY)
	@$(PY) -m generator new-round $(FROM) $(TO)

register: $(READY)
	@$(PY) -m generator register $(ARGS)

bench: $(RESULTS_READY) $(SARABUN)
	@$(PY) -m generator.bench

profile: $(READY)
	@$(PY) -m generator.bench --profile

serve: $(SERVER_READY) $(SARABUN)
	@$(PY) -m generator.server --host "$(HOST)" --port "$(PORT)"

bench-serve: $(SERVER_READY) $(SARABUN)
	@$(PY) -m generator.server.bench

rounds: $(READY)
	@$(PY) -m generator rounds

test: $(TEST_READY) $(SARABUN)
	@$(MAKE) --no-print-directory system-packages PACKAGES="$(TEST_PACKAGES)"
	@$(PY) -m pytest -q

clean:
	rm -rf output/* .cache
