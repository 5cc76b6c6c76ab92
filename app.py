"""Belt and Road explainer: a news story told beside an interactive world map.

Run with ``streamlit run app.py``. This file only frames and routes: page settings and
the two pages; each reads its view from the URL. The work is in ``explainers/``.
"""

import streamlit as st

from explainers import ui

st.set_page_config(page_title="Belt and Road explainer", layout="wide")
pages = ui.pages()
# Our own row of links, not Streamlit's top bar: that one folds into a hidden menu on a
# phone, and a reader should see "Bring your own article" without opening a menu.
page = st.navigation(pages, position="hidden")
if not st.context.is_embedded:  # an embed (?embed=true) shows the view alone
    with st.container(horizontal=True, gap="medium"):
        for target in pages:
            st.page_link(target)
page.run()
