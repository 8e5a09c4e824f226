"""One module per language: ``STRINGS`` (key to text) and ``LABELS`` (data codes)."""
