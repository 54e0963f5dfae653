"""Corpus inputs: globs, gzipped JSONL, CSV/TSV tables and WARC archives, streamed.

Every article here was written for these tests; the WARC files are built with warcio.
"""

from __future__ import annotations

import datetime as dt
import gzip
import io
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from thucydides import Failure, InputError, RawDocument
from thucydides.read import check_paths, iter_documents


def read_all(*paths: Path | str, **options) -> list[RawDocument | Failure]:
    return list(iter_documents([str(p) for p in paths], **options))


def jsonl(*records: dict) -> bytes:
    return b"".join(json.dumps(record).encode() + b"\n" for record in records)


FERRY = "The ferry between Tallinn and Helsinki resumed sailing on Monday after a two-day strike by dock workers."
GRAIN = "Ukrainian grain left the port of Odesa under a deal brokered by Turkey and the United Nations."
DAM = "Engineers from Egypt and Sudan inspected the dam on the Blue Nile and asked Ethiopia for rainfall data."


def page(headline: str, *paragraphs: str, date: str | None = None, charset: str = "utf-8") -> str:
    meta = f'<meta property="article:published_time" content="{date}">' if date else ""
    body = "".join(f"<p>{paragraph}</p>\n" for paragraph in paragraphs)
    return (
        f'<!DOCTYPE html>\n<html><head><meta charset="{charset}"><title>{headline}</title>{meta}</head><body>\n'
        f"<nav><a href='/'>Front page</a> <a href='/world'>World desk menu</a></nav>\n"
        f"<article><h1>{headline}</h1>\n{body}</article>\n</body></html>\n"
    )


STRAIT_PAGE = page(
    "Fishermen return to the strait",
    "Fishing boats from Yemen and Eritrea returned to the strait on Tuesday after the navies agreed on a"
    " shared channel for the small boats.",
    "A harbour master in Assab said forty boats had sailed before dawn and that the catch was the best in years.",
    date="2023-03-14T08:00:00Z",
)
CAFE_PAGE = page(
    "Café owners in Mérida protest",
    "Café owners in Mérida closed their shutters for an hour on Friday to protest a new tax on outdoor tables.",
    "The mayor said the tax would pay for repairs to the old square and that he would meet the owners next week.",
    charset="iso-8859-1",
)
MENU_PAGE = "<html><body><nav><a href='/'>Home</a><a href='/a'>About us</a></nav></body></html>"


# --- globs --------------------------------------------------------------------------------


def test_glob_is_expanded_in_sorted_order_and_recursively(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_text("The second article.", "utf-8")
    (tmp_path / "a.txt").write_text("The first article.", "utf-8")
    (tmp_path / "notes.md").write_text("Not an article.", "utf-8")
    deeper = tmp_path / "2023" / "03"
    deeper.mkdir(parents=True)
    (deeper / "wire.jsonl").write_bytes(jsonl({"id": "w1", "text": FERRY}))
    assert [item.id for item in read_all(tmp_path / "*.txt")] == ["a.txt", "b.txt"]
    assert [item.id for item in read_all(tmp_path / "**" / "*.jsonl")] == ["w1"]
    assert [item.id for item in read_all(tmp_path / "[ab].txt")] == ["a.txt", "b.txt"]
    assert [item.id for item in read_all(tmp_path / "20??")] == ["w1"]  # a matched folder is walked


def test_glob_matching_nothing_is_a_usage_error_naming_the_pattern(tmp_path: Path) -> None:
    pattern = str(tmp_path / "*.warc.gz")
    with pytest.raises(InputError) as caught:
        check_paths([pattern])
    assert (caught.value.where, caught.value.reason) == (pattern, "no file matches this pattern")
    assert read_all(pattern) == [Failure(pattern, None, "read", "no file matches this pattern")]


def test_glob_matching_only_unknown_types_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "notes.md").write_text("x", "utf-8")
    with pytest.raises(InputError) as caught:
        check_paths([str(tmp_path / "*")])
    assert caught.value.reason.startswith("matches 1 paths, none of a known type; known: .csv, .csv.gz, .htm")


def test_an_existing_name_with_brackets_is_a_file_not_a_pattern(tmp_path: Path) -> None:
    path = tmp_path / "report[1].txt"
    path.write_text(FERRY, "utf-8")
    check_paths([str(path)])
    assert [item.id for item in read_all(path)] == ["report[1].txt"]


def test_directories_take_the_new_formats(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_text(f"id,text\nc1,{GRAIN}\n", "utf-8")
    (tmp_path / "b.jsonl.gz").write_bytes(gzip.compress(jsonl({"id": "g1", "text": FERRY})))
    (tmp_path / "c.tar.gz").write_bytes(gzip.compress(b"not a corpus"))
    assert [item.id for item in read_all(tmp_path)] == ["c1", "g1"]


# --- gzipped JSONL ------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["wire.jsonl.gz", "wire.json.gz", "WIRE.JSONL.GZ"])
def test_gzipped_jsonl_is_read_line_by_line(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(gzip.compress(jsonl({"id": "f", "text": FERRY, "published": "2022-06-06"}, {"text": GRAIN})))
    first, second = read_all(path)
    assert (first.id, first.origin, first.published) == ("f", f"{path}:1", dt.date(2022, 6, 6))
    assert (second.id, second.origin, second.text.split()[0]) == (f"{name}:2", f"{path}:2", "Ukrainian")


def truncated_jsonl_gz(path: Path, lines: int) -> None:
    """A gzipped JSONL file of ``lines`` articles with its last quarter cut off."""
    records = [
        {"id": f"n{n}", "text": f"{DAM} Day {n} of the inspection. " + "Water flowed. " * 200} for n in range(lines)
    ]
    data = gzip.compress(jsonl(*records))
    path.write_bytes(data[: len(data) * 3 // 4])


def test_truncated_jsonl_gz_gives_the_lines_before_and_a_failure_then_the_next_source(tmp_path: Path) -> None:
    truncated_jsonl_gz(tmp_path / "cut.jsonl.gz", lines=400)
    (tmp_path / "next.txt").write_text(FERRY, "utf-8")
    items = read_all(tmp_path / "cut.jsonl.gz", tmp_path / "next.txt")
    documents = [item for item in items[:-1] if isinstance(item, RawDocument)]
    failure, last = items[len(documents)], items[-1]
    assert len(documents) > 100
    assert [d.id for d in documents] == [f"n{n}" for n in range(len(documents))]
    assert isinstance(failure, Failure)
    assert failure.origin == f"{tmp_path / 'cut.jsonl.gz'}:{len(documents) + 1}"
    assert failure.reason == (
        "truncated gzip file (it ends before the gzip end-of-stream marker); "
        "the lines before it were read, the rest of the file is skipped"
    )
    assert last.id == "next.txt"


def test_gzip_with_a_bad_crc_is_a_failure_after_its_lines(tmp_path: Path) -> None:
    data = bytearray(gzip.compress(jsonl({"id": "x", "text": FERRY})))
    data[-8] ^= 0xFF  # the CRC-32 of the trailer
    path = tmp_path / "crc.jsonl.gz"
    path.write_bytes(bytes(data))
    items = read_all(path)
    assert isinstance(items[-1], Failure)
    assert items[-1].reason.startswith("corrupt or not gzip data (CRC check failed")
    assert items[-1].origin.startswith(f"{path}:")


def test_a_jsonl_gz_that_is_not_gzip_fails_at_line_one(tmp_path: Path) -> None:
    path = tmp_path / "plain.jsonl.gz"
    path.write_bytes(jsonl({"text": FERRY}))
    [failure] = read_all(path)
    assert failure.origin == f"{path}:1"
    assert failure.reason.startswith("corrupt or not gzip data (Not a gzipped file")


def test_a_line_far_over_the_limit_is_skipped_unread(tmp_path: Path) -> None:
    path = tmp_path / "long.jsonl.gz"
    path.write_bytes(gzip.compress(jsonl({"id": "big", "text": "word " * 30_000}, {"id": "ok", "text": GRAIN})))
    failure, document = read_all(path, max_bytes=1_000)
    assert failure.origin == f"{path}:1"
    assert failure.reason.startswith("line of 150026 bytes, too long to hold a document within the limit of 1000")
    assert document.id == "ok"


# --- tables -------------------------------------------------------------------------------


def test_csv_columns_by_name_any_order_and_case(tmp_path: Path) -> None:
    path = tmp_path / "wire.csv"
    path.write_text(
        "URL,Title,text,ID,published,source,desk\n"
        f"https://example.org/ferry,Ferry resumes,{FERRY},f-1,2022-06-06,Baltic Wire,transport\n"
        f'https://example.org/grain,,"{GRAIN}\n\nMore to follow.",,,,\n',
        "utf-8",
    )
    first, second = read_all(path, published=dt.date(2022, 8, 1))
    assert first == RawDocument(
        id="f-1",
        text=FERRY,
        origin=f"{path}:2",
        title="Ferry resumes",
        published=dt.date(2022, 6, 6),
        url="https://example.org/ferry",
        source="Baltic Wire",
    )
    assert (second.id, second.origin, second.title, second.published) == (
        "wire.csv:3",
        f"{path}:3",
        None,
        dt.date(2022, 8, 1),
    )
    assert second.text == f"{GRAIN}\n\nMore to follow."


@pytest.mark.parametrize(
    ("header", "option", "expected"),
    [
        ("id,body", None, "Ukrainian"),
        ("id,content", None, "Ukrainian"),
        ("id,story", "story", "Ukrainian"),
        ("id,Story", "STORY", "Ukrainian"),
    ],
)
def test_csv_text_column_defaults_and_option(tmp_path: Path, header: str, option: str | None, expected: str) -> None:
    path = tmp_path / "t.csv"
    path.write_text(f'{header}\ng1,"{GRAIN}"\n', "utf-8")
    [document] = read_all(path, text_column=option)
    assert document.text.split()[0] == expected


def test_csv_without_the_text_column_is_one_failure_naming_the_columns(tmp_path: Path) -> None:
    path = tmp_path / "headlines.csv"
    path.write_text("id,headline,story\n1,Ferry resumes,The ferry sailed.\n2,Grain leaves,The grain left.\n", "utf-8")
    assert read_all(path) == [
        Failure(
            str(path),
            None,
            "read",
            "no text column: the header has 'id', 'headline', 'story'; expected one named 'text', 'body' or "
            "'content', or name the text column with the text_column option",
        )
    ]
    [failure] = read_all(path, text_column="article")
    assert failure.reason == "no column 'article' for the text; the header has 'id', 'headline', 'story'"


def test_csv_bad_rows_are_failures_naming_their_lines(tmp_path: Path) -> None:
    path = tmp_path / "rows.csv"
    path.write_text(
        f'id,text,published\na,"{FERRY}",\nb,  ,\n\nc,"{GRAIN}",last week\nd,too,many,fields\ne,"{DAM}",2021-02-03\n',
        "utf-8",
    )
    items = read_all(path)
    assert [(type(item).__name__, item.origin) for item in items] == [
        ("RawDocument", f"{path}:2"),
        ("Failure", f"{path}:3"),
        ("Failure", f"{path}:5"),
        ("Failure", f"{path}:6"),
        ("RawDocument", f"{path}:7"),
    ]
    assert [item.reason for item in items if isinstance(item, Failure)] == [
        "empty 'text' column (a non-empty text is required)",
        "publication date 'last week' is not an ISO date (YYYY-MM-DD)",
        "row has 4 fields, the header has 3",
    ]
    assert items[-1].published == dt.date(2021, 2, 3)


def test_tsv_and_gzipped_csv(tmp_path: Path) -> None:
    (tmp_path / "a.tsv").write_text(f"id\ttext\nt1\t{FERRY}\n", "utf-8")
    (tmp_path / "b.csv.gz").write_bytes(gzip.compress(f'id,text\nz1,"{GRAIN}"\n'.encode()))
    first, second = read_all(tmp_path / "a.tsv", tmp_path / "b.csv.gz")
    assert (first.id, first.text) == ("t1", FERRY)
    assert (second.id, second.origin) == ("z1", f"{tmp_path / 'b.csv.gz'}:2")


def test_csv_row_over_the_limit_fails_alone(tmp_path: Path) -> None:
    path = tmp_path / "long.csv"
    path.write_text(f"id,text\nlong,{'word ' * 100}\nshort,{FERRY}\n", "utf-8")
    failure, document = read_all(path, max_bytes=200)
    assert (failure.origin, failure.reason) == (
        f"{path}:2",
        "'text' is over the limit of 200 bytes (limits.max_document_bytes)",
    )
    assert document.id == "short"


def test_csv_invalid_utf8_is_replaced_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "latin.csv"
    path.write_bytes(b"id,text\nm,Talks in M\xe9rida ended.\n")
    [document] = read_all(path)
    assert document.text == "Talks in M\ufffdrida ended."
    assert document.warnings == (f"{path}:2: invalid UTF-8; undecodable bytes replaced with U+FFFD",)


def test_csv_with_an_unclosed_quote_ends_the_file_with_a_failure(tmp_path: Path) -> None:
    path = tmp_path / "quote.csv"
    path.write_text(f'id,text\na,"{FERRY}"\nb,"never closed\n', "utf-8")
    document, failure = read_all(path)
    assert document.id == "a"
    assert failure.origin == f"{path}:3"  # where the bad row begins
    assert failure.reason.startswith("malformed CSV (unexpected end of data)")


def test_empty_csv_is_a_failure(tmp_path: Path) -> None:
    (tmp_path / "empty.csv").write_bytes(b"")
    [failure] = read_all(tmp_path / "empty.csv")
    assert failure.reason == "empty document: no header row naming the columns"


# --- WARC ---------------------------------------------------------------------------------


def http(content_type: str, status: str = "200 OK") -> StatusAndHeaders:
    return StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")


def write_warc(path: Path, records: list[tuple[str, str, bytes, StatusAndHeaders | None]]) -> list[int]:
    """A WARC file of ``(type, uri, payload, http headers)`` records; gives their offsets."""
    offsets = []
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=path.name.endswith(".gz"))
        for rec_type, uri, payload, headers in records:
            offsets.append(out.tell())
            if rec_type == "warcinfo":
                record = writer.create_warcinfo_record(path.name, {"software": "test"})
            elif rec_type == "resource":
                record = writer.create_warc_record(
                    uri, "resource", payload=io.BytesIO(payload), warc_content_type="text/html"
                )
            else:
                record = writer.create_warc_record(uri, rec_type, payload=io.BytesIO(payload), http_headers=headers)
            writer.write_record(record)
    return offsets


NEWS_CRAWL = [
    ("warcinfo", "", b"", None),
    ("request", "https://news.example/strait", b"", StatusAndHeaders("GET /strait HTTP/1.1", [], is_http_request=True)),
    ("response", "https://news.example/strait", STRAIT_PAGE.encode(), http("text/html; charset=utf-8")),
    ("response", "https://news.example/logo.png", b"\x89PNG\r\n\x1a\n", http("image/png")),
    ("response", "https://news.example/old", b"<html>moved</html>", http("text/html", "301 Moved Permanently")),
    ("response", "https://news.example/cafe", CAFE_PAGE.encode("iso-8859-1"), http("text/html; charset=ISO-8859-1")),
    ("response", "https://news.example/menu", MENU_PAGE.encode(), http("text/html")),
    (
        "resource",
        "https://news.example/dam",
        page("Dam talks", DAM, DAM.replace("Engineers", "Diplomats")).encode(),
        None,
    ),
]


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_warc_gives_the_html_articles_and_skips_the_rest(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    offsets = write_warc(path, NEWS_CRAWL)
    items = read_all(path)
    assert [(type(item).__name__, item.origin) for item in items] == [
        ("RawDocument", f"{path}#{offsets[2]}"),
        ("RawDocument", f"{path}#{offsets[5]}"),
        ("Failure", f"{path}#{offsets[6]}"),
        ("RawDocument", f"{path}#{offsets[7]}"),
    ]
    strait, cafe, menu, dam = items
    assert (strait.id, strait.url, strait.title) == (
        "https://news.example/strait",
        "https://news.example/strait",
        "Fishermen return to the strait",
    )
    assert strait.text.splitlines()[1].startswith("Fishing boats from Yemen and Eritrea")  # after the headline
    assert "World desk menu" not in strait.text
    assert strait.published == dt.date(2023, 3, 14)  # the page's own date
    assert cafe.text.splitlines()[1].startswith("Café owners in Mérida closed their shutters")  # Latin-1 honoured
    assert cafe.published is None  # the page gives none; the crawl date (WARC-Date) is not used
    assert (menu.document_id, menu.stage) == ("https://news.example/menu", "read")
    assert "no article text" in menu.reason
    assert (dam.id, dam.text.splitlines()[1].split()[0]) == ("https://news.example/dam", "Engineers")


def test_warc_published_option_fills_pages_without_a_date(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    write_warc(path, NEWS_CRAWL)
    dates = [item.published for item in read_all(path, published=dt.date(2023, 5, 1)) if isinstance(item, RawDocument)]
    assert dates == [dt.date(2023, 3, 14), dt.date(2023, 5, 1), dt.date(2023, 5, 1)]


def test_warc_record_over_the_limit_fails_alone(tmp_path: Path) -> None:
    path = tmp_path / "big.warc.gz"
    big = page("Long", *[DAM] * 200).encode()
    offsets = write_warc(
        path,
        [
            ("response", "https://news.example/long", big, http("text/html")),
            ("response", "https://news.example/strait", STRAIT_PAGE.encode(), http("text/html")),
        ],
    )
    failure, document = read_all(path, max_bytes=10_000)
    assert (failure.origin, failure.document_id) == (f"{path}#{offsets[0]}", "https://news.example/long")
    assert failure.reason.startswith("HTML page of over 10000 bytes is over the limit (limits.max_document_bytes)")
    assert document.id == "https://news.example/strait"


def strait_records(count: int) -> list[tuple[str, str, bytes, StatusAndHeaders | None]]:
    return [
        ("response", f"https://news.example/strait-{n}", STRAIT_PAGE.encode(), http("text/html")) for n in range(count)
    ]


def test_corrupt_gzip_member_is_a_failure_and_the_next_records_are_read(tmp_path: Path) -> None:
    path = tmp_path / "bad.warc.gz"
    offsets = write_warc(path, strait_records(4))
    data = bytearray(path.read_bytes())
    for at in range(offsets[1] + 30, offsets[1] + 60):  # inside the deflate data of the second member
        data[at] ^= 0xFF
    path.write_bytes(bytes(data))
    items = read_all(path)
    assert [(type(item).__name__, item.origin) for item in items] == [
        ("RawDocument", f"{path}#{offsets[0]}"),
        ("Failure", f"{path}#{offsets[1]}"),
        ("RawDocument", f"{path}#{offsets[2]}"),
        ("RawDocument", f"{path}#{offsets[3]}"),
    ]
    assert items[1].reason.startswith("corrupt WARC record (")
    assert items[1].reason.endswith(f"read on from the next record, at #{offsets[2]}")
    assert [item.id for item in items if isinstance(item, RawDocument)] == [
        "https://news.example/strait-0",
        "https://news.example/strait-2",
        "https://news.example/strait-3",
    ]


@pytest.mark.parametrize("name", ["cut.warc", "cut.warc.gz"])
def test_truncated_warc_gives_the_records_before_and_a_failure_then_the_next_file(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    offsets = write_warc(path, strait_records(3))
    path.write_bytes(path.read_bytes()[: (offsets[1] + offsets[2]) // 2])  # the second record cut in half
    (tmp_path / "next.txt").write_text(FERRY, "utf-8")
    first, failure, last = read_all(path, tmp_path / "next.txt")
    assert first.id == "https://news.example/strait-0"
    assert isinstance(failure, Failure)
    assert failure.origin == f"{path}#{offsets[1]}"
    assert failure.reason.startswith("truncated WARC")
    assert last.id == "next.txt"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty document: no WARC records"),
        (b"<html>not an archive</html>", "not a WARC file: it begins with b'<html>no'"),
    ],
)
def test_files_that_are_no_warc(tmp_path: Path, data: bytes, reason: str) -> None:
    path = tmp_path / "x.warc"
    path.write_bytes(data)
    [failure] = read_all(path)
    assert failure.origin == str(path)
    assert failure.reason.startswith(reason)


# --- a 50 MB document ---------------------------------------------------------------------

FIFTY_MB = 50 * 1024 * 1024


def huge_article() -> str:
    sentence = "Delegates from Chile and Peru met again in Lima to redraw the fishing boundary. "
    return sentence * (FIFTY_MB // len(sentence) + 1)


@pytest.mark.parametrize("name", ["huge.txt", "huge.jsonl.gz", "huge.csv", "huge.warc.gz"])
def test_a_50_mb_document_is_a_failure_naming_the_limit_and_the_run_goes_on(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    text = huge_article()
    if name.endswith(".txt"):
        path.write_text(text, "utf-8")
    elif name.endswith(".jsonl.gz"):
        path.write_bytes(gzip.compress(jsonl({"id": "huge", "text": text}, {"id": "after", "text": FERRY}), 1))
    elif name.endswith(".csv"):
        path.write_text(f"id,text\nhuge,{text}\nafter,{FERRY}\n", "utf-8")
    else:
        write_warc(
            path,
            [
                ("response", "https://news.example/huge", page("Huge", text).encode(), http("text/html")),
                ("response", "https://news.example/after", STRAIT_PAGE.encode(), http("text/html")),
            ],
        )
    (tmp_path / "next.txt").write_text(GRAIN, "utf-8")
    items = read_all(path, tmp_path / "next.txt")
    failure = items[0]
    assert isinstance(failure, Failure)
    assert "5000000" in failure.reason and "limits.max_document_bytes" in failure.reason
    assert failure.origin.startswith(str(path))
    assert items[-1].id == "next.txt"
    assert all(isinstance(item, RawDocument) for item in items[1:])


# --- properties ---------------------------------------------------------------------------

table_cells = st.text(alphabet=st.sampled_from('ab ,"\t\n\r\xe9'), max_size=12)


@settings(max_examples=200, deadline=None)
@given(st.lists(table_cells, max_size=6), st.binary(max_size=8))
def test_any_csv_gives_documents_or_failures_with_lines(tmp_path_factory, cells: list[str], noise: bytes) -> None:
    path = tmp_path_factory.mktemp("prop") / "p.csv"
    path.write_bytes(b"id,text\n" + "\n".join(cells).encode() + noise)
    for item in read_all(path, max_bytes=20):
        assert isinstance(item, RawDocument | Failure)
        assert item.origin.startswith(f"{path}:")
        if isinstance(item, RawDocument):
            assert item.text.strip()


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.tuples(st.floats(0, 1, exclude_max=True), st.integers(1, 255)), min_size=1, max_size=4), st.floats(0, 1)
)
def test_damaged_warc_gives_documents_or_failures(
    tmp_path_factory, flips: list[tuple[float, int]], keep: float
) -> None:
    """Flipped bytes anywhere and a cut after the first record (positions as fractions: the
    file's length varies with its record ids)."""
    path = tmp_path_factory.mktemp("prop") / "d.warc.gz"
    offsets = write_warc(path, strait_records(3))
    damaged = bytearray(path.read_bytes())
    for where, mask in flips:
        damaged[int(where * len(damaged))] ^= mask
    path.write_bytes(bytes(damaged[: offsets[1] + int(keep * (len(damaged) - offsets[1]))]))
    for item in read_all(path):
        assert isinstance(item, RawDocument | Failure)
        assert item.origin.startswith(f"{path}#") or item.origin == str(path)


@pytest.mark.parametrize(
    ("content_type", "charset_in_page"),
    [("text/html", "windows-1252"), ("text/html; charset=windows-1252", "utf-8"), ("text/html", "no-such-charset")],
    ids=["meta", "http-header-wins", "unknown"],
)
def test_warc_page_charset(tmp_path: Path, content_type: str, charset_in_page: str) -> None:
    path = tmp_path / "charset.warc"
    html = CAFE_PAGE.replace('charset="iso-8859-1"', f'charset="{charset_in_page}"')
    write_warc(path, [("response", "https://news.example/cafe", html.encode("cp1252"), http(content_type))])
    [document] = read_all(path)
    if charset_in_page == "no-such-charset":  # read as UTF-8: the accented bytes are replaced, and said so
        assert "Caf\ufffd owners" in document.text
        assert document.warnings[0] == f"{path}#0: unknown charset 'no-such-charset'; read as UTF-8"
    else:
        assert "Café owners in Mérida" in document.text
        assert document.warnings == ()


# --- WARC damage: reported, escaped, never printed ----------------------------------------

ESCAPES = b"\x1b[31m\x1b]0;owned\x07\x1b[2J"  # red, a window title, clear screen


def test_bytes_between_warc_records_are_a_failure_and_the_records_after_are_read(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "gap.warc"
    offsets = write_warc(path, strait_records(3))
    data = path.read_bytes()
    garbage = b"GARBAGE " + ESCAPES + b" " + b"x" * 300
    at = offsets[1] - 4  # after the first record's block, before the blank lines that close it
    path.write_bytes(data[:at] + garbage + data[at:])
    items = read_all(path)
    assert [(type(item).__name__, item.origin) for item in items] == [
        ("RawDocument", f"{path}#0"),
        ("Failure", f"{path}#{at}"),
        ("RawDocument", f"{path}#{offsets[1] + len(garbage)}"),
        ("RawDocument", f"{path}#{offsets[2] + len(garbage)}"),
    ]
    shown = ("GARBAGE \\x1b[31m\\x1b]0;owned\\x07\\x1b[2J " + "x" * 300)[:79] + "…"
    assert items[1].reason == (
        f"bytes between WARC records, part of none ({shown}): skipped, the record before them may have a "
        "wrong Content-Length; the records after them are read"
    )
    assert [item.id for item in items if isinstance(item, RawDocument)] == [
        "https://news.example/strait-0",
        "https://news.example/strait-1",
        "https://news.example/strait-2",
    ]
    assert capfd.readouterr() == ("", "")  # warcio's "Remainder: b'...'" dump is not printed


def test_a_corrupt_record_is_quoted_short_and_escaped(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bad.warc.gz"
    offsets = write_warc(path, strait_records(2))
    data = path.read_bytes()
    member = gzip.compress(ESCAPES + b" garbage \x00\xff\xfe" * 200 + b"\r\n\r\n")
    path.write_bytes(data[: offsets[1]] + member + data[offsets[1] :])
    first, failure, last = read_all(path)
    assert (first.id, last.id) == ("https://news.example/strait-0", "https://news.example/strait-1")
    assert failure.origin == f"{path}#{offsets[1]}"
    assert failure.reason.startswith(
        "corrupt WARC record (Invalid WARC record, first line: \\x1b[31m\\x1b]0;owned\\x07\\x1b[2J garbage \\x00"
    )
    assert failure.reason.endswith(f"…); read on from the next record, at #{offsets[1] + len(member)}")
    assert "\x1b" not in failure.reason and "\x00" not in failure.reason
    assert len(failure.reason) < 200
    assert capfd.readouterr() == ("", "")


def test_damaged_compressed_data_is_a_failure_and_the_next_record_is_read(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "dmg.warc.gz"
    words = [f"{n:x}{n * 7919 % 104729:x}" for n in range(12_000)]  # hard to compress: many gzip blocks
    big = page("Long", " ".join(words)).encode()
    records = strait_records(3)
    records[1] = ("response", "https://news.example/long", big, http("text/html"))
    offsets = write_warc(path, records)
    data = bytearray(path.read_bytes())
    middle = (offsets[1] + offsets[2]) // 2
    data[middle : middle + 8] = bytes(byte ^ 0xFF for byte in data[middle : middle + 8])
    path.write_bytes(bytes(data))
    first, failure, last = read_all(path)
    assert (first.id, last.id) == ("https://news.example/strait-0", "https://news.example/strait-2")
    assert failure.origin == f"{path}#{offsets[1]}"
    assert failure.reason.startswith("corrupt WARC record (damaged compressed data: Error -3 while decompressing")
    assert failure.reason.endswith(f"read on from the next record, at #{offsets[2]}")
    assert capfd.readouterr() == ("", "")  # warcio prints zlib's message to stderr


def test_a_record_without_a_warc_type_is_a_failure(tmp_path: Path) -> None:
    path = tmp_path / "untyped.warc"
    offsets = write_warc(path, strait_records(3))
    data = path.read_bytes()[: offsets[2]]  # two records, the second's WARC-Type misspelt
    path.write_bytes(data[: offsets[1]] + data[offsets[1] :].replace(b"WARC-Type:", b"WARC-Tpye:", 1))
    first, failure = read_all(path)
    assert first.id == "https://news.example/strait-0"
    assert (failure.origin, failure.document_id) == (f"{path}#{offsets[1]}", "https://news.example/strait-1")
    assert failure.reason == "WARC record with no WARC-Type header (response, resource, request, ...); skipped"


def test_a_csv_in_utf16_with_a_bom_is_read(tmp_path: Path) -> None:
    path = tmp_path / "utf16.csv"
    path.write_bytes(f"id,text\nferry,{FERRY}\ngrain,{GRAIN}\n".encode("utf-16"))
    assert [(item.id, item.text) for item in read_all(path)] == [("ferry", FERRY), ("grain", GRAIN)]
