"""Benchmarks for the QUALITY.md performance targets, each against a same-run baseline.

Run with `make bench` or
`python -m benchmarks.run [--quick] [--only NAME] [--stores sqlite,postgres]`.
Generated extracts and the big stores are cached under `benchmarks/.data/` (git-ignored).
"""
