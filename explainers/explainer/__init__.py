"""An explainer: a story in passages, linked to the countries and projects on the map.

How an article becomes one, downhill:

* :mod:`explainers.explainer.model`: what an explainer is (pydantic models, validated
  field by field);
* :mod:`explainers.explainer.files`: reading a folder's files safely (regular files only,
  size caps, plain YAML);
* :mod:`explainers.explainer.folder`: a shipped explainer folder read, checked and linked;
* :mod:`explainers.explainer.from_article`: a reader's article turned into an explainer.

This package sits above :mod:`explainers.text` (article in, mentions out) and
:mod:`explainers.data` (tables in, checked frames out) and imports from both; neither
imports it. The names most callers need are importable from here.
"""

from explainers.explainer.folder import (
    META_FILE,
    STORY_FILE,
    Listing,
    Validation,
    available_explainers,
    checked_explainer,
    explainer_dir,
    explainer_stamp,
    list_explainers,
    load_explainer,
    skipped_check,
    validate_all,
)
from explainers.explainer.model import (
    DEFAULT_EXPLAINER,
    WORLD,
    Correction,
    Event,
    Explainer,
    ExplainerError,
    FrameBox,
    Original,
    Passage,
    Step,
    StoryCountry,
)

__all__ = [
    "DEFAULT_EXPLAINER",
    "META_FILE",
    "STORY_FILE",
    "WORLD",
    "Correction",
    "Event",
    "Explainer",
    "ExplainerError",
    "FrameBox",
    "Listing",
    "Original",
    "Passage",
    "Step",
    "StoryCountry",
    "Validation",
    "available_explainers",
    "checked_explainer",
    "explainer_dir",
    "explainer_stamp",
    "list_explainers",
    "load_explainer",
    "skipped_check",
    "validate_all",
]
