# vfv — survey engine for "Värde för vem?"
GO      ?= go
# go.mod names the patched Go toolchain; fetch it from the module proxy
# when the installed Go is older.
export GOTOOLCHAIN ?= auto
BIN     := bin/vfv
VERSION ?= $(shell git describe --always --dirty 2>/dev/null || echo dev)
# The same flags the Dockerfile uses: a static binary without cgo.
LDFLAGS := -s -w -X github.com/vfv/vfv/internal/cli.version=$(VERSION)
# Tests share two cores with browsers and the embedded database.
TESTFLAGS ?= -count=1 -timeout 20m

.PHONY: build image run test race bench sim lint fuzz fuzz-short soak clean

# Fuzz targets: package and name. Seeds are in the tests (f.Add) and in
# testdata/fuzz/ where a failure was once found.
FUZZ_TARGETS := internal/survey:FuzzParse internal/response:FuzzSubmission internal/response:FuzzScrub internal/ranking:FuzzReadInput internal/export:FuzzWrite internal/web/jsonbody:FuzzSubmitAPI
FUZZTIME ?= 10m

build:
	CGO_ENABLED=0 $(GO) build -trimpath -ldflags '$(LDFLAGS)' -o $(BIN) ./cmd/vfv

## image: the container image vfv:VERSION, reporting VERSION as make build's binary does
image:
	docker build --build-arg VERSION=$(VERSION) -f deploy/Dockerfile -t vfv:$(VERSION) .

## run: build and serve the example surveys on http://localhost:8080 (embedded store in ./data)
run: build
	./$(BIN) serve

## test: every test (unit, store conformance, whole-server, browser)
## Browser tests need Chromium (apt-get install chromium) and axe-core,
## which npm installs from package-lock.json when it is missing.
test:
	@test -f node_modules/axe-core/axe.min.js || { command -v npm >/dev/null && npm ci --no-audit --no-fund; } || echo "npm not found: browser tests will be skipped"
	$(GO) vet ./...
	$(GO) test $(TESTFLAGS) -skip '^TestFault' ./...
	@# The fault tests print the counts they checked (submitted, acknowledged, stored, …).
	@$(GO) test $(TESTFLAGS) -run '^TestFault' -v ./cmd/vfv/ ./internal/web/ > .fault-tests.log 2>&1; rc=$$?; \
	  grep -E 'fault:|^(--- |ok |FAIL)' .fault-tests.log; [ $$rc -eq 0 ] || cat .fault-tests.log; rm -f .fault-tests.log; exit $$rc

## race: the race detector over the code that runs concurrently: the
## store's group commit and document locks, submissions beside recounts,
## the bootstrap job runner and its workers, the results and chart caches,
## the rate limiters, the fault tests and the two listeners of serve.
## Whole packages where they are quick under -race, chosen tests in
## internal/web (all of it takes twice as long). -race needs cgo (gcc).
RACE_WEB := ^Test(Concurrent|LimiterConcurrent|ChartCache|SubmitRateLimit|LoginThrottle|BootstrapJobs|Charts|Metrics|Fault)
race:
	CGO_ENABLED=1 $(GO) test -race $(TESTFLAGS) ./internal/store/... ./internal/collect/ ./internal/results/
	CGO_ENABLED=1 $(GO) test -race $(TESTFLAGS) -run '$(RACE_WEB)' ./internal/web/
	CGO_ENABLED=1 $(GO) test -race $(TESTFLAGS) -run '^Test(Bootstrap|Compare)' ./internal/ranking/
	CGO_ENABLED=1 $(GO) test -race $(TESTFLAGS) -run '^TestServe' ./internal/cli/

## bench: every benchmark, then the full simulation suite (make sim);
## figures go to BENCHMARKS.md and docs/ranking.md by hand, with the machine and date
bench:
	$(GO) test -run '^$$' -bench . -benchmem -timeout 60m ./...
	$(MAKE) sim

## sim: the full simulation suite of the ranking intervals and group
## comparisons (docs/ranking.md): every cell of 6/10/15 items, subset and
## all-pairs designs, 30–3000 respondents, binary and graded answers,
## τ = 0, 0.5, 1. SIM_SURVEYS surveys per cell (1000; half at 3000
## respondents). Prints the Markdown tables; fails on a cell out of bounds.
SIM_SURVEYS ?= 1000
sim:
	VFV_SIM=full VFV_SIM_SURVEYS=$(SIM_SURVEYS) $(GO) test -count=1 -timeout 120m -v -run '^TestSimulationSuiteFull$$' ./internal/ranking/

## lint: formatting and vet
lint:
	@out=$$(gofmt -l cmd internal static); if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...

## soak: the fault tests with SOAK (default 10) times the clients and duration
SOAK ?= 10
soak:
	@VFV_SOAK=$(SOAK) $(GO) test -count=1 -timeout 30m -run '^TestFault' -v ./cmd/vfv/ ./internal/web/ > .fault-tests.log 2>&1; rc=$$?; \
	  grep -E 'fault:|^(--- |ok |FAIL)' .fault-tests.log; [ $$rc -eq 0 ] || cat .fault-tests.log; rm -f .fault-tests.log; exit $$rc

## fuzz: every fuzz target for FUZZTIME (default 10m) each. Go's fuzzer
## sometimes ends a run with only "context deadline exceeded" and no
## failing input when the time runs out under load, or while it minimizes
## a new interesting input (up to FUZZMINIMIZE; Go's default of 60 s
## stalled FuzzScrub for most of a 10 s run); such a run is tried once
## more. A real failure (a failing input in testdata/fuzz) is not.
FUZZMINIMIZE ?= 10s
fuzz:
	@for t in $(FUZZ_TARGETS); do pkg=$${t%%:*}; name=$${t##*:}; \
	  echo "== $$name ($$pkg, $(FUZZTIME))"; \
	  for try in 1 2; do \
	    $(GO) test -run '^$$' -fuzz "^$$name$$" -fuzztime $(FUZZTIME) -fuzzminimizetime $(FUZZMINIMIZE) ./$$pkg > .fuzz.log 2>&1; rc=$$?; cat .fuzz.log; \
	    if [ $$rc -eq 0 ]; then break; fi; \
	    if [ $$try -eq 1 ] && grep -q 'context deadline exceeded' .fuzz.log && ! grep -q 'Failing input' .fuzz.log; then \
	      echo "== $$name: the fuzzer timed out without a failing input; trying once more"; continue; fi; \
	    rm -f .fuzz.log; exit 1; \
	  done; rm -f .fuzz.log; done

## fuzz-short: every fuzz target briefly (CI)
fuzz-short:
	@$(MAKE) --no-print-directory fuzz FUZZTIME=10s FUZZMINIMIZE=2s

.PHONY: bench-submit bench-replicas bench-r

## bench-submit: submissions per second and p99 at 50 and 200 clients on
## the embedded store, with the raw InsertOne ceiling and the ratio
## (BenchmarkLoad; also part of bench)
bench-submit:
	@$(GO) test -count=1 -run '^$$' -bench '^BenchmarkLoad$$' -benchtime 1x -timeout 10m ./cmd/vfv/ > .bench-submit.log 2>&1; rc=$$?; \
	  grep -E '^(load|cpu|counted|counting|first error|--- FAIL|FAIL|ok)' .bench-submit.log; [ $$rc -eq 0 ] || cat .bench-submit.log; rm -f .bench-submit.log; exit $$rc

## bench-replicas: submissions per second with 1, 2 and 4 vfv serve
## processes on FerretDB with PostgreSQL (started for it unless MONGODB_URI
## is set), with the raw ceiling of that store
bench-replicas:
	.ci/bench-replicas

## bench-r: vfv rank --method bt --ci model against R's BradleyTerry2 BTm
## on the same generated 1.5 M-judgment file, when R has BradleyTerry2
bench-r:
	.ci/bench-r

clean:
	rm -rf bin
