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
# coordinator when the deadline fires (golang/go#75804, fixed in Go 1.27),
# and a busy CI machine hits it. An "Nx" budget sets no deadline at all.
# The counts take about what the old 10s runs took on the shared 2-core
# development machine at load average 20-25: 5000x took 12-22 s of
# fuzzing, 20000x 13-32 s, where a 10s run got through 900-2,200 and
# 13,000-25,000 inputs (less work as the load grows, where a count stays
# the same work). An idle machine finishes sooner. The baseline corpus
# (the seeds and whatever the local cache has gathered) counts too.
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
