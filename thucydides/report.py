"""What a person reads: the ``report`` and ``table`` formats, rendered with rich."""

from __future__ import annotations

from collections import Counter, defaultdict

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from .records import Actor, Analysis


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
    for actor in _actors_by_country(analysis):
        written = Counter(text[s:e] for s, e in actor.mentions)
        examples = "; ".join(f"{w} ×{n}" if n > 1 else w for w, n in written.most_common(4))
        actors.add_row(actor.id, Text(actor.name), actor.kind, str(len(actor.mentions)), Text(examples))
    parts.append(actors)

    people = Table(title="People", title_justify="left", expand=True)
    for column in ("id", "name", "title / description", "code", "coded by", "mentions"):
        people.add_column(column, overflow="fold")
    for person in analysis.people:
        said = " — ".join(x for x in (person.title, person.description) if x)
        people.add_row(
            person.id,
            Text(person.name),
            Text(said or "—"),
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

    parts.append(_quotes_by_speaker(analysis))
    parts.append(_events(analysis))

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
        f"quotes: {len(analysis.quotes)} · events: {len(analysis.events)} · dates: {len(analysis.dates)}",
        style="dim",
    )

    parts.append(counts)
    return Group(*parts)


def _actors_by_country(analysis: Analysis) -> list[Actor]:
    """The actors grouped by country, the most mentioned country first, shortest codes first
    within it; then those without a country (``---MIL`` "unknown country (military)", ``IGOUNO``),
    one group of their own at the end, never mixed into a country's."""
    by_country: dict[str, list[Actor]] = defaultdict(list)
    without: list[Actor] = []
    for actor in analysis.actors:
        (by_country[actor.country] if actor.country else without).append(actor)
    ordered = sorted(by_country.values(), key=lambda group: -sum(len(a.mentions) for a in group))
    return [actor for group in [*ordered, without] for actor in sorted(group, key=lambda a: (len(a.id), a.id))]


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


def _quotes_by_speaker(analysis: Analysis) -> Table:
    """Quotes grouped by who said them, named speakers first, then anonymous, then none."""
    table = Table(title="Quotes by speaker", title_justify="left", expand=True, show_lines=True)
    for column in ("speaker", "code", "kind", "cue", "what was said"):
        table.add_column(column, overflow="fold")
    groups: dict[tuple[int, str], list] = defaultdict(list)
    for quote in analysis.quotes:
        speaker = quote.speaker
        if speaker is None:
            key = (2, "— (no speaker in the text)")
        elif speaker.anonymous:
            key = (1, f"{speaker.description or speaker.text} (anonymous)")
        else:
            described = f", {speaker.description}" if speaker.description else ""
            key = (0, f"{speaker.name or speaker.text}{described}")
        groups[key].append(quote)
    for (_, label), quotes in sorted(groups.items(), key=lambda item: (item[0][0], item[1][0].spans[0])):
        for number, quote in enumerate(quotes):
            content = quote.content if len(quote.content) <= 240 else quote.content[:237] + "..."
            code = (quote.speaker.actor if quote.speaker else None) or "—"
            cue = f"{quote.cue_text} ({quote.cue_type})" if quote.cue_text else "—"
            table.add_row(Text(label if number == 0 else ""), code, quote.kind, Text(cue), Text(content))
    return table


_MODALITY_STYLE = {"asserted": "", "negated": "bold red", "alleged": "bold yellow", "reported": "cyan"}


def _events(analysis: Analysis) -> Table:
    """Who did what to whom, in text order, with the evidence words and how sure the text is."""
    table = Table(title="Events", title_justify="left", expand=True, show_lines=True)
    table.add_column("id", no_wrap=True)
    for column, ratio in (("CAMEO", 4), ("source", 3)):
        table.add_column(column, overflow="fold", ratio=ratio)
    table.add_column("", no_wrap=True)
    table.add_column("target", overflow="fold", ratio=3)
    table.add_column("modality", no_wrap=True)
    for column, ratio in (("date", 3), ("place", 2), ("evidence", 9)):
        table.add_column(column, overflow="fold", ratio=ratio, min_width=8)
    for event in analysis.events:
        source = f"{event.source.actor}\n{event.source.text}" if event.source else "—"
        target = f"{event.target.actor}\n{event.target.text}" if event.target else "—"
        label = event.cameo_label if len(event.cameo_label) <= 28 else event.cameo_label[:27] + "…"
        code = f"{event.cameo} {label}\n{event.plover or '—'} Q{event.quad_class} {event.goldstein:+.1f}"
        modality = event.modality + (f"\n{event.quote}" if event.quote else "")
        date = "—" if event.date is None else f"{event.date}\n({event.date_text or event.date_basis})"
        evidence = _around(event.evidence, event.trigger_text)
        table.add_row(
            event.id,
            code,
            source,
            Text("→"),
            target,
            Text(modality, style=_MODALITY_STYLE.get(event.modality, "magenta")),
            date,
            event.place or "—",
            evidence,
        )
    return table


def _around(sentence: str, trigger: str, before: int = 60, after: int = 70) -> Text:
    """The words around the trigger, the trigger underlined."""
    at = sentence.find(trigger)
    if at < 0:
        return Text(sentence[: before + after])
    start, end = max(0, at - before), min(len(sentence), at + len(trigger) + after)
    head = "…" if start > 0 else ""
    text = Text(head + sentence[start:end] + ("…" if end < len(sentence) else ""))
    offset = len(head) + at - start
    text.stylize("bold underline", offset, offset + len(trigger))
    return text
