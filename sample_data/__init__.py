"""Realistic generated sample data: ``python -m sample_data generate --out DIR``.

``generator.generate`` writes a folder in the data contract's CSV format;
``seed.seed_if_empty`` fills an empty database with it on first start.
"""
