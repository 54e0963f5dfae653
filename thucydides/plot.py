"""Figures for papers: the actor network and a dyad's series, drawn from the store.

``plot_network(db, "network.png")`` draws :func:`~thucydides.dyads.network`: a node per
actor or country (sized by its events as source or target, labelled with its code; a role
named with no country, ``---MIL``, with its name, "unknown country (military)"), an arrow
per directed dyad (coloured by its mean Goldstein weight on a diverging scale from conflict,
-10, to cooperation, +10, and as wide as its share of the events). ``plot_dyads(db,
"pak-ind.svg", source="PAK", target="IND")`` draws :func:`~thucydides.dyads.dyads`: the
events of the matching dyads per period, stacked by QuadClass, or the summed Goldstein weight
as a line (``measure="goldstein"``); periods with no event are drawn as zero, not skipped.

Both count the events exactly as the analysis functions do (only ``asserted`` ones unless
``modality`` says otherwise) and say so in the title; a caption names the store and the
number of events. The format comes from the suffix of ``out`` (``.png``, ``.svg``, ``.pdf``);
text stays text in SVG and PDF so a journal's editor can still change it. Layouts are
deterministic: the same store gives the same figure. The file is written under a temporary
name beside ``out`` and renamed at the end; a FIFO or a device is written in place, never
replaced (see :mod:`thucydides.output`).

Errors: :class:`~thucydides.errors.ConfigError` for an invalid option (suffix, measure,
layout, and every option :mod:`thucydides.dyads` refuses), :class:`NothingToPlot` when no
event is left to draw (no file is written), :class:`~thucydides.errors.StoreError` for a
missing or foreign store, :class:`~thucydides.errors.ExportError` when ``out`` cannot be
written, :class:`~thucydides.errors.MissingExtra` without matplotlib.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .actors.lexicon import UNKNOWN_COUNTRY, actor_label
from .dyads import DEFAULT_MODALITIES, PERIODS, Network, Summary, dyads, network
from .errors import ConfigError, ThucydidesError
from .extras import require
from .output import STDOUT, Output, check_output, open_bytes
from .store import Store

FORMATS = ("png", "svg", "pdf")
LAYOUTS = ("spring", "circle")
MEASURES = ("quad", "goldstein")
QUAD_CLASSES = (
    ("q1", "verbal cooperation", "#4575b4"),
    ("q2", "material cooperation", "#91bfdb"),
    ("q3", "verbal conflict", "#fc8d59"),
    ("q4", "material conflict", "#d73027"),
)
_GOLDSTEIN = (-10.0, 10.0)  # the scale's ends: colours mean the same in every figure
_SEED = 20230501
_GRAVITY = 0.1
_DPI = 200


class NothingToPlot(ThucydidesError):
    """No event is left after the filters; the message says what was left out and why."""


@dataclass(frozen=True, slots=True)
class PlotReport:
    """What a figure shows: its events, the codes (nodes) and directed dyads (edges) in it, its
    periods (0 for the network) and the summary of what was counted and left out."""

    out: Path
    events: int
    nodes: int
    edges: int
    periods: int
    summary: Summary

    def line(self) -> str:
        """One line for the end of a run."""
        periods = f", {self.periods} periods" if self.periods else ""
        return (
            f"wrote {self.out}: {self.events} events, {self.nodes} nodes, {self.edges} edges{periods}; "
            + self.summary.line()
        )


# --- the library functions -----------------------------------------------------------------


def plot_network(
    store_or_path: Store | str | Path,
    out: str | Path,
    start: dt.date | str | None = None,
    end: dt.date | str | None = None,
    level: str = "country",
    modality: str | Iterable[str] | None = DEFAULT_MODALITIES,
    source: str | None = None,
    target: str | None = None,
    layout: str = "spring",
) -> PlotReport:
    """Draw the actor network of the store into ``out`` (png, svg or pdf by its suffix).
    Raises :class:`NothingToPlot`, and writes nothing, when no event qualifies."""
    output, format = _output(out)
    if layout not in LAYOUTS:
        raise ConfigError(f"unknown layout {layout!r} for --layout; known: {', '.join(LAYOUTS)}")
    graph = network(store_or_path, start, end, level, modality, source, target)
    if not graph.edges:
        raise NothingToPlot(f"no events to plot; {graph.summary.line()}")
    mpl = _matplotlib()
    codes = [node.code for node in graph.nodes]
    activity = {node.code: node.as_source + node.as_target for node in graph.nodes}
    places = _spring(codes, [(e.source, e.target, e.count) for e in graph.edges]) if layout == "spring" else None
    places = places or _circle(codes)
    most_active, most_events = max(activity.values()), max(edge.count for edge in graph.edges)
    sizes = {code: 300 + 1200 * activity[code] / most_active for code in codes}  # marker areas, points²
    norm = mpl.colors.Normalize(*_GOLDSTEIN)
    colormap = mpl.colormaps["coolwarm_r"]  # red conflict, blue cooperation, grey (not white) between

    with _style(mpl):
        # Fixed places, not a layout engine: an equal-aspect graph keeps its square whatever
        # the labels, with the colour bar beside it and the caption below.
        figure = mpl.figure.Figure(figsize=(7.5, 6.5))
        axes = figure.add_axes((0.02, 0.1, 0.74, 0.82))
        for edge in sorted(graph.edges, key=lambda e: (e.count, e.source, e.target)):
            width = 0.8 + 5.2 * edge.count / most_events
            colour = colormap(norm(edge.goldstein_mean))
            if edge.source == edge.target:
                axes.add_patch(_loop(mpl, places[edge.source], colour, width))
                continue
            arrow = mpl.patches.FancyArrowPatch(
                places[edge.source],
                places[edge.target],
                connectionstyle="arc3,rad=0.12",  # a dyad and its reverse bend apart
                arrowstyle=f"-|>,head_length={0.5 + width / 5:.2f},head_width={0.3 + width / 8:.2f}",
                shrinkA=math.sqrt(sizes[edge.source]) / 2,
                shrinkB=math.sqrt(sizes[edge.target]) / 2 + 1,
                color=colour,
                linewidth=width,
                alpha=0.9,
                zorder=1,
            )
            axes.add_patch(arrow)
        xs = [places[code][0] for code in codes]
        ys = [places[code][1] for code in codes]
        axes.scatter(xs, ys, s=[sizes[c] for c in codes], color="#f0f0f0", edgecolors="#404040", zorder=2)
        for code, x, y in zip(codes, xs, ys, strict=True):
            axes.text(x, y, _node_text(graph, code), ha="center", va="center", fontsize=8, zorder=3)
        axes.set_aspect("equal")
        axes.set_xlim(-1.25, 1.25)
        axes.set_ylim(-1.25, 1.25)
        axes.set_axis_off()
        axes.set_title(f"Actor network, {graph.level} level\n{_scope(graph.modalities, start, end, source, target)}")
        scale = mpl.cm.ScalarMappable(norm=norm, cmap=colormap)
        bar = figure.colorbar(scale, cax=figure.add_axes((0.78, 0.26, 0.025, 0.5)))
        bar.set_label("mean Goldstein weight of the dyad")
        bar.set_ticks([-10, -5, 0, 5, 10], labels=["−10 conflict", "−5", "0", "+5", "+10 cooperation"])
        events = graph.summary.counted
        _caption(
            figure,
            f"{_source_line(store_or_path, events)}. Node size: events as source or target; "
            f"arrow width: events of the dyad (widest {most_events}); colour: their mean Goldstein weight.",
        )
        _save(figure, output, format)
    return PlotReport(output.path, events, len(graph.nodes), len(graph.edges), 0, graph.summary)


def plot_dyads(
    store_or_path: Store | str | Path,
    out: str | Path,
    by: str = "month",
    source: str | None = None,
    target: str | None = None,
    level: str = "country",
    modality: str | Iterable[str] | None = DEFAULT_MODALITIES,
    start: dt.date | str | None = None,
    end: dt.date | str | None = None,
    measure: str = "quad",
) -> PlotReport:
    """Draw the events of the dyads matching ``source`` and ``target`` per period (``by``):
    stacked by QuadClass (``measure="quad"``) or their summed Goldstein weight
    (``"goldstein"``), every dyad that matches added together. Raises :class:`NothingToPlot`,
    and writes nothing, when no event qualifies."""
    output, format = _output(out)
    if measure not in MEASURES:
        raise ConfigError(f"unknown measure {measure!r} for --measure; known: {', '.join(MEASURES)}")
    table = dyads(store_or_path, by, source, target, level, modality, start, end)
    if not table.rows:
        raise NothingToPlot(f"no events to plot; {table.summary.line()}")
    periods = _periods(table.rows[0].period, table.rows[-1].period, by)
    totals = {period: dict.fromkeys(("q1", "q2", "q3", "q4", "goldstein"), 0.0) for period in periods}
    for row in table.rows:
        for quad, _, _ in QUAD_CLASSES:
            totals[row.period][quad] += getattr(row, quad)
        totals[row.period]["goldstein"] += row.goldstein_sum
    mpl = _matplotlib()
    positions = list(range(len(periods)))

    with _style(mpl):
        figure = mpl.figure.Figure(figsize=(8, 4.8), layout="constrained")
        figure.get_layout_engine().set(h_pad=0.25)  # room under the axes for the caption
        axes = figure.add_subplot()
        if measure == "quad":
            bottom = [0.0] * len(periods)
            for quad, label, colour in QUAD_CLASSES:
                heights = [totals[period][quad] for period in periods]
                axes.bar(positions, heights, 0.8, bottom=bottom, label=label, color=colour)
                bottom = [b + h for b, h in zip(bottom, heights, strict=True)]
            axes.set_ylabel("events")
            axes.yaxis.get_major_locator().set_params(integer=True)
            axes.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, frameon=False, reverse=True)
        else:
            axes.axhline(0, color="#808080", linewidth=0.8)
            sums = [totals[period]["goldstein"] for period in periods]
            axes.plot(positions, sums, marker="o", markersize=3.5, color="#404040", linewidth=1.4)
            axes.set_ylabel("Goldstein sum (below 0 conflict, above cooperation)")
        step = max(1, math.ceil(len(periods) / 16))
        axes.set_xticks(positions[::step], periods[::step], rotation=45 if len(periods) > 6 else 0, ha="right")
        axes.set_xlabel({"day": "day", "week": "ISO week", "month": "month"}[by])
        axes.set_xlim(-0.7, len(periods) - 0.3)
        axes.spines[["top", "right"]].set_visible(False)
        what = "events by QuadClass" if measure == "quad" else "summed Goldstein weight"
        dyad = _dyad_name(table.source, table.target)
        scope = _scope(table.modalities, start, end, None, None)
        axes.set_title(f"{dyad}: {what} per {by}\n{table.level} level · {scope}")
        events = table.summary.counted
        dyad_count = len({(row.source, row.target) for row in table.rows})
        _caption(figure, f"{_source_line(store_or_path, events)} in {dyad_count} directed dyads.")
        _save(figure, output, format)
    codes = {row.source for row in table.rows} | {row.target for row in table.rows}
    return PlotReport(output.path, events, len(codes), dyad_count, len(periods), table.summary)


# --- layouts -------------------------------------------------------------------------------


def _circle(codes: list[str]) -> dict[str, tuple[float, float]]:
    """The codes in alphabetical order clockwise round a circle, the first at the top."""
    count = len(codes)
    return {
        code: (math.sin(2 * math.pi * n / count), math.cos(2 * math.pi * n / count)) for n, code in enumerate(codes)
    }


def _spring(
    codes: list[str], edges: list[tuple[str, str, int]], iterations: int = 300
) -> dict[str, tuple[float, float]] | None:
    """A force-directed layout (Fruchterman and Reingold, 1991) from a fixed seed, scaled into
    [-1, 1]: dyads with more events pull their nodes closer. ``None`` for fewer than three nodes,
    which a circle shows as well."""
    import numpy as np

    count = len(codes)
    if count < 3:
        return None
    index = {code: n for n, code in enumerate(codes)}
    pull = np.zeros((count, count))
    for source, target, events in edges:
        if source != target:
            weight = 1 + math.log(events)
            pull[index[source], index[target]] += weight
            pull[index[target], index[source]] += weight
    position = np.random.default_rng(_SEED).uniform(-1, 1, (count, 2))
    ideal = math.sqrt(4 / count)  # the ideal distance for nodes spread over a 2 x 2 square
    temperature = 0.2
    for _ in range(iterations):
        delta = position[:, None, :] - position[None, :, :]
        distance = np.maximum(np.linalg.norm(delta, axis=-1), 0.01)
        force = ideal**2 / distance**2 - pull * distance / ideal
        # A pull towards the middle keeps unconnected parts of the graph from drifting apart.
        shift = np.einsum("ijk,ij->ik", delta, force) - _GRAVITY * count * position
        length = np.maximum(np.linalg.norm(shift, axis=-1), 0.01)
        position += shift / length[:, None] * np.minimum(length, temperature)[:, None]
        temperature -= 0.2 / (iterations + 1)
    low, high = position.min(axis=0), position.max(axis=0)
    position = (position - (low + high) / 2) / max(float((high - low).max()) / 2, 1e-9)
    return {code: (float(x), float(y)) for code, (x, y) in zip(codes, position, strict=True)}


def _loop(mpl: Any, place: tuple[float, float], colour: Any, width: float) -> Any:
    """A dyad of a code with itself (PAKGOV -> PAKMIL at country level): a small ring on the
    node's outer side."""
    x, y = place
    norm = math.hypot(x, y) or 1.0
    return mpl.patches.Circle(
        (x + 0.13 * x / norm, y + 0.13 * y / norm), 0.08, fill=False, edgecolor=colour, linewidth=width, zorder=1
    )


# --- periods -------------------------------------------------------------------------------


def _periods(first: str, last: str, by: str) -> list[str]:
    """Every period from ``first`` to ``last``, both included, in the analysis's notation."""
    if by not in PERIODS:
        raise ConfigError(f"unknown period {by!r} for --by; known: {', '.join(PERIODS)}")
    found: list[str] = []
    if by == "day":
        day, end = dt.date.fromisoformat(first), dt.date.fromisoformat(last)
        while day <= end:
            found.append(day.isoformat())
            day += dt.timedelta(days=1)
    elif by == "week":
        monday = dt.date.fromisocalendar(int(first[:4]), int(first[6:]), 1)
        end = dt.date.fromisocalendar(int(last[:4]), int(last[6:]), 1)
        while monday <= end:
            year, week, _ = monday.isocalendar()
            found.append(f"{year:04d}-W{week:02d}")
            monday += dt.timedelta(days=7)
    else:
        year, month = int(first[:4]), int(first[5:])
        while (year, month) <= (int(last[:4]), int(last[5:])):
            found.append(f"{year:04d}-{month:02d}")
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return found


# --- drawing and writing -------------------------------------------------------------------


def _matplotlib() -> Any:
    """matplotlib with the parts used here; nothing goes through pyplot, so no display and no
    global figure state."""
    mpl = require("matplotlib", extra="web", feature="thucydides plot")
    for part in ("cm", "colors", "figure", "patches"):
        require(f"matplotlib.{part}", extra="web", feature="thucydides plot")
    return mpl


@contextmanager
def _style(mpl: Any) -> Iterator[None]:
    # Text stays text in SVG (searchable, editable) and PDF fonts are TrueType, as journals ask;
    # a fixed hash salt makes the SVG the same from run to run.
    with mpl.rc_context({"svg.fonttype": "none", "pdf.fonttype": 42, "svg.hashsalt": "thucydides", "font.size": 9}):
        yield


def _caption(figure: Any, text: str) -> None:
    figure.text(0.01, 0.01, text, ha="left", va="bottom", fontsize=7, color="#404040", wrap=True)


def _source_line(store_or_path: Store | str | Path, events: int) -> str:
    path = store_or_path.path if isinstance(store_or_path, Store) else Path(store_or_path)
    return f"Source: thucydides store {path.name}, {events} event{'s' if events != 1 else ''}"


def _scope(
    modalities: tuple[str, ...] | None,
    start: dt.date | str | None,
    end: dt.date | str | None,
    source: str | None,
    target: str | None,
) -> str:
    parts = ["every modality" if modalities is None else "modality " + ", ".join(modalities)]
    if start or end:
        parts.append(f"{start or '…'} to {end or '…'}")
    if source or target:
        parts.append(_dyad_name(source, target))
    return " · ".join(parts)


def _dyad_name(source: str | None, target: str | None) -> str:
    if source is None and target is None:
        return "All dyads"
    return f"{_shown(source) if source else 'any'} → {_shown(target) if target else 'any'}"


def _shown(code: str) -> str:
    """A code as a title shows it: itself (PAK), or for a role named with no country, whose
    code names no one, its name (``---MIL``: unknown country (military))."""
    code = code.upper()
    return actor_label(code) if code.startswith(UNKNOWN_COUNTRY) else code


def _node_text(graph: Network, code: str) -> str:
    """A node's text: its code, or for ``---MIL`` its name on two lines, "unknown country" above
    "(military)", so it stays about as wide as a code."""
    if not code.startswith(UNKNOWN_COUNTRY):
        return code
    return graph.label(code).replace(" (", "\n(", 1)


def _output(out: str | Path) -> tuple[Output, str]:
    """The checked output and its format, from the suffix of its name."""
    path = Path(out)
    if str(out) == STDOUT:
        raise ConfigError("-o -: a figure's format comes from the suffix of its name; give -o FILE.png, .svg or .pdf")
    format = path.suffix.lower().lstrip(".")
    if format not in FORMATS:
        shown = repr(path.suffix) if path.suffix else "none"
        raise ConfigError(f"{path}: unknown figure format (suffix {shown}); known: .png, .svg, .pdf")
    return check_output(path, example="figure." + format), format


def _save(figure: Any, output: Output, format: str) -> None:
    # No creation date in SVG and PDF, so the same store gives the same file.
    metadata = {"Date": None} if format in ("svg", "pdf") else None
    with open_bytes(output) as handle:
        figure.savefig(handle, format=format, dpi=_DPI, metadata=metadata)
