"""Turn a news article into an interactive map explainer.

The engine modules take plain values and return plain values (data frames, figures,
mentions) so they can be tested without Streamlit; only :mod:`explainers.ui` imports
``streamlit``.
"""
