# web/web.mk: the browser page. Included from the top Makefile.
#
#   make wasm       build web/dist/httpsim.wasm from ./wasm/page and print its size
#   make web        wasm + the toolchain's wasm_exec.js + dist/vendor (CodeMirror, Pyodide), ready to embed
#   make run        build everything and serve the page on http://127.0.0.1:8000
#   make test-web   JS unit tests (node --test), the bridge under Node, the browser tests
#                   (go test ./... runs the native Go tests and the browser tests too)
#   make bench-web  page-ready and send->rendered timings in headless Chromium
#   make e2e-record re-record e2e/testdata/question-fixed.txtar from live CPython 3.12

GOROOT_DIR := $(shell go env GOROOT)
WASM_EXEC  := $(GOROOT_DIR)/lib/wasm/go_js_wasm_exec
WASM_FLAGS := -trimpath -ldflags="-s -w"

.PHONY: wasm web web-deps run test-web bench-web e2e-record

wasm:
	GOOS=js GOARCH=wasm go build $(WASM_FLAGS) -o web/dist/httpsim.wasm ./wasm/page
	@printf 'web/dist/httpsim.wasm: %s bytes, %s gzipped\n' "$$(wc -c < web/dist/httpsim.wasm)" "$$(gzip -9c web/dist/httpsim.wasm | wc -c)"

# web-deps installs CodeMirror and Pyodide exactly as web/package-lock.json
# pins them; vendor then copies what the page serves into web/dist/vendor
# (the modules index.html's import map names, and Pyodide's files).
WEB_STAMP := web/node_modules/.package-lock.json

web-deps: $(WEB_STAMP)

$(WEB_STAMP): web/package.json web/package-lock.json
	cd web && npm ci --no-audit --no-fund

web: wasm web-deps
	cp "$(GOROOT_DIR)/lib/wasm/wasm_exec.js" web/dist/wasm_exec.js
	go run ./web/cmd/vendor web
	@printf 'web/dist/vendor: %s files, %s\n' "$$(find web/dist/vendor -type f | wc -l)" "$$(du -sh web/dist/vendor | cut -f1)"

run: web
	go build -o bin/httpsim ./cmd/httpsim
	./bin/httpsim web

test-web:
	node --test web/js/
	GOOS=js GOARCH=wasm go vet ./wasm/page
	GOOS=js GOARCH=wasm go test -count=1 -exec="$(WASM_EXEC)" ./wasm/page
	go test -count=1 ./internal/webui ./web ./e2e

bench-web:
	go test -count=1 -run '^$$' -bench 'BenchmarkPage|BenchmarkScript' -benchtime 1x ./e2e

# e2e-record runs the gallery's fixed question script under CPython 3.12
# and records what the browser tests expect the page to show.
e2e-record:
	go run ./e2e/record
