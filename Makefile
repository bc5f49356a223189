# The two commands of the README: `make run` and `make test`. Each installs what it needs first.
SWIFT ?= swift
CONFIG ?= Config/naker-exporter.yml
BIN := .build/debug/naker-exporter
APT_GET := DEBIAN_FRONTEND=noninteractive apt-get
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test deps test-deps build lint check-unit format clean

run: deps build
	$(BIN) once --config.file=$(CONFIG)

test: deps test-deps lint
	@# Our own code builds without warnings (dependencies' warnings are not ours to fix).
	@$(SWIFT) build --build-tests > .build-warnings.log 2>&1; status=$$?; cat .build-warnings.log; \
	  [ $$status = 0 ] || exit $$status; \
	  ! grep -E '^$(CURDIR)/(Sources|Tests)/.*warning:' .build-warnings.log || { echo "fix the warnings above"; exit 1; }
	$(SWIFT) test --skip-build

build:
	$(SWIFT) build

# Debian packages: libcurl headers for the CCurl target.
deps:
	@pkg-config --exists libcurl || { $(SUDO) $(APT_GET) update -qq && $(SUDO) $(APT_GET) install -y -qq libcurl4-openssl-dev; }

# Real Prometheus tooling and the Python client the tests check the exposition with.
test-deps:
	@command -v promtool >/dev/null || { $(SUDO) $(APT_GET) update -qq && $(SUDO) $(APT_GET) install -y -qq prometheus; }
	@python3 -c 'import prometheus_client' 2>/dev/null || python3 -m pip install -q prometheus-client

lint:
	$(SWIFT) format lint --strict -r Sources Tests Package.swift

format:
	$(SWIFT) format -i -r Sources Tests Package.swift

clean:
	rm -rf .build
