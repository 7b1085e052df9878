"""Benchmarks: `python -m bench [name ...]` (or `make bench`); figures go in the README."""
