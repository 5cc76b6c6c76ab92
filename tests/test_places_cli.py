"""``places FILE [--json]``: the command line over the linker."""

from __future__ import annotations

import io
import json

import pytest

from explainers.text.places_cli import EXIT_BAD_INPUT, EXIT_OK, main

TEXT = "Xi met Putin in Moscow; Sino-Russian ties grew."


def run(argv, capsys, stdin: bytes = b""):
    status = main(argv, stdin=io.BytesIO(stdin))
    out, err = capsys.readouterr()
    return status, out, err


def test_json_from_a_file(tmp_path, capsys):
    path = tmp_path / "a.txt"
    path.write_text(TEXT, encoding="utf-8")
    status, out, _ = run([str(path), "--json"], capsys)
    assert status == EXIT_OK
    records = json.loads(out)
    assert [set(r) for r in records] == [{"start", "end", "text", "kind", "iso3"}] * 4
    assert records[-1] == {
        "start": 24,
        "end": 36,
        "text": "Sino-Russian",
        "kind": "country",
        "iso3": ["CHN", "RUS"],
    }
    assert all(TEXT[r["start"] : r["end"]] == r["text"] for r in records)


def test_dash_reads_standard_input(capsys):
    status, out, _ = run(["-", "--json"], capsys, stdin=TEXT.encode())
    assert status == EXIT_OK
    assert [r["text"] for r in json.loads(out)] == ["Xi", "Putin", "Moscow", "Sino-Russian"]


def test_subcommand_name_may_be_passed_on(capsys):
    status, out, _ = run(["places", "-", "--json"], capsys, stdin=b"Putin")
    assert status == EXIT_OK
    assert json.loads(out)[0]["iso3"] == ["RUS"]


def test_table_output(capsys):
    status, out, _ = run(["-"], capsys, stdin=b"Putin in Beijing")
    assert status == EXIT_OK
    assert out.splitlines() == ["0\t5\tperson\tRUS\tPutin", "9\t16\tplace\tCHN\tBeijing"]


def test_no_places_says_so(capsys):
    status, out, err = run(["-"], capsys, stdin=b"Nothing here.")
    assert (status, out) == (EXIT_OK, "")
    assert "no places found" in err


def test_no_places_json_is_an_empty_list(capsys):
    assert run(["-", "--json"], capsys, stdin=b"Nothing here.")[1].strip() == "[]"


def test_html_file_is_cleaned(tmp_path, capsys):
    path = tmp_path / "a.html"
    path.write_bytes(b"<p>Putin</p><p>Advertisement</p>")
    status, out, _ = run([str(path), "--json"], capsys)
    assert status == EXIT_OK
    assert json.loads(out) == [
        {"start": 0, "end": 5, "text": "Putin", "kind": "person", "iso3": ["RUS"]}
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"%PDF-1.7", "PDF"), (b"x" * (1024 * 1024 + 1), "limit is 1 MB")],
)
def test_bad_input_exits_2_with_a_message(tmp_path, capsys, content, message):
    path = tmp_path / "a.txt"
    path.write_bytes(content)
    status, out, err = run([str(path)], capsys)
    assert (status, out) == (EXIT_BAD_INPUT, "")
    assert message in err


def test_missing_file(tmp_path, capsys):
    status, _, err = run([str(tmp_path / "nope.txt")], capsys)
    assert status == EXIT_BAD_INPUT
    assert "cannot read" in err


def test_many_files_in_one_json_list(tmp_path, capsys):
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text("ATHENS - Greece's port grew.", encoding="utf-8")
    second.write_text("Trains reach Kunming.[4] The Sri\nLankan port waits.", encoding="utf-8")
    assert main([str(first), str(second), "--json"]) == 0
    records = json.loads(capsys.readouterr().out)
    assert [r["file"] for r in records] == [str(first), str(second)]
    assert [m["text"] for m in records[0]["mentions"]] == ["ATHENS", "Greece"]
    assert [(m["text"], m["iso3"]) for m in records[1]["mentions"]] == [
        ("Kunming", ["CHN"]),
        ("Sri\nLankan", ["LKA"]),
    ]


def test_a_bad_file_in_a_batch_is_named_and_the_rest_listed(tmp_path, capsys):
    good = tmp_path / "good.txt"
    good.write_text("Kenya", encoding="utf-8")
    assert main([str(tmp_path / "missing.txt"), str(good)]) == 2
    out = capsys.readouterr()
    assert "missing.txt" in out.err
    assert out.out.startswith(f"{good}\t0\t5\tcountry\tKEN\tKenya")
