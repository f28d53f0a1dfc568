# bench/bench.mk: fuzzing, the in-process benchmarks of sim and the
# comparison with CPython and net/http. The top Makefile includes it.

FUZZTIME       ?=
BENCH_DURATION ?= 5s
PYTHON313      ?= /root/.pyenv/versions/3.13.0/bin/python

.PHONY: fuzz bench bench-compare

# fuzz runs each fuzz target of sim; a crasher lands in sim/testdata/fuzz,
# where every go test runs it again. For a real campaign:
# make fuzz FUZZTIME=3m (any -fuzztime, a duration or a count).
#
# Without FUZZTIME (as `make test` runs it) each target gets a fixed number
# of inputs, not a duration: with Go 1.26 a duration-based -fuzztime can
# end in "context deadline exceeded" with no crasher, a race in the fuzz
# coordinator when the time runs out while a worker is busy
# (golang/go#75804, fixed in Go 1.27), and a busy CI machine hits it. An
# "Nx" budget stops by count, outside that path. The counts took about
# 10 s each, what the old 10s runs took, on the 2-core development
# machine under load (the baseline corpus counts towards them).
FUZZ_HANDLE_RUNS ?= 5000x
FUZZ_LINE_RUNS   ?= 20000x

fuzz:
	$(GO) test -run '^$$' -fuzz '^FuzzHandle$$' -fuzztime $(or $(FUZZTIME),$(FUZZ_HANDLE_RUNS)) ./sim
	$(GO) test -run '^$$' -fuzz '^FuzzParseRequestLine$$' -fuzztime $(or $(FUZZTIME),$(FUZZ_LINE_RUNS)) ./sim

# bench runs sim's benchmarks, with and without traces.
bench:
	$(GO) test -run '^$$' -bench . -benchmem ./sim

# bench-compare loads httpsim serve, CPython's http.server and a net/http
# FileServer (bench/fileserver) with wrk on 127.0.0.1 and prints
# requests/sec and the ratios. It installs Debian's wrk if it is missing.
bench-compare:
	command -v wrk >/dev/null || { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y wrk; }
	$(GO) build -o $(BIN)/httpsim ./cmd/httpsim
	$(GO) build -o $(BIN)/fileserver ./bench/fileserver
	$(GO) run ./bench/compare -httpsim $(BIN)/httpsim -fileserver $(BIN)/fileserver \
		-python $(PYTHON313) -duration $(BENCH_DURATION)
