# AudioWave: `make run` analyzes the bundled fixtures, `make test` runs the test suite.
# Both install the Debian packages the build needs first (scripts/install-deps.sh).

SWIFT ?= swift
# Seconds `make fuzz` fuzzes for.
FUZZ_SECONDS ?= 600

.PHONY: deps build run test example bench bench-all docs fuzz clean

deps:
	@bash scripts/install-deps.sh

build: deps
	$(SWIFT) build -c release --product audiowave

# The main job on the bundled fixtures. The fixtures include deliberately broken files,
# so audiowave exits 1 ("some files failed"); that is the expected outcome here.
run: build
	.build/release/audiowave analyze fixtures; status=$$?; [ $$status -eq 0 ] || [ $$status -eq 1 ]

# The library's tests, then the example service's (`make example`).
test: deps
	$(SWIFT) test
	$(MAKE) example

# examples/IngestService: a separate package on AudioWave by path (Hummingbird, swift-service-lifecycle,
# swift-prometheus); its build and HTTP round-trip tests. The first build takes several minutes.
example: deps
	cd examples/IngestService && $(SWIFT) build --build-tests && $(SWIFT) test

bench: deps
	$(SWIFT) build -c release --product audiowave
	$(SWIFT) build -c release --product audiowave-bench
	.build/release/audiowave-bench stages

# Every benchmark in docs/performance.md except the peer comparison (bench/compare.sh); about 10 minutes.
bench-all: bench
	.build/release/audiowave-bench scaling
	.build/release/audiowave-bench floor
	.build/release/audiowave-bench engine
	.build/release/audiowave-bench dsp

# DocC catalogues of the library and the engine, as static HTML under .build/docs/ (swift-docc-plugin).
docs: deps
	mkdir -p .build/docs
	$(SWIFT) package --allow-writing-to-directory .build/docs generate-documentation --target AudioWave \
		--output-path .build/docs/AudioWave --transform-for-static-hosting
	$(SWIFT) package --allow-writing-to-directory .build/docs generate-documentation --target StageEngine \
		--output-path .build/docs/StageEngine --transform-for-static-hosting

# libFuzzer on the probe-and-decode path with the address sanitizer (fuzz/, README "Fuzzing"); findings are
# kept in fuzz/crashers/ and make the target fail. Not run by CI: it takes FUZZ_SECONDS.
fuzz: deps
	FUZZ_SECONDS=$(FUZZ_SECONDS) SWIFT=$(SWIFT) bash fuzz/run.sh

clean:
	rm -rf .build fuzz/.build examples/IngestService/.build
