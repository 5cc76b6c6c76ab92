"""A reader's article is linked in a worker process: same answer, a time limit, and a pool
that recovers from a stopped or killed worker."""

from __future__ import annotations

import os
import signal

import pytest

from explainers import worker
from explainers.explainer.from_article import NoPlacesError, link_here, linked_article
from explainers.paths import ROOT
from explainers.text.article import MAX_BYTES
from explainers.worker import TimeLimitError, WorkerUnavailableError

ARTICLES = ROOT / "tests/articles"


def long_article() -> str:
    """Real news prose, repeated to just under the 1 MB the app accepts."""
    words = " ".join(p.read_text(encoding="utf-8") for p in sorted(ARTICLES.glob("*.txt")))
    text = " ".join([words] * (MAX_BYTES // len(words) + 1))
    return text[: MAX_BYTES - 1000]


@pytest.mark.parametrize(
    ("name", "filename"),
    [("gwadar_port.txt", None), ("hambantota_debt.txt", "hambantota.txt")],
)
def test_the_worker_gives_the_explainer_this_process_gives(name, filename):
    raw = (ARTICLES / name).read_bytes()
    story, note = worker.run(link_here, raw, filename)
    assert (story, note) == link_here(raw, filename)
    assert story.countries and story.passages


def test_the_articles_own_problem_crosses_back_as_its_error():
    with pytest.raises(NoPlacesError, match="No countries or places were found"):
        linked_article("A quiet afternoon with friends and tea.")


def test_an_article_past_the_time_limit_is_stopped_and_the_next_is_mapped(monkeypatch):
    monkeypatch.setenv(worker.TIME_LIMIT_ENV, "0.2")
    with pytest.raises(TimeLimitError) as caught:
        linked_article(long_article())
    message = str(caught.value)
    assert "took longer than 0.2 seconds" in message
    assert "Split the article" in message and "paste a shorter piece" in message

    monkeypatch.delenv(worker.TIME_LIMIT_ENV)
    story, _ = linked_article("Xi met Putin in Beijing on the way to Astana.")
    assert [c.iso3 for c in story.countries] == ["CHN", "RUS", "KAZ"]


def test_a_worker_that_dies_on_a_task_gives_a_message_and_is_replaced():
    with pytest.raises(WorkerUnavailableError, match=r"stopped unexpectedly \(exit code -6\)"):
        worker.run(os.abort)
    story, _ = linked_article("Kazakhstan and Uzbekistan met in Tashkent.")
    assert {c.iso3 for c in story.countries} == {"KAZ", "UZB"}


def test_an_idle_worker_killed_from_outside_is_replaced():
    killed = worker.run(os.getpid)
    assert killed != os.getpid()  # the work is done in another process
    os.kill(killed, signal.SIGKILL)
    story, _ = linked_article("Greece sold Piraeus port to a Chinese company.")
    assert {"GRC", "CHN"} <= {c.iso3 for c in story.countries}
    assert worker.run(os.getpid) != killed


def test_a_worker_is_replaced_after_its_share_of_articles(monkeypatch):
    """A worker's memory grows with the new words articles bring; a fresh one starts over."""
    worker.shutdown()
    monkeypatch.setattr(worker, "TASKS_PER_WORKER", 2)
    monkeypatch.setenv(worker.WORKERS_ENV, "1")
    try:
        first = [worker.run(os.getpid) for _ in range(2)]
        assert first[0] == first[1]
        assert worker.run(os.getpid) != first[0]
        story, _ = linked_article("Pakistan and China opened Gwadar port.")
        assert {"PAK", "CHN"} <= {c.iso3 for c in story.countries}
    finally:
        worker.shutdown()


def test_an_article_brought_again_is_not_sent_to_a_worker(monkeypatch):
    raw = (ARTICLES / "piraeus_europe.txt").read_bytes()
    first = linked_article(raw)

    def no_worker(*args, **kwargs):
        raise AssertionError("a recent article went to the worker again")

    monkeypatch.setattr(worker, "run", no_worker)
    assert linked_article(raw) == first
    with pytest.raises(AssertionError, match="went to the worker"):
        linked_article(raw, "piraeus.html")  # another file name is another reading


def test_a_bad_setting_names_itself_and_the_default_is_used(monkeypatch, capsys):
    monkeypatch.setenv(worker.WORKERS_ENV, "lots")
    assert worker.worker_count() in (1, 2)
    assert "BRI_ARTICLE_WORKERS='lots' is not a whole number from 1 to 8" in capsys.readouterr().err
    monkeypatch.setenv(worker.TIME_LIMIT_ENV, "-3")
    assert worker.time_limit() == worker.DEFAULT_TIME_LIMIT


@pytest.mark.parametrize("name", [worker.WORKERS_ENV, worker.TIME_LIMIT_ENV])
def test_each_setting_is_documented(name):
    assert f"``{name}``" in worker.__doc__
