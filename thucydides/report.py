"""What a person reads: the ``report`` and ``table`` formats, rendered with rich."""

from __future__ import annotations

from collections import Counter, defaultdict

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from .records import Analysis


def render_report(analysis: Analysis, country_names: dict[str, str]) -> Group:
    """The cleaned article's actors, people, places and removed boilerplate."""
    document = analysis.document
    text = document.text
    header = Text()
    header.append(document.title or document.id, style="bold")
    header.append(
        f"\nid {document.id} · published {document.published or 'unknown'} · "
        f"{len(analysis.sentences)} sentences · {len(text.split())} words · sha256 {document.hash[:12]}"
    )
    parts: list = [Panel(header, expand=True)]

    actors = Table(title="Actors", title_justify="left", expand=True)
    for column in ("code", "actor", "kind", "mentions", "as written"):
        actors.add_column(column, overflow="fold")
    by_country: dict[str, list] = defaultdict(list)
    for actor in analysis.actors:
        by_country[actor.country or "~"].append(actor)
    for country in sorted(by_country, key=lambda c: -sum(len(a.mentions) for a in by_country[c])):
        for actor in sorted(by_country[country], key=lambda a: (len(a.id), a.id)):
            written = Counter(text[s:e] for s, e in actor.mentions)
            examples = "; ".join(f"{w} ×{n}" if n > 1 else w for w, n in written.most_common(4))
            actors.add_row(actor.id, actor.name, actor.kind, str(len(actor.mentions)), examples)
    parts.append(actors)

    people = Table(title="People", title_justify="left", expand=True)
    for column in ("id", "name", "title / description", "code", "coded by", "mentions"):
        people.add_column(column, overflow="fold")
    for person in analysis.people:
        said = " — ".join(x for x in (person.title, person.description) if x)
        people.add_row(
            person.id,
            person.name,
            said or "—",
            person.actor or "uncoded",
            person.coded_by or "—",
            str(len(person.mentions)),
        )
    parts.append(people)

    places = Table(title="Places", title_justify="left", expand=True)
    for column in ("place", "kind", "country", "lat, lon", "mentions"):
        places.add_column(column)
    for place in sorted(analysis.places, key=lambda p: -len(p.mentions)):
        where = f"{place.lat:.2f}, {place.lon:.2f}" if place.lat is not None and place.lon is not None else "—"
        places.add_row(
            place.name,
            place.kind,
            country_names.get(place.country or "", place.country or "—"),
            where,
            str(len(place.mentions)),
        )
    parts.append(places)

    removed = Text()
    for item in document.removed:
        removed.append(f"• {item}\n")
    parts.append(
        Panel(
            removed or Text("nothing removed"),
            title=f"Removed boilerplate ({len(document.removed)})",
            title_align="left",
        )
    )
    counts = Text(
        f"quotes: {len(analysis.quotes)} · events: {len(analysis.events)} · dates: {len(analysis.dates)}"
        "  (quotes, events and dates: not built yet)",
        style="dim",
    )
    parts.append(counts)
    return Group(*parts)


def actors_table(analyses: list[Analysis]) -> Table:
    """One row per (document, actor): the ``table`` format."""
    table = Table(expand=True)
    for column in ("document", "code", "actor", "kind", "mentions"):
        table.add_column(column, overflow="fold")
    for analysis in analyses:
        for actor in analysis.actors:
            table.add_row(analysis.document.id, actor.id, actor.name, actor.kind, str(len(actor.mentions)))
    return table


def print_report(console: Console, analysis: Analysis, country_names: dict[str, str]) -> None:
    console.print(render_report(analysis, country_names))
