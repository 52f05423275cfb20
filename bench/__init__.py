"""Benchmarks: each prints figures (ratios against a baseline measured in the same run)."""
