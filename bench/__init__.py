"""Benchmarks of dvc-agent against the mock portal (`python -m bench.batch_throughput`)."""
