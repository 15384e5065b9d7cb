"""Benchmark scripts that print figures (not tests), and the bench-only pages of bench/scale_pages.py."""
