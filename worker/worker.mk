# The Cloudflare Worker demo (wasm/worker, worker/); included by the top
# Makefile. See worker/README.md.
#
#   make worker        build worker/build (glue + app.wasm) and the page (web/)
#   make worker-dev    wrangler dev --local on 127.0.0.1, offline
#   make deploy        wrangler deploy (needs a Cloudflare account; CI never runs it)
#   make bench-worker  CPU and latency per request under wrangler dev
#   make test-worker   quick static checks; the end-to-end tests run in `go test ./...`

WORKER_STAMP    := worker/node_modules/.package-lock.json
WRANGLER_PORT   ?= 8787
# wrangler offline: no telemetry, no update check, no credentials, its
# config, cache and logs under $$T, a temporary directory the recipe makes.
WRANGLER_ENV    = env -u CLOUDFLARE_API_TOKEN -u CLOUDFLARE_ACCOUNT_ID \
	WRANGLER_SEND_METRICS=false WRANGLER_SEND_ERROR_REPORTS=false WRANGLER_HIDE_BANNER=true \
	CLOUDFLARE_CF_FETCH_ENABLED=false npm_config_registry=http://127.0.0.1:9/ \
	HOME=$$T/home XDG_CONFIG_HOME=$$T/config WRANGLER_LOG_PATH=$$T/logs WRANGLER_CACHE_DIR=$$T/cache
WITH_TMP        = T=$$(mktemp -d) && trap 'rm -rf "$$T"' EXIT INT TERM &&

.PHONY: worker worker-deps worker-dev deploy bench-worker test-worker

# worker-deps installs wrangler exactly as package-lock.json pins it.
worker-deps: $(WORKER_STAMP)

$(WORKER_STAMP): worker/package.json worker/package-lock.json
	cd worker && npm ci --no-audit --no-fund

# worker builds the page too: the Worker serves web/ as static assets.
worker: web worker-deps
	cd worker && $(GO) run github.com/syumai/workers/cmd/workers-assets-gen -mode=go -o build
	cd worker && GOOS=js GOARCH=wasm $(GO) build -trimpath -ldflags='-s -w' -o build/app.wasm ../wasm/worker

worker-dev: worker
	$(WITH_TMP) cd worker && $(WRANGLER_ENV) ./node_modules/.bin/wrangler dev --local --ip 127.0.0.1 \
		--port $(WRANGLER_PORT) --inspector-ip 127.0.0.1 --persist-to $$T/state

# deploy is the only target that talks to Cloudflare: it uses your own
# login (wrangler login) or CLOUDFLARE_API_TOKEN.
deploy: worker
	cd worker && WRANGLER_SEND_METRICS=false ./node_modules/.bin/wrangler deploy

bench-worker: worker-deps
	$(GO) test -count=1 -run '^$$' -bench Worker -benchtime 500x ./worker

test-worker: worker-deps
	node --check worker/entry.mjs
	cd worker && npm ls --depth=0 wrangler | grep -q 'wrangler@4.86.0'
	GOOS=js GOARCH=wasm $(GO) vet ./wasm/worker/...
