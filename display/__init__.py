"""Streamlit-free helpers that both the pages and the exported files use."""
