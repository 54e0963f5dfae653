"""The readers: plain text, HTML, JSONL, directories and stdin in; RawDocument or Failure out.

Every article and line here was written for these tests.
"""

from __future__ import annotations

import codecs
import datetime as dt
import io
import json
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from thucydides import Failure, InputError, RawDocument
from thucydides.errors import ThucydidesError
from thucydides.read import check_paths, iter_documents, read_jsonl, split_title

ARTICLE_PAGE = """<!DOCTYPE html>
<html><head><title>Envoys trade maps at a mountain customs post</title></head>
<body>
<nav><ul><li><a href="/">Front page</a></li><li><a href="/world">World desk menu</a></li></ul></nav>
<article>
<h1>Envoys trade maps at a mountain customs post</h1>
<p>Negotiators from Armenia and Azerbaijan spent six hours at a customs post on Thursday, trading
draft maps of the disputed valley and agreeing to meet again before the harvest.</p>
<p>A junior clerk who kept the minutes said the mood had been courteous but tired, and that neither
delegation had brought its own translator.</p>
</article>
<footer><p>Copyright the Valley Ledger footer notice. All rights reserved.</p></footer>
</body></html>
"""

EMPTY_PAGE = "<html><head><title>Nothing here</title></head><body></body></html>"


def read_all(*paths: Path | str, **options) -> list[RawDocument | Failure]:
    return list(iter_documents([str(p) for p in paths], **options))


def jsonl(*lines: str) -> bytes:
    return ("\n".join(lines) + "\n").encode("utf-8")


# --- plain text ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "title", "body"),
    [
        (
            "Ceasefire holds along the river\n\nThe guns fell silent at dawn on Sunday.",
            "Ceasefire holds along the river",
            "The guns fell silent at dawn on Sunday.",
        ),
        (
            "Ceasefire holds\r\n\r\nThe guns fell silent at dawn.\r\n",
            "Ceasefire holds",
            "The guns fell silent at dawn.",
        ),
        (
            "\n\nCeasefire holds\n\nThe guns fell silent at dawn.",
            "Ceasefire holds",
            "The guns fell silent at dawn.",
        ),
        (
            "The ceasefire held along the river.\n\nThe guns fell silent at dawn.",
            None,
            "The ceasefire held along the river.\n\nThe guns fell silent at dawn.",
        ),
        (
            "Ceasefire holds\nThe guns fell silent at dawn.",
            None,
            "Ceasefire holds\nThe guns fell silent at dawn.",
        ),
        ("Ceasefire holds\n\n", None, "Ceasefire holds\n\n"),
        ("Did the ceasefire hold?\n\nThe guns fell silent.", None, "Did the ceasefire hold?\n\nThe guns fell silent."),
        ("x" * 201 + "\n\nThe guns fell silent.", None, "x" * 201 + "\n\nThe guns fell silent."),
    ],
    ids=["headline", "crlf", "leading-blank-lines", "period", "no-blank-line", "no-body", "question", "too-long"],
)
def test_split_title(text: str, title: str | None, body: str) -> None:
    assert split_title(text) == (title, body)


def test_txt_file_gives_title_body_and_file_name_as_id(tmp_path: Path) -> None:
    path = tmp_path / "river.txt"
    path.write_text("Ceasefire holds along the river\n\nThe guns fell silent at dawn on Sunday.\n", "utf-8")
    [document] = read_all(path, published=dt.date(2022, 4, 3))
    assert document == RawDocument(
        id="river.txt",
        text="The guns fell silent at dawn on Sunday.",
        origin=str(path),
        title="Ceasefire holds along the river",
        published=dt.date(2022, 4, 3),
    )


def test_txt_whose_first_line_ends_with_a_period_has_no_title(tmp_path: Path) -> None:
    text = "The ceasefire held along the river.\n\nThe guns fell silent at dawn on Sunday.\n"
    (tmp_path / "river.txt").write_text(text, "utf-8")
    [document] = read_all(tmp_path / "river.txt")
    assert isinstance(document, RawDocument)
    assert document.title is None
    assert document.text == text


# --- HTML ---------------------------------------------------------------------------------


def test_html_gives_the_article_and_not_the_navigation(tmp_path: Path) -> None:
    (tmp_path / "valley.html").write_text(ARTICLE_PAGE, "utf-8")
    [document] = read_all(tmp_path / "valley.html")
    assert isinstance(document, RawDocument)
    assert document.id == "valley.html"
    assert document.title == "Envoys trade maps at a mountain customs post"
    assert "spent six hours at a customs post on Thursday" in document.text
    assert "neither delegation had brought its own translator" in document.text
    assert "World desk menu" not in document.text
    assert "Front page" not in document.text
    assert "footer notice" not in document.text


def test_htm_suffix_is_read_as_html(tmp_path: Path) -> None:
    (tmp_path / "VALLEY.HTM").write_text(ARTICLE_PAGE, "utf-8")
    [document] = read_all(tmp_path / "VALLEY.HTM")
    assert isinstance(document, RawDocument)
    assert "<p>" not in document.text
    assert "customs post on Thursday" in document.text


def test_html_without_article_text_is_a_failure(tmp_path: Path) -> None:
    (tmp_path / "blank.html").write_text(EMPTY_PAGE, "utf-8")
    [failure] = read_all(tmp_path / "blank.html")
    assert isinstance(failure, Failure)
    assert failure.origin == str(tmp_path / "blank.html")
    assert failure.stage == "read"
    assert failure.document_id is None
    assert "no article text" in failure.reason


# --- JSONL --------------------------------------------------------------------------------


def test_jsonl_fields(tmp_path: Path) -> None:
    path = tmp_path / "wire.jsonl"
    record = {
        "id": "wire-17",
        "text": "Chilean and Peruvian delegates met in Lima.",
        "title": "Fishing talks",
        "published": "2021-05-04T10:30:00Z",
        "url": "https://example.org/fishing-talks",
        "source": "Pacific Wire",
    }
    path.write_bytes(jsonl(json.dumps(record)))
    [document] = read_all(path)
    assert document == RawDocument(
        id="wire-17",
        text="Chilean and Peruvian delegates met in Lima.",
        origin=f"{path}:1",
        title="Fishing talks",
        published=dt.date(2021, 5, 4),
        url="https://example.org/fishing-talks",
        source="Pacific Wire",
    )


def test_jsonl_defaults_id_to_file_and_line_and_published_to_the_option(tmp_path: Path) -> None:
    path = tmp_path / "wire.jsonl"
    path.write_bytes(jsonl('{"text": "The border reopened."}', "", '{"text": "Trade resumed.", "id": 42}'))
    first, second = read_all(path, published=dt.date(2020, 1, 2))
    assert (first.id, first.origin, first.published) == ("wire.jsonl:1", f"{path}:1", dt.date(2020, 1, 2))
    assert (second.id, second.origin, second.text) == ("42", f"{path}:3", "Trade resumed.")


def test_jsonl_bad_lines_are_failures_with_line_numbers_and_the_rest_still_come_out(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(
        jsonl(
            '{"id": "a", "text": "Envoys met in Doha."}',
            '{"id": "b", "text": "unterminated',
            '["a list", "not an object"]',
            '{"id": "d", "title": "No text at all"}',
            '{"id": "e", "text": "   "}',
            '{"id": "f", "text": "Talks ended.", "published": "last Tuesday"}',
            '{"id": "g", "text": "Talks ended.", "title": ["a", "list"]}',
            '{"id": "h", "text": "The envoys flew home."}',
        )
    )
    items = read_all(path)
    assert [type(item).__name__ for item in items] == ["RawDocument"] + ["Failure"] * 6 + ["RawDocument"]
    assert [item.id for item in items if isinstance(item, RawDocument)] == ["a", "h"]
    failures = [item for item in items if isinstance(item, Failure)]
    assert [f.origin for f in failures] == [f"{path}:{n}" for n in range(2, 8)]
    assert all(f.origin.endswith(f":{n}") for f, n in zip(failures, range(2, 8), strict=True))
    assert {f.stage for f in failures} == {"read"}
    reasons = [f.reason for f in failures]
    assert reasons[0].startswith("not valid JSON")
    assert reasons[1] == "expected a JSON object with a 'text' field, got list"
    assert reasons[2] == "missing or empty 'text' (a non-empty string is required)"
    assert reasons[3] == "missing or empty 'text' (a non-empty string is required)"
    assert reasons[4] == "publication date 'last Tuesday' is not an ISO date (YYYY-MM-DD)"
    assert reasons[5] == "'title' must be a string, got list"


def test_jsonl_text_over_the_limit_fails_that_line_only(tmp_path: Path) -> None:
    path = tmp_path / "long.jsonl"
    path.write_bytes(jsonl(json.dumps({"text": "word " * 40}), '{"text": "Short and fine."}'))
    failure, document = read_all(path, max_bytes=100)
    assert isinstance(failure, Failure)
    assert failure.origin == f"{path}:1"
    assert "over the limit of 100 bytes" in failure.reason
    assert isinstance(document, RawDocument)
    assert document.text == "Short and fine."


# --- directories --------------------------------------------------------------------------


def test_directory_is_read_recursively_by_extension_in_sorted_order(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_text("Second article.", "utf-8")
    (tmp_path / "a.html").write_text(ARTICLE_PAGE, "utf-8")
    (tmp_path / "notes.md").write_text("Not an article.", "utf-8")
    (tmp_path / "data.xlsx").write_bytes(b"PK\x03\x04")
    nested = tmp_path / "sub" / "deeper"
    nested.mkdir(parents=True)
    (nested / "c.jsonl").write_bytes(jsonl('{"id": "c1", "text": "Third."}', '{"id": "c2", "text": "Fourth."}'))
    (tmp_path / "sub" / "d.TXT").write_text("Fifth.", "utf-8")
    items = read_all(tmp_path)
    assert [item.id for item in items] == ["a.html", "b.txt", "d.TXT", "c1", "c2"]
    assert all(isinstance(item, RawDocument) for item in items)


def test_empty_directory_gives_nothing(tmp_path: Path) -> None:
    assert read_all(tmp_path) == []


# --- stdin --------------------------------------------------------------------------------


def fake_stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


def test_stdin_plain_text(monkeypatch: pytest.MonkeyPatch) -> None:
    fake_stdin(monkeypatch, b"Harbour reopens\n\nThe port of Aden reopened on Monday.\n")
    [document] = read_all("-", published=dt.date(2019, 9, 9))
    assert document == RawDocument(
        id="stdin",
        text="The port of Aden reopened on Monday.",
        origin="<stdin>",
        title="Harbour reopens",
        published=dt.date(2019, 9, 9),
    )


def test_stdin_jsonl(monkeypatch: pytest.MonkeyPatch) -> None:
    fake_stdin(monkeypatch, jsonl('{"id": "s1", "text": "One."}', "{broken", '{"id": "s3", "text": "Three."}'))
    first, failure, third = read_all("-")
    assert (first.id, first.text) == ("s1", "One.")
    assert isinstance(failure, Failure)
    assert failure.origin == "<stdin>:2"
    assert (third.id, third.origin) == ("s3", "<stdin>:3")


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty document: no text to analyse"),
        (b" \n\t\n", "empty document: no text to analyse"),
        (b"x" * 11, "over the limit of 10 bytes (limits.max_document_bytes)"),
    ],
)
def test_stdin_failures(monkeypatch: pytest.MonkeyPatch, data: bytes, reason: str) -> None:
    fake_stdin(monkeypatch, data)
    assert read_all("-", max_bytes=10) == [Failure("<stdin>", None, "read", reason)]


# --- bad files ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.txt", b"", "empty document: no text to analyse"),
        ("blank.txt", b"\n  \n\t\n", "empty document: no text to analyse"),
        ("empty.jsonl", b"", "empty document: no text to analyse"),
        (
            "image.txt",
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
            "binary file (NUL bytes); expected UTF-8 text, HTML or JSONL (UTF-16 or UTF-32 with a byte-order mark)",
        ),
        (
            "image.html",
            b"<html>\x00\x00</html>",
            "binary file (NUL bytes); expected UTF-8 text, HTML or JSONL (UTF-16 or UTF-32 with a byte-order mark)",
        ),
    ],
)
def test_unreadable_files_are_failures(tmp_path: Path, name: str, data: bytes, reason: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    assert read_all(path) == [Failure(str(path), None, "read", reason)]


def test_invalid_utf8_is_replaced_and_reported(tmp_path: Path) -> None:
    path = tmp_path / "latin.txt"
    path.write_bytes(b"Talks in Bogot" + b"\xe1 ended without a deal.")
    [document] = read_all(path)
    assert isinstance(document, RawDocument)
    assert document.text == "Talks in Bogot\ufffd ended without a deal."
    assert len(document.warnings) == 1
    assert str(path) in document.warnings[0]
    assert "invalid UTF-8 at byte 14" in document.warnings[0]


def test_utf8_bom_is_dropped(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbfThe envoys met.")
    [document] = read_all(path)
    assert document.text == "The envoys met."
    assert document.warnings == ()


# the first line ends with a full stop: no title, the text is read as written
TALKS = "Talks in Bogotá ended without a deal.\n\nThe delegations from Colombia and Ecuador will meet again in Quito."


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32", "utf-32-be"])
def test_utf16_and_utf32_text_with_a_byte_order_mark_is_read(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "talks.txt"
    # "utf-16" and "utf-32" write a little-endian mark; the -be codecs write none, so add it
    bom = {"utf-16-be": "\ufeff", "utf-32-be": "\ufeff"}.get(encoding, "")
    path.write_bytes((bom + TALKS).encode(encoding))
    [document] = read_all(path)
    assert (document.title, document.text, document.warnings) == (None, TALKS, ())


def test_utf16_html_with_a_byte_order_mark_is_read(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_bytes(ARTICLE_PAGE.encode("utf-16"))
    [document] = read_all(path)
    assert document.title == "Envoys trade maps at a mountain customs post"
    assert "Negotiators from Armenia and Azerbaijan spent six hours" in document.text


def test_utf16_without_a_byte_order_mark_is_still_binary(tmp_path: Path) -> None:
    path = tmp_path / "talks.txt"
    path.write_bytes(TALKS.encode("utf-16-le"))
    [failure] = read_all(path)
    assert failure.reason == (
        "binary file (NUL bytes); expected UTF-8 text, HTML or JSONL (UTF-16 or UTF-32 with a byte-order mark)"
    )


def test_invalid_utf16_is_replaced_and_reported(tmp_path: Path) -> None:
    path = tmp_path / "odd.txt"
    path.write_bytes("The envoys met.".encode("utf-16") + b"\x00\xd8")  # a lone high surrogate at the end
    [document] = read_all(path)
    assert document.text == "The envoys met.\ufffd"
    assert document.warnings == (f"{path}: invalid UTF-16 at byte 32; undecodable bytes replaced with U+FFFD",)


@pytest.mark.parametrize("name", ["talks.jsonl", "talks.jsonl.gz"])
def test_utf16_jsonl_with_a_byte_order_mark_is_read_line_by_line(tmp_path: Path, name: str) -> None:
    import gzip

    path = tmp_path / name
    text = jsonl('{"id": "bogota", "text": "Talks in Bogotá ended."}', "", '{"text": "Quito is next."}')
    data = text.decode().encode("utf-16")
    path.write_bytes(gzip.compress(data) if name.endswith(".gz") else data)
    items = read_all(path)
    assert [(item.id, item.text, item.origin) for item in items] == [
        ("bogota", "Talks in Bogotá ended.", f"{path}:1"),
        (f"{name}:3", "Quito is next.", f"{path}:3"),
    ]


def test_undecodable_utf16_in_jsonl_is_replaced_and_reported_on_its_line(tmp_path: Path) -> None:
    path = tmp_path / "odd.jsonl"
    good = '{"text": "Talks in Bogotá ended."}\n'.encode("utf-16-le")
    odd = '{"text": "Quito '.encode("utf-16-le") + b"\x00\xdc" + ' is next."}\n'.encode("utf-16-le")  # a lone surrogate
    path.write_bytes(codecs.BOM_UTF16_LE + good + odd + good)
    first, second, third = read_all(path)
    assert (first.text, second.text, third.text) == (
        "Talks in Bogotá ended.",
        "Quito \ufffd is next.",
        "Talks in Bogotá ended.",
    )
    assert second.warnings == (f"{path}:2: invalid UTF-16 in the line; undecodable bytes replaced with U+FFFD",)
    assert first.warnings == third.warnings == ()


def test_file_over_the_limit_is_a_failure_naming_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    path.write_text("word " * 30, "utf-8")
    [failure] = read_all(path, max_bytes=100)
    assert isinstance(failure, Failure)
    assert failure.origin == str(path)
    assert failure.reason == "150 bytes is over the limit of 100 (limits.max_document_bytes)"


def test_a_bad_file_does_not_stop_the_next(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(b"")
    (tmp_path / "b.txt").write_text("The envoys met.", "utf-8")
    failure, document = read_all(tmp_path)
    assert isinstance(failure, Failure)
    assert document.id == "b.txt"


# --- check_paths --------------------------------------------------------------------------


def test_check_paths_missing_path(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.txt"
    with pytest.raises(InputError) as caught:
        check_paths([str(missing)])
    assert caught.value.where == str(missing)
    assert caught.value.reason == "no such file or directory"
    assert str(caught.value) == f"{missing}: no such file or directory"


def test_check_paths_unknown_suffix_lists_the_known_ones(tmp_path: Path) -> None:
    path = tmp_path / "table.xlsx"
    path.write_bytes(b"PK\x03\x04")
    with pytest.raises(InputError) as caught:
        check_paths([str(path)])
    assert caught.value.reason == (
        "unknown file type '.xlsx'; known: .csv, .csv.gz, .htm, .html, .json.gz, .jsonl, .jsonl.gz, .tsv, .tsv.gz, "
        ".txt, .warc, .warc.gz"
    )


def test_check_paths_names_a_double_suffix(tmp_path: Path) -> None:
    path = tmp_path / "pages.txt.gz"
    path.write_bytes(b"")
    with pytest.raises(InputError) as caught:
        check_paths([str(path)])
    assert caught.value.reason.startswith("unknown file type '.txt.gz'; known: ")


def test_check_paths_accepts_stdin_directories_and_known_files(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("x", "utf-8")
    (tmp_path / "notes.md").write_text("x", "utf-8")
    assert check_paths(["-", str(tmp_path), str(tmp_path / "a.txt")]) is None


# --- properties ---------------------------------------------------------------------------

jsonl_lines = st.lists(
    st.one_of(
        st.binary(max_size=60),
        st.text(max_size=60).map(str.encode),
        st.fixed_dictionaries(
            {"text": st.text(max_size=40)},
            optional={
                "id": st.one_of(st.text(max_size=8), st.integers(), st.none()),
                "title": st.one_of(st.text(max_size=8), st.none(), st.lists(st.integers(), max_size=2)),
                "published": st.one_of(st.dates().map(str), st.text(max_size=12), st.none()),
            },
        ).map(lambda record: json.dumps(record).encode()),
    ),
    max_size=8,
)


@settings(max_examples=200, deadline=None)
@given(jsonl_lines)
def test_read_jsonl_gives_documents_or_failures_and_raises_only_project_errors(lines: list[bytes]) -> None:
    data = b"\n".join(lines)
    try:
        items = list(read_jsonl(data, "prop.jsonl", None, 1_000))
    except ThucydidesError:
        return
    for item in items:
        assert isinstance(item, RawDocument | Failure)
        if isinstance(item, RawDocument):
            assert item.text.strip()
            assert item.origin.startswith("prop.jsonl:")
        else:
            assert item.stage == "read"
            # a bad line names its line; a file with no line at all is named as a whole
            assert item.origin.startswith("prop.jsonl:") or (item.origin == "prop.jsonl" and "empty" in item.reason)


def _non_space(text: str) -> list[str]:
    return sorted(ch for ch in text if not ch.isspace() and ch != "\ufeff")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab. ?\n\r\t\ufeff\u00e9\"'"), max_size=40) | st.text(max_size=40))
def test_split_title_never_loses_text(text: str) -> None:
    title, body = split_title(text)
    assert _non_space((title or "") + body) == _non_space(text)
    if title is not None:
        assert title == title.strip()
        assert "\n" not in title
        assert body.strip()


def test_deeply_nested_jsonl_line_is_a_failure_and_the_others_are_read() -> None:
    data = (
        b'{"id": "a", "text": "Nepal reopened the border."}\n'
        + b"[" * 100_000
        + b'\n{"id": "b", "text": "Talks resumed."}\n'
    )
    items = list(read_jsonl(data, "deep.jsonl", None, 10_000_000))
    assert [type(i).__name__ for i in items] == ["RawDocument", "Failure", "RawDocument"]
    assert items[1].origin == "deep.jsonl:2" and "nested too deeply" in items[1].reason


def test_unicode_line_separators_inside_a_jsonl_string_do_not_split_the_line() -> None:
    data = '{"id": "u", "text": "First part\u2028second part."}\n{"id": "v", "text": "Next."}\n'.encode()
    items = list(read_jsonl(data, "sep.jsonl", None, 10_000))
    assert [(i.id, i.origin) for i in items] == [("u", "sep.jsonl:1"), ("v", "sep.jsonl:2")]


def test_numeric_jsonl_fields_become_strings() -> None:
    data = b'{"id": 7, "text": "Indian troops patrolled the border.", "title": 5, "source": 12}\n'
    (item,) = read_jsonl(data, "n.jsonl", None, 10_000)
    assert (item.id, item.title, item.source) == ("7", "5", "12")


def test_html_with_only_navigation_is_a_failure(tmp_path: Path) -> None:
    page = tmp_path / "menu.html"
    page.write_text("<html><body><nav><a href='/'>Home</a><a href='/a'>About us</a></nav></body></html>", "utf-8")
    (item,) = iter_documents([str(page)])
    assert isinstance(item, Failure) and "no article text" in item.reason


def test_lone_surrogates_are_replaced_with_a_warning() -> None:
    (item,) = read_jsonl(b'{"id": "s", "text": "Talks \\ud800 resumed."}\n', "s.jsonl", None, 10_000)
    assert item.text == "Talks \ufffd resumed."
    assert item.warnings == ("s.jsonl:1: lone surrogate code points in 'text' replaced with U+FFFD",)


def test_invalid_utf8_in_jsonl_is_reported_once_on_its_line() -> None:
    data = b'{"id": "a", "text": "Fine."}\n{"id": "b", "text": "Caf\xe9 talks."}\n{"id": "c", "text": "Fine too."}\n'
    items = list(read_jsonl(data, "w.jsonl", None, 10_000))
    assert [i.warnings for i in items] == [
        (),
        ("w.jsonl:2: invalid UTF-8 at column 25; undecodable bytes replaced with U+FFFD",),
        (),
    ]


def test_stdin_jsonl_limit_is_per_document(monkeypatch: pytest.MonkeyPatch) -> None:
    lines = b"".join(b'{"id": "%d", "text": "Ministers met in Doha on day %d."}\n' % (n, n) for n in range(3))
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(lines)))
    items = list(iter_documents(["-"], max_bytes=100))
    assert [i.id for i in items] == ["0", "1", "2"]
