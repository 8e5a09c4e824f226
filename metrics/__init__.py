"""Every number on the dashboard, defined once (see the metric dictionary).

Modules compute with SQLAlchemy Core through ``data_access.Database`` and never
import Streamlit: the pages and ``python -m metrics`` call the same functions.
"""
