# httpsim: see README.md. Every target is phony; there are no hidden scripts.
GO      ?= go
GOROOT  := $(shell $(GO) env GOROOT)
BIN     := bin

.PHONY: all test test-go test-js vet oracle generate build clean

all: build

build:
	$(GO) build -o $(BIN)/httpsim ./cmd/httpsim

STATICCHECK := honnef.co/go/tools/cmd/staticcheck@v0.8.2

vet:
	test -z "$$(gofmt -l $$(git ls-files '*.go'))" || { gofmt -l $$(git ls-files '*.go'); echo 'gofmt needed'; exit 1; }
	$(GO) vet ./...
	GOOS=js GOARCH=wasm $(GO) vet ./wasm/... ./sim/...
	$(GO) run $(STATICCHECK) ./...

# test runs every test: unit, golden, live CPython oracle, browser end to
# end (e2e) and the Worker under wrangler dev (worker) through go test;
# the page's JS units and the bridge under Node; then a short fuzz run.
test: vet web test-go test-js fuzz

test-go: web
	$(GO) test -count=1 ./...

test-js: web
	node --test web/js/
	GOOS=js GOARCH=wasm $(GO) test -count=1 -exec="$(GOROOT)/lib/wasm/go_js_wasm_exec" ./wasm/page

# oracle re-records testdata/oracle from the live interpreters.
oracle:
	$(GO) run ./oracle/cmd/record

# generate refreshes the per-version data read off the interpreters.
generate:
	$(GO) generate ./sim/...

clean:
	rm -rf $(BIN) artifacts web/dist/httpsim.wasm web/dist/wasm_exec.js

# bench-py: the learner's-script path under Node (cold load, bridge cost
# per request against the built-in seed class). Figures, no assertions.
.PHONY: bench-py
bench-py: web
	node web/js/pybench.mjs

include web/web.mk
include bench/bench.mk
include worker/worker.mk
