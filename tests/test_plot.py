"""Figures from a store of hand-made events (the two reports of ``two_stories``, the ``db``
fixture): the network and a dyad's series in PNG, SVG and PDF, the command, and the errors that
write no file."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import Result
from support import make_runner, one_sided_analysis

from thucydides import Store, cli
from thucydides.dyads import network
from thucydides.errors import ConfigError, ExportError, StoreError
from thucydides.plot import NothingToPlot, plot_dyads, plot_network

pytest.importorskip("matplotlib")

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def svg_texts(path: Path) -> list[str]:
    return re.findall(r"<text[^>]*>([^<]*)</text>", path.read_text("utf-8"))


def leftovers(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.endswith(".part")]


# --- the network ---------------------------------------------------------------------------


def test_network_png(db: Path, tmp_path: Path) -> None:
    report = plot_network(db, tmp_path / "network.png", modality="all")
    data = (tmp_path / "network.png").read_bytes()
    assert data.startswith(PNG_SIGNATURE)
    assert len(data) > 20_000  # a drawn figure, not an empty canvas
    graph = network(db, modality="all")
    # 15 events with a dyad: PAK, IND, AFG and USA, six directed dyads
    assert (report.events, report.nodes, report.edges) == (15, 4, 6)
    assert report.events == sum(edge.count for edge in graph.edges) == graph.summary.counted
    assert report.line().startswith(f"wrote {tmp_path / 'network.png'}: 15 events, 4 nodes, 6 edges; counted 15")
    assert leftovers(tmp_path) == []


def test_network_svg_keeps_the_codes_as_text(db: Path, tmp_path: Path) -> None:
    report = plot_network(db, tmp_path / "actors.svg", level="actor")
    texts = svg_texts(tmp_path / "actors.svg")
    codes = {node.code for node in network(db, level="actor").nodes}
    assert codes == {"AFGGOV", "AFGINS", "IGOUNO", "IND", "INDGOV", "INDMIL", "PAK", "PAKGOV", "PAKMIL", "USAGOV"}
    assert codes <= set(texts)
    assert report.nodes == len(codes)
    assert "Actor network, actor level" in texts
    assert "modality asserted" in texts
    assert "−10 conflict" in texts and "+10 cooperation" in texts
    assert any(text.startswith(f"Source: thucydides store news.duckdb, {report.events} events.") for text in texts)


@pytest.mark.parametrize("layout", ["spring", "circle"])
def test_the_same_store_gives_the_same_figure(db: Path, tmp_path: Path, layout: str) -> None:
    plot_network(db, tmp_path / "one.svg", layout=layout)
    plot_network(db, tmp_path / "two.svg", layout=layout)
    assert (tmp_path / "one.svg").read_bytes() == (tmp_path / "two.svg").read_bytes()


# --- a dyad's series -----------------------------------------------------------------------


def test_dyad_with_a_filter(db: Path, tmp_path: Path) -> None:
    report = plot_dyads(db, tmp_path / "pak-ind.svg", by="day", source="PAK", target="IND")
    # PAK -> IND, asserted, by day: two events on 1 May and one on 2 May
    assert (report.events, report.nodes, report.edges, report.periods) == (3, 2, 1, 2)
    texts = svg_texts(tmp_path / "pak-ind.svg")
    assert "PAK → IND: events by QuadClass per day" in texts
    assert "country level · modality asserted" in texts
    assert {"2023-05-01", "2023-05-02", "events", "day", "material conflict", "verbal cooperation"} <= set(texts)
    assert "Source: thucydides store news.duckdb, 3 events in 1 directed dyads." in texts


def test_dyad_periods_without_events_are_drawn_as_zero(db: Path, tmp_path: Path) -> None:
    report = plot_dyads(db, tmp_path / "pak.pdf", by="month", source="PAK", modality="all", measure="goldstein")
    assert (tmp_path / "pak.pdf").read_bytes().startswith(b"%PDF")
    assert report.periods == 3  # April, May and June 2023
    svg = plot_dyads(db, tmp_path / "pak.svg", by="week", source="PAK", start="2023-05-01", end="2023-05-31")
    texts = svg_texts(tmp_path / "pak.svg")
    assert {"2023-W18", "2023-W19", "2023-W20"} <= set(texts)  # W19 has no event, yet it is on the axis
    assert svg.periods == 3
    assert "2023-05-01 to 2023-05-31" in " ".join(texts)


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda db, out: plot_network(db, out / "net.jpg"), ConfigError, "unknown figure format (suffix '.jpg')"),
        (lambda db, out: plot_network(db, out / "net"), ConfigError, "unknown figure format (suffix none)"),
        (lambda db, out: plot_network(db, out / "missing" / "net.png"), ExportError, "does not exist"),
        (lambda db, out: plot_network(db, out / "net.png", layout="kamada"), ConfigError, "unknown layout 'kamada'"),
        (lambda db, out: plot_dyads(db, out / "d.png", measure="tone"), ConfigError, "unknown measure 'tone'"),
        (lambda db, out: plot_dyads(db, out / "d.png", by="year"), ConfigError, "unknown period 'year'"),
        (lambda db, out: plot_dyads(out / "none.duckdb", out / "d.png"), StoreError, "no such store"),
        (lambda db, out: plot_dyads(db, out / "d.png", start="2030-01-01"), NothingToPlot, "no events to plot"),
        (lambda db, out: plot_network(db, out / "n.png", source="CHN"), NothingToPlot, "no events to plot"),
    ],
)
def test_errors_write_no_file(db: Path, tmp_path: Path, call, error: type[Exception], message: str) -> None:
    folder = tmp_path / "figures"
    folder.mkdir()
    with pytest.raises(error, match=re.escape(message)):
        call(db, folder)
    assert list(folder.iterdir()) == []


# --- the command ---------------------------------------------------------------------------


def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> Result:
    monkeypatch.chdir(tmp_path)
    return make_runner().invoke(cli.app, ["plot", *args])


def flat(text: str) -> str:
    return " ".join(text.split())


def test_cli_network(db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = run(tmp_path, monkeypatch, "network", "--db", "news.duckdb", "-o", "net.png", "--modality", "all")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert flat(result.stderr) == (
        "wrote net.png: 15 events, 4 nodes, 6 edges; counted 15 events; "
        "left out 1 with one side only (no source or no target in the text), "
        "1 with no source or target at this level"
    )
    assert (tmp_path / "net.png").read_bytes().startswith(PNG_SIGNATURE)


def test_cli_dyad(db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    args = ("dyad", "--db", "news.duckdb", "-o", "d.svg", "--by", "day", "--source", "pak", "--target", "IND", "-q")
    result = run(tmp_path, monkeypatch, *args)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == result.stderr == ""
    assert "PAK → IND: events by QuadClass per day" in svg_texts(tmp_path / "d.svg")


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (
            ("network", "--db", "news.duckdb", "-o", "out.gif"),
            2,
            "error: out.gif: unknown figure format (suffix '.gif'); known: .png, .svg, .pdf",
        ),
        (
            ("network", "--db", "nowhere.duckdb", "-o", "out.png"),
            2,
            "error: nowhere.duckdb: no such store; --db takes a DuckDB file written by 'thucydides analyze --db'",
        ),
        (
            ("network", "--db", "news.duckdb", "-o", "out.png", "--level", "region"),
            2,
            "error: unknown level 'region' for --level; known: country, actor",
        ),
        (
            ("dyad", "--db", "news.duckdb", "-o", "out.png", "--by", "year"),
            2,
            "error: unknown period 'year' for --by; known: day, week, month",
        ),
        (
            ("dyad", "--db", "news.duckdb", "-o", "out.png", "--measure", "tone"),
            2,
            "error: unknown measure 'tone' for --measure; known: quad, goldstein",
        ),
        (
            ("dyad", "--db", "news.duckdb", "-o", "out.png", "--modality", "rumoured"),
            2,
            "error: --modality 'rumoured' is not a modality; expected alleged, asserted, future, hypothetical, "
            "negated, reported, a comma-separated list of them, or all",
        ),
        (
            ("dyad", "--db", "news.duckdb", "-o", "out.png", "--from", "2023-06-02", "--to", "2023-06-30"),
            1,
            "error: no events to plot; counted 0 events; left out 1 with no date, 1 with an unreadable date, "
            "1 dated by a week or month across --from/--to; no figure written",
        ),
    ],
)
def test_cli_errors(
    db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...], code: int, message: str
) -> None:
    result = run(tmp_path, monkeypatch, *args)
    assert result.exit_code == code
    assert result.stdout == ""
    assert flat(result.stderr) == message
    assert not any(p.name.startswith(("out.", ".out.")) for p in tmp_path.iterdir())


# --- events with one side ------------------------------------------------------------------


@pytest.fixture
def kadugli(tmp_path: Path) -> Path:
    """The Kadugli story (support.py): e1 names no target, e2 no source, e3 both."""
    path = tmp_path / "kadugli.duckdb"
    with Store(path) as store:
        store.load([one_sided_analysis()], model="hand-made")
    return path


def test_figures_leave_out_events_with_one_side_and_say_so(kadugli: Path, tmp_path: Path) -> None:
    report = plot_network(kadugli, tmp_path / "net.png", level="actor")
    assert (report.events, report.nodes, report.edges) == (1, 2, 1)
    assert report.line().endswith("left out 2 with one side only (no source or no target in the text)")
    series = plot_dyads(kadugli, tmp_path / "sdn.png", source="SDN", by="day")
    assert (series.events, series.edges, series.periods) == (1, 1, 1)
    assert series.summary.one_sided == 1  # the offensive; the deaths name no source
    with pytest.raises(NothingToPlot, match="left out 1 with one side only"):
        plot_dyads(kadugli, tmp_path / "deaths.png", target="SDN")
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".png") == ["net.png", "sdn.png"]
