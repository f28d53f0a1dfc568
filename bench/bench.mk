# bench/bench.mk: fuzzing, the in-process benchmarks of sim and the
# comparison with CPython and net/http. The top Makefile includes it.

FUZZTIME       ?= 10s
BENCH_DURATION ?= 5s
PYTHON313      ?= /root/.pyenv/versions/3.13.0/bin/python

.PHONY: fuzz bench bench-compare

# fuzz runs each fuzz target of sim for FUZZTIME. The crashers kept in
# sim/testdata/fuzz run with every go test; a new one lands there too.
# For a real campaign: make fuzz FUZZTIME=3m
fuzz:
	$(GO) test -run '^$$' -fuzz '^FuzzHandle$$' -fuzztime $(FUZZTIME) ./sim
	$(GO) test -run '^$$' -fuzz '^FuzzParseRequestLine$$' -fuzztime $(FUZZTIME) ./sim

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
