// Package worker holds the tooling of the httpsim Cloudflare Worker: the
// wrangler configuration, the entry module that keeps one Go instance per
// isolate (entry.mjs), the npm lockfile that pins wrangler, and the Go
// tests that build the Worker (wasm/worker) and run it under
// `wrangler dev --local`. See README.md.
//
// The package has no Go API; its tests are the point:
//
//	go test ./worker                          # end-to-end tests against wrangler dev
//	go test ./worker -run '^$' -bench Worker  # CPU and latency (make bench-worker)
package worker
