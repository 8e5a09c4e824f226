"""Streamlit helpers shared by the pages: view state, strings, tiles, tables, chart layout."""
