"""isoper's performance harness: ``python -m benchmarks`` (see README)."""
