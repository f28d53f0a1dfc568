# httpsim: see README.md. Every target is phony; there are no hidden scripts.
GO      ?= go
GOROOT  := $(shell $(GO) env GOROOT)
BIN     := bin

.PHONY: all test test-go vet fuzz oracle generate build run clean

all: build

build:
	$(GO) build -o $(BIN)/httpsim ./cmd/httpsim

STATICCHECK := honnef.co/go/tools/cmd/staticcheck@v0.8.2

vet:
	test -z "$$(gofmt -l $$(git ls-files '*.go'))" || { gofmt -l $$(git ls-files '*.go'); echo 'gofmt needed'; exit 1; }
	$(GO) vet ./...
	GOOS=js GOARCH=wasm $(GO) vet ./wasm/... ./sim/...
	$(GO) run $(STATICCHECK) ./...

# test runs every test: unit, golden, live CPython oracle, fuzz smoke,
# wasm under Node, browser end to end and the Worker under wrangler dev.
test: vet wasm test-go fuzz test-web test-worker

test-go: wasm
	$(GO) test -count=1 ./...

# oracle re-records testdata/oracle from the live interpreters.
oracle:
	$(GO) run ./oracle/cmd/record

# generate refreshes the per-version data read off the interpreters.
generate:
	$(GO) generate ./sim/...

clean:
	rm -rf $(BIN) artifacts web/httpsim.wasm web/wasm_exec.js

-include web/web.mk
-include bench/bench.mk
-include worker/worker.mk
