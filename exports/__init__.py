"""Files managers take into meetings: chart images, Excel workbooks, the PowerPoint meeting pack.

Nothing here imports Streamlit: the dashboard's buttons and ``python -m exports pack``
build the same files from the same functions.
"""
