"""Streamlit helpers shared by the pages: view state, strings, formatting, tiles, charts."""
