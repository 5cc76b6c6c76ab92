"""A reader's mapped article, downloaded as an explainer folder, is an explainer: it
validates, and served it draws the same countries, roles and passages."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from explainers import paths
from explainers.explainer import load_explainer, validate_all
from explainers.explainer.from_article import article_explainer
from explainers.explainer.to_folder import folder_zip

ARTICLES = sorted((Path(__file__).parent / "articles").glob("*.txt"))


def unzipped(data: bytes, into: Path) -> Path:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        [folder] = {name.split("/")[0] for name in archive.namelist()}
        archive.extractall(into)
    return into / folder


@pytest.mark.parametrize("article", ARTICLES, ids=[a.stem for a in ARTICLES])
def test_a_mapped_article_becomes_a_folder_that_serves_the_same_map(tmp_path, article):
    drawn = article_explainer(article.read_bytes(), article.name)
    folder = unzipped(folder_zip(drawn), tmp_path)

    served = load_explainer(folder.name, folder)
    assert served.title == drawn.title and served.groups == drawn.groups
    assert served.countries == drawn.countries  # groups and "why" lines, in order
    assert [p.text for p in served.passages] == [p.text for p in drawn.passages]
    for mine, theirs in zip(served.passages, drawn.passages, strict=True):
        assert set(mine.countries) == set(theirs.countries), mine.id


def test_the_folder_passes_validate_among_the_shipped_ones(tmp_path, monkeypatch):
    drawn = article_explainer(ARTICLES[0].read_bytes(), ARTICLES[0].name)
    folder = unzipped(folder_zip(drawn), tmp_path)
    monkeypatch.setattr(paths, "EXPLAINERS_DIR", tmp_path)
    assert validate_all()[folder.name].ok
