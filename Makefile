# The two commands of the README: `make run` and `make test`. Each installs what it needs first.
SWIFT ?= swift
CONFIG ?= Config/naker-exporter.yml
LISTEN ?= 127.0.0.1:6309
BIN := .build/debug/naker-exporter
APT_GET := DEBIAN_FRONTEND=noninteractive apt-get
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test deps test-deps build lint check-unit format clean

# Starts the daemon on the sample config: http://127.0.0.1:6309 (Ctrl-C stops it).
run: deps build
	$(BIN) serve --config.file=$(CONFIG) --web.listen-address=$(LISTEN) --web.enable-lifecycle --storage.path=data

test: deps test-deps lint
	@# Our own code builds without warnings (dependencies' warnings are not ours to fix).
	@$(SWIFT) build --build-tests > .build-warnings.log 2>&1; status=$$?; cat .build-warnings.log; \
	  [ $$status = 0 ] || exit $$status; \
	  ! grep -E '^$(CURDIR)/(Sources|Tests)/.*warning:' .build-warnings.log || { echo "fix the warnings above"; exit 1; }
	$(SWIFT) test --skip-build

build:
	$(SWIFT) build

# Debian packages: libcurl and zlib headers for the CCurl and CZlib targets.
deps:
	@pkg-config --exists libcurl zlib || { $(SUDO) $(APT_GET) update -qq && \
	  $(SUDO) $(APT_GET) install -y -qq pkg-config libcurl4-openssl-dev zlib1g-dev; }

# Real Prometheus tooling and the Python client the tests check the exposition with.
test-deps:
	@{ command -v promtool && command -v prometheus && command -v curl; } >/dev/null || \
	  { $(SUDO) $(APT_GET) update -qq && $(SUDO) $(APT_GET) install -y -qq prometheus curl; }
	@python3 -c 'import prometheus_client' 2>/dev/null || python3 -m pip install -q prometheus-client

lint:
	$(SWIFT) format lint --strict -r Sources Tests Package.swift

format:
	$(SWIFT) format -i -r Sources Tests Package.swift

clean:
	rm -rf .build
