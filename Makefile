# make bench: build the self-contained release binary and rewrite BENCHMARKS.md's current figures.
.PHONY: bench bench-small release test
bench:
	python3 scripts/bench/run.py
bench-small:
	python3 scripts/bench/run.py --small --no-write
release:
	bash scripts/release.sh
test:
	bash scripts/test.sh
