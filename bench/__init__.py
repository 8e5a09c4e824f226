"""The benchmark (``python -m bench``) and the multi-session load test (``python -m bench.load_test``)."""
