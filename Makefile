# The two commands of the README: `make run` and `make test`. Each installs what it needs first.
SWIFT ?= swift
CONFIG ?= Config/naker-exporter.yml
LISTEN ?= 127.0.0.1:6309
BIN := .build/debug/naker-exporter
APT_GET := DEBIAN_FRONTEND=noninteractive apt-get
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# make install: PREFIX and DESTDIR as usual; CONFIGURATION=debug for a debug build.
PREFIX ?= /usr/local
DESTDIR ?=
CONFIGURATION ?= release
SYSCONFDIR ?= /etc
UNITDIR ?= $(PREFIX)/lib/systemd/system
REVISION := $(shell git rev-parse --short=12 HEAD 2>/dev/null)
BRANCH := $(shell git rev-parse --abbrev-ref HEAD 2>/dev/null)
# As Prometheus' tools stamp it; SOURCE_DATE_EPOCH (reproducible builds) wins over the clock.
BUILD_DATE := $(shell date -u -d @$${SOURCE_DATE_EPOCH:-$$(date +%s)} +%Y%m%d-%H:%M:%S)
INSTALL_CONFIG := $(DESTDIR)$(SYSCONFDIR)/naker-exporter
DOCDIR := $(DESTDIR)$(PREFIX)/share/doc/naker-exporter
MANDIR ?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR ?= $(PREFIX)/share/zsh/vendor-completions
FISHCOMPDIR ?= $(PREFIX)/share/fish/vendor_completions.d
MAN_DATE := $(shell date -u -d @$${SOURCE_DATE_EPOCH:-$$(date +%s)} +%Y-%m-%d)

.PHONY: run test deps test-deps build lint format clean install uninstall

# Starts the daemon on the sample config: http://127.0.0.1:6309 (Ctrl-C stops it).
run: deps build
	$(BIN) serve --config.file=$(CONFIG) --web.listen-address=$(LISTEN) --web.enable-lifecycle --storage.path=data

test: deps test-deps lint
	@# Every import is declared in Package.swift, and no module reaches one further out.
	scripts/check-imports
	@# Our own code builds without warnings (dependencies' warnings are not ours to fix).
	@$(SWIFT) build --build-tests > .build-warnings.log 2>&1; status=$$?; cat .build-warnings.log; \
	  [ $$status = 0 ] || exit $$status; \
	  ! grep -E '^$(CURDIR)/(Sources|Tests)/.*warning:' .build-warnings.log || { echo "fix the warnings above"; exit 1; }
	@# The man page generator `make install` uses, built now: a test cannot build while swift test runs.
	$(SWIFT) build --product generate-manual
	@# The benchmark scripts still work end to end (small data; the full suite is `make bench`).
	$(MAKE) bench-smoke
	$(MAKE) fuzz-smoke
	@# In-process suites first, then the ones that run the built binary: those block their test
	@# threads while they wait for a process, which would starve the async suites' tasks.
	@# PostgreSQL 15 and MariaDB 10.11 run for the tests on loopback ports of their own, with a
	@# read-only account (scripts/test-databases), and are stopped however the tests end.
	@db=$$(mktemp -u /tmp/naker-test-db.XXXXXX); scripts/test-databases start $$db > /dev/null && \
	  trap 'scripts/test-databases stop '$$db EXIT && \
	  NAKER_TEST_DATABASES=$$db $(SWIFT) test --skip-build --skip NakerExporterTests && \
	  NAKER_TEST_DATABASES=$$db $(SWIFT) test --skip-build --filter NakerExporterTests

build:
	$(SWIFT) build

# Debian packages: libcurl and zlib headers for the CCurl and CGzip targets (ZIPFoundation links
# the same zlib), and the database clients of the CLibPQ, CMariaDB and CSQLite targets.
deps:
	@pkg-config --exists libcurl zlib libpq libmariadb sqlite3 || { $(SUDO) $(APT_GET) update -qq && \
	  $(SUDO) $(APT_GET) install -y -qq pkg-config libcurl4-openssl-dev zlib1g-dev libpq-dev libmariadb-dev \
	  libsqlite3-dev; }

# Real Prometheus tooling and the Python client the tests check the exposition with.
test-deps:
	@{ command -v promtool && command -v prometheus && command -v curl && command -v systemd-analyze \
	  && command -v openssl && command -v prlimit && command -v prometheus-alertmanager \
	  && command -v chromium && command -v pdfinfo; } >/dev/null || \
	  { $(SUDO) $(APT_GET) update -qq && $(SUDO) $(APT_GET) install -y -qq prometheus prometheus-alertmanager curl systemd \
	    openssl util-linux chromium poppler-utils fonts-dejavu-core; }
	@python3 -c 'import prometheus_client' 2>/dev/null || python3 -m pip install -q prometheus-client
	@# Two spreadsheet writers that are not ours, for the workbook fixtures the tests generate.
	@python3 -c 'import openpyxl, xlsxwriter' 2>/dev/null || python3 -m pip install -q openpyxl xlsxwriter
	@# Password hashes for the web config tests, made by a bcrypt that is not ours.
	@python3 -c 'import bcrypt' 2>/dev/null || python3 -m pip install -q bcrypt
	@# The status API's documents are checked against their JSON Schema by a validator not ours.
	@python3 -c 'import jsonschema' 2>/dev/null || python3 -m pip install -q jsonschema
	@# The database servers the sql: source tests read (installed, not started: `test` starts them).
	scripts/test-databases install

lint:
	$(SWIFT) format lint --strict -r Sources Tests Fuzz Package.swift

format:
	$(SWIFT) format -i -r Sources Tests Fuzz Package.swift

clean:
	rm -rf .build

# BINARY=path installs an already built binary instead of building one (the tests do, since
# `swift test` holds the build directory's lock).
install: deps
ifeq ($(BINARY),)
	$(SWIFT) build -c $(CONFIGURATION) -Xcc -DNAKER_REVISION='"$(REVISION)"' -Xcc -DNAKER_BRANCH='"$(BRANCH)"' \
	  -Xcc -DNAKER_BUILD_DATE='"$(BUILD_DATE)"' --product naker-exporter
	install -D -m 0755 "$$($(SWIFT) build -c $(CONFIGURATION) --show-bin-path)/naker-exporter" $(DESTDIR)$(PREFIX)/bin/naker-exporter
else
	install -D -m 0755 $(BINARY) $(DESTDIR)$(PREFIX)/bin/naker-exporter
endif
	@# The man page and the shell completions, generated from the command's own help
	@# (swift-argument-parser's manual generator; MANUAL_TOOL= names one already built).
ifeq ($(MANUAL_TOOL),)
	$(SWIFT) build --product generate-manual
endif
	install -d $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR) $(DESTDIR)$(FISHCOMPDIR)
	"$(or $(MANUAL_TOOL),$$($(SWIFT) build --show-bin-path)/generate-manual)" $(DESTDIR)$(PREFIX)/bin/naker-exporter \
	  --date $(MAN_DATE) --output-directory $(DESTDIR)$(MANDIR)/man1
	chmod 0644 $(DESTDIR)$(MANDIR)/man1/naker-exporter.1
	$(DESTDIR)$(PREFIX)/bin/naker-exporter --generate-completion-script bash > $(DESTDIR)$(BASHCOMPDIR)/naker-exporter
	$(DESTDIR)$(PREFIX)/bin/naker-exporter --generate-completion-script zsh > $(DESTDIR)$(ZSHCOMPDIR)/_naker-exporter
	$(DESTDIR)$(PREFIX)/bin/naker-exporter --generate-completion-script fish > $(DESTDIR)$(FISHCOMPDIR)/naker-exporter.fish
	sed 's|/usr/local/bin/naker-exporter|$(PREFIX)/bin/naker-exporter|; s|/usr/local/share/doc|$(PREFIX)/share/doc|g; s|/etc/default/|$(SYSCONFDIR)/default/|' \
	  systemd/naker-exporter.service | install -D -m 0644 /dev/stdin $(DESTDIR)$(UNITDIR)/naker-exporter.service
	@# The operator's flags (ARGS); kept once it exists, like the config.
	[ -e $(DESTDIR)$(SYSCONFDIR)/default/naker-exporter ] || \
	  install -D -m 0644 systemd/naker-exporter.default $(DESTDIR)$(SYSCONFDIR)/default/naker-exporter
	@# An edited config is never overwritten; the shipped one is always there to compare with.
	install -d -m 0755 $(INSTALL_CONFIG) $(INSTALL_CONFIG)/templates $(INSTALL_CONFIG)/sample
	install -d -m 0700 $(INSTALL_CONFIG)/credentials
	[ -e $(INSTALL_CONFIG)/naker-exporter.yml ] || install -m 0644 Config/naker-exporter.yml $(INSTALL_CONFIG)/naker-exporter.yml
	install -m 0644 Config/naker-exporter.yml $(INSTALL_CONFIG)/naker-exporter.yml.dist
	install -m 0644 Config/templates/* $(INSTALL_CONFIG)/templates/
	install -m 0644 Config/sample/*.csv $(INSTALL_CONFIG)/sample/
	install -D -m 0644 README.md $(DOCDIR)/README.md
	install -D -m 0644 -t $(DOCDIR)/docs docs/*.md
	install -m 0644 Config/sample/README.md $(DOCDIR)/sample-data.md
	install -D -m 0644 -t $(DOCDIR)/prometheus Config/prometheus/*.yml
	install -D -m 0644 -t $(DOCDIR)/grafana Config/grafana/naker-exporter.json
	sed 's|/usr/share/doc/|$(PREFIX)/share/doc/|' Config/grafana/provisioning.yml \
	  | install -D -m 0644 /dev/stdin $(DOCDIR)/grafana/provisioning.yml

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/naker-exporter $(DESTDIR)$(UNITDIR)/naker-exporter.service
	rm -f $(DESTDIR)$(MANDIR)/man1/naker-exporter.1 $(DESTDIR)$(BASHCOMPDIR)/naker-exporter \
	  $(DESTDIR)$(ZSHCOMPDIR)/_naker-exporter $(DESTDIR)$(FISHCOMPDIR)/naker-exporter.fish
	rm -rf $(DOCDIR)
	@echo "kept $(INSTALL_CONFIG) (your config and credentials) and /var/lib/naker-exporter (state); remove them by hand if wanted"

# ---------------------------------------------------------------------------------------------
# Benchmarks (Benchmarks/, results in BENCHMARKS.md). `make bench` is not run by CI.
#   make bench        the full suite against DuckDB, query-exporter, node_exporter and nginx
#                     (5 min on 2 cores with the data generated, ~11 min from clean;
#                     release build in its own scratch path; the generated data is kept
#                     under $(BENCH_SCRATCH)/data and reused)
#   make bench-smoke  the same scripts on small data with the debug binary of `make test`
#                     (under 1 min; `make test` runs it); exits non-zero when a step breaks
#                     or the numbers disagree
# Both install the peers they lack first (apt-get: wrk nginx prometheus-node-exporter sqlite3;
# pip: duckdb query-exporter prometheus-client). BENCH_ARGS passes options to run.py, e.g.
# BENCH_ARGS="--sections recalc,series --reps 5".
PYTHON ?= python3
BENCH_SCRATCH ?= .build-bench
BENCH_ARGS ?=
# BEFORE=path/to/an/earlier/naker-exporter runs that binary alternately with this one (before -> after).
BEFORE ?=

.PHONY: bench bench-smoke

bench: deps
	$(SWIFT) build -c release --scratch-path $(BENCH_SCRATCH) --product naker-exporter
	$(PYTHON) Benchmarks/run.py --binary $(BENCH_SCRATCH)/release/naker-exporter $(if $(BEFORE),--before $(BEFORE)) $(BENCH_ARGS)

bench-smoke: deps
	@[ -x $(BIN) ] || $(SWIFT) build --product naker-exporter
	$(PYTHON) Benchmarks/run.py --smoke --binary $(BIN) $(BENCH_ARGS)

# ---------------------------------------------------------------------------------------------
# Fuzzing (Fuzz/, Fuzz/README.md): libFuzzer targets built with AddressSanitizer into their own
# scratch path (NAKER_FUZZ=1 declares them in Package.swift). `make fuzz` is not run by CI.
#   make fuzz         builds the targets (~3 min from clean), runs each once over its saved crashes
#                     (Fuzz/regressions/<target>/), then fuzzes each for FUZZ_SECONDS on a copy of
#                     its seed corpus under $(FUZZ_SCRATCH)/corpus; prints executions and coverage
#                     per target and fails on any crash (new ones are saved as regressions)
#   make fuzz-smoke   the same for 20 s per target (`make test` runs it)
# FUZZ_TARGETS="csv config" runs some of them; FUZZ_ARGS passes libFuzzer options, e.g. "-fork=2".
FUZZ_SECONDS ?= 600
FUZZ_SCRATCH ?= .build-fuzz

.PHONY: fuzz fuzz-smoke

fuzz: deps
	SWIFT="$(SWIFT)" FUZZ_SCRATCH=$(FUZZ_SCRATCH) FUZZ_SECONDS=$(FUZZ_SECONDS) bash Fuzz/run.sh

fuzz-smoke:
	$(MAKE) fuzz FUZZ_SECONDS=20
