# cardsh — build, run, test. `make run` and `make test` are the two commands a newcomer needs.
SHELL := /bin/bash
export PATH := $(PATH):/opt/swift/usr/bin
PREFIX ?= /usr/local
SWIFT ?= swift
CONFIG ?= debug
BIN := .build/$(CONFIG)

.PHONY: all deps build release run test test-asan stack-start stack-stop fuzz install install-files \
	completions man clean bench soak

all: build

deps:
	@scripts/install-deps.sh

build: deps
	$(SWIFT) build -c $(CONFIG)

# Release binaries link the Swift runtime statically: binding it symbol by symbol at every launch was a third
# of `cardsh -c atr`'s start-up (README, Performance).
RELEASE_FLAGS ?= --static-swift-stdlib
release:
	$(SWIFT) build -c release $(RELEASE_FLAGS)

# Start the shell on the built-in virtual card.
run: build
	@exec $(BIN)/cardsh --sim

# Everything: unit tests, the PC/SC end-to-end suite (pcscd + vpcd + cardsh-sim), the terminal tests; then the
# in-process suites again under AddressSanitizer (test-asan).
# The end-to-end suite starts the PC/SC stack itself; `stack-stop` afterwards stops only what it started.
test: deps
	@scripts/install-peers.sh
	$(SWIFT) build --build-tests
	status=0; $(SWIFT) test --skip-build || status=$$?; scripts/pcsc-stack.sh stop || true; exit $$status
	@$(MAKE) --no-print-directory test-asan

# The in-process suites again under AddressSanitizer, built in their own scratch path (from clean, about 3.5 minutes
# of build and 20 s of tests on 2 cores). The PC/SC end-to-end, terminal and CLI suites are left out: they drive other processes.
# LeakSanitizer is off: what it reports at exit is one-time memory of libedit, ncurses, XCTest and Foundation, and
# lazily built global tables whose pointers Swift keeps in tagged form LeakSanitizer cannot follow. What matters is
# growth over a long session, which a soak run measures.
ASAN_SUITES := ^(CardCoreTests|CardshLanguageTests|CardCryptoTests|SecureChannelTests|TransportSimTests|CardshEngineTests|TransportPCSCTests|LineEditorTests)\.
test-asan:
	$(SWIFT) build --build-tests --sanitize=address --scratch-path .build-asan
	ASAN_OPTIONS=detect_leaks=0 SWIFT_BACKTRACE=enable=no \
		$(SWIFT) test --skip-build --sanitize=address --scratch-path .build-asan --filter '$(ASAN_SUITES)'

stack-start: build
	scripts/pcsc-stack.sh start

stack-stop:
	scripts/pcsc-stack.sh stop

# `make install PREFIX=/usr/local DESTDIR=...` builds release binaries and installs them with the man page and
# the bash, zsh and fish completions. INSTALL_CONFIG=debug installs a debug build; `install-files` installs
# what is built without building.
INSTALL_CONFIG ?= release
BINDIR = $(DESTDIR)$(PREFIX)/bin
MANDIR = $(DESTDIR)$(PREFIX)/share/man/man1
BASHDIR = $(DESTDIR)$(PREFIX)/share/bash-completion/completions
ZSHDIR = $(DESTDIR)$(PREFIX)/share/zsh/site-functions
FISHDIR = $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d

# libFuzzer with AddressSanitizer over every parser (targets: `Fuzz/run.sh --list`), FUZZ_SECONDS each: 9 targets
# x 70 s, about 10.5 minutes in all. Every target runs even when one crashes; the figures are printed at the end
# (Fuzz/summary.sh) and the run fails when any target found a crash (input in .build-fuzz/TARGET-crash-*).
FUZZ_SECONDS ?= 70
fuzz:
	@failed=""; for target in $$(Fuzz/run.sh --list); do \
		Fuzz/run.sh $$target $(FUZZ_SECONDS) || failed="$$failed $$target"; done; \
	Fuzz/summary.sh; if [ -n "$$failed" ]; then echo "crashes in:$$failed" >&2; exit 1; fi

# Benchmarks (Bench/): release binaries against pcscd + vpcd + the release cardsh-sim, scriptor, a pyscard loop,
# a bare C SCardTransmit loop, yubikit and opensc-tool, all in one run; prints the table of figures and ratios
# (also in .build/bench/results.txt). Holds the PC/SC stack lock while it runs. BENCH_ARGS go to Bench/bench.py.
BENCH_ARGS ?=
bench: deps
	Bench/run.sh $(BENCH_ARGS)

# The 100,000-APDU soak alone: resident size sampled every 25,000 APDUs, every answer checked.
soak: deps
	Bench/run.sh --only soak $(BENCH_ARGS)

INSTALL_FLAGS = $(if $(filter release,$(INSTALL_CONFIG)),$(RELEASE_FLAGS))
install:
	$(SWIFT) build -c $(INSTALL_CONFIG) $(INSTALL_FLAGS) --product cardsh
	$(SWIFT) build -c $(INSTALL_CONFIG) $(INSTALL_FLAGS) --product cardsh-sim
	$(MAKE) --no-print-directory install-files

install-files:
	install -d $(BINDIR) $(MANDIR) $(BASHDIR) $(ZSHDIR) $(FISHDIR)
	install -m 0755 .build/$(INSTALL_CONFIG)/cardsh .build/$(INSTALL_CONFIG)/cardsh-sim $(BINDIR)/
	install -m 0644 docs/cardsh.1 $(MANDIR)/cardsh.1
	install -m 0644 completions/cardsh.bash $(BASHDIR)/cardsh
	install -m 0644 completions/cardsh-sim.bash $(BASHDIR)/cardsh-sim
	install -m 0644 completions/_cardsh $(ZSHDIR)/_cardsh
	install -m 0644 completions/_cardsh-sim $(ZSHDIR)/_cardsh-sim
	install -m 0644 completions/cardsh.fish $(FISHDIR)/cardsh.fish
	install -m 0644 completions/cardsh-sim.fish $(FISHDIR)/cardsh-sim.fish

# Regenerate the shell completion scripts and the man page from the argument parser and the command table
# (CLITests checks that the committed files match the binaries).
completions:
	$(SWIFT) build --product cardsh
	$(SWIFT) build --product cardsh-sim
	@mkdir -p completions
	.build/debug/cardsh --generate-completion-script bash > completions/cardsh.bash
	.build/debug/cardsh --generate-completion-script zsh > completions/_cardsh
	.build/debug/cardsh --generate-completion-script fish > completions/cardsh.fish
	.build/debug/cardsh-sim --generate-completion-script bash > completions/cardsh-sim.bash
	.build/debug/cardsh-sim --generate-completion-script zsh > completions/_cardsh-sim
	.build/debug/cardsh-sim --generate-completion-script fish > completions/cardsh-sim.fish

man:
	$(SWIFT) build --product cardsh
	@mkdir -p docs
	.build/debug/cardsh --generate-man-page > docs/cardsh.1

clean:
	rm -rf .build
