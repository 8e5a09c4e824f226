"""Streamlit-free presentation shared by the pages and the exports: the strings of each language
(``i18n`` over ``catalog``), numbers as the dashboard writes them (``formatting``) and the Altair
chart builders (``charts`` and the charts of the result and promotion pages). Below ``ui`` and
``exports``, above ``metrics``."""
