"""Belt and Road explainer: a news story told beside an interactive world map.

Run with ``streamlit run app.py``. This file only frames and routes: page settings, the
view read from the URL, and the page drawn for it. The work is in ``explainers/``.
"""

import streamlit as st

from explainers import ui

st.set_page_config(page_title="Belt and Road explainer", layout="wide")
view, notices = ui.current_view()
ui.draw(view, notices)
