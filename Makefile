# cardsh — build, run, test. `make run` and `make test` are the two commands a newcomer needs.
SHELL := /bin/bash
export PATH := $(PATH):/opt/swift/usr/bin
PREFIX ?= /usr/local
SWIFT ?= swift
CONFIG ?= debug
BIN := .build/$(CONFIG)

.PHONY: all deps build release run test test-unit test-e2e stack-start stack-stop bench fuzz install clean

all: build

deps:
	@scripts/install-deps.sh

build: deps
	$(SWIFT) build -c $(CONFIG)

release:
	$(SWIFT) build -c release

# Start the shell on the built-in virtual card.
run: build
	@exec $(BIN)/cardsh --sim

# Everything: unit tests, the PC/SC end-to-end suite (pcscd + vpcd + cardsh-sim), the terminal tests.
# The end-to-end suite starts the PC/SC stack itself; `stack-stop` afterwards stops only what it started.
test: deps
	$(SWIFT) build --build-tests
	status=0; $(SWIFT) test --skip-build || status=$$?; scripts/pcsc-stack.sh stop || true; exit $$status

stack-start: build
	scripts/pcsc-stack.sh start

stack-stop:
	scripts/pcsc-stack.sh stop

install: release
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 0755 .build/release/cardsh .build/release/cardsh-sim $(DESTDIR)$(PREFIX)/bin/

clean:
	rm -rf .build
