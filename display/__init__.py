"""Streamlit-free presentation shared by the pages and the exports: numbers as the dashboard
writes them (``formatting``) and the Altair chart builders (``charts`` and the charts of the
result and promotion pages). Below ``ui`` and ``exports``, above ``metrics``."""
