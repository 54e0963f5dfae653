"""Rendering evaluation results as rich tables: one row per measure, with the data set's size."""

from __future__ import annotations

from typing import Any

from rich.console import Group
from rich.table import Table
from rich.text import Text


def figure(value: float | None) -> str:
    return "–" if value is None else f"{value:.4f}"


def render_scores(scores: dict[str, Any]) -> Group:
    """A table of the actor scores (measure, value, counts) with the data sets, command and model.

    Error examples are left out; ``--format json`` shows them.
    """
    table = Table(title="Actor coding", title_justify="left")
    table.add_column("data set")
    table.add_column("measure")
    table.add_column("value", justify="right")
    table.add_column("counts")
    notes: list[str] = []
    if "plover" in scores:
        _plover_rows(table, scores["plover"])
        notes += [f"PLOVER: {note}" for note in scores["plover"].get("notes", [])]
    if "conflibert" in scores:
        _conflibert_rows(table, scores["conflibert"])
        notes += [f"ConfliBERT: {note}" for note in scores["conflibert"].get("notes", [])]
    skipped: list[Text] = []
    if "judged" in scores:
        judged = scores["judged"]
        if "skipped" in judged:
            skipped.append(Text(f"judged sample skipped: {judged['skipped']}", style="yellow"))
        else:
            _judged_rows(table, judged)
            notes += [f"judged: {note}" for note in judged.get("notes", [])]
    footer = Text(
        f"{scores.get('command', '')}  ·  model {scores.get('model', '?')}  ·  {scores.get('seconds', '?')} s",
        style="dim",
    )
    return Group(table, *skipped, *(Text(f"- {note}", style="dim") for note in notes), footer)


def _plover_rows(table: Table, plover: dict[str, Any]) -> None:
    name = (
        f"{plover['dataset']}\n{plover['records']} records, {plover['gold_actors']} gold actors, "
        f"{plover['located']} located"
    )
    detection = plover["detection"]
    rows = [
        ("detection precision (lower bound)", detection["precision"], f"{plover['predicted_mentions']} coded mentions"),
        ("detection recall", detection["recall"], f"{plover['covered']} of {plover['located']} located"),
        ("detection F1", detection["f1"], ""),
        (
            "country accuracy",
            plover["country_accuracy"],
            f"{plover['matched']} with a country, {plover['matched_role_only']} role only",
        ),
        ("sector accuracy", plover["sector_accuracy"], "role-only matches included"),
        ("strict (country + sector)", plover["strict_accuracy"], f"{plover['sector_judged']} judged"),
        ("strict, role-only as wrong", plover["strict_accuracy_all"], ""),
    ]
    for index, (measure, value, counts) in enumerate(rows):
        table.add_row(name if index == 0 else "", measure, figure(value), counts, end_section=index == len(rows) - 1)


def _conflibert_rows(table: Table, conflibert: dict[str, Any]) -> None:
    name = f"{conflibert['dataset']}\n{conflibert['sentences']} sentences, {conflibert['gold_spans']} gold spans"
    rows = [
        (f"{role} recall", figures["recall"], f"{figures['covered']} of {figures['gold']}")
        for role, figures in conflibert["roles"].items()
    ]
    both = conflibert["all"]
    rows += [
        ("all precision (lower bound)", both["precision"], f"{conflibert['predicted_mentions']} coded mentions"),
        ("all recall", both["recall"], f"{conflibert['gold_spans']} gold spans"),
        ("all F1", both["f1"], ""),
    ]
    for index, (measure, value, counts) in enumerate(rows):
        table.add_row(name if index == 0 else "", measure, figure(value), counts, end_section=index == len(rows) - 1)


def _judged_rows(table: Table, judged: dict[str, Any]) -> None:
    counts = judged["rows"]
    name = (
        f"{judged['dataset']}\n{judged['stories']} stories ({judged['failed']} failed), {sum(counts.values())} rows:\n"
        f"{counts['actor']} actor, {counts['person']} person, {counts['byline']} byline,\n"
        f"{counts['dateline']} dateline, {counts['not_actor']} not_actor;\n"
        f"{judged['removed_rows']} removed by the cleaner"
    )
    actors, people = judged["rows"]["actor"], judged["rows"]["person"]
    rows: list[Row] = [
        ("country precision", judged["country_precision"], f"{judged['country_agree']} of {judged['country_judged']}"),
        ("sector precision", judged["sector_precision"], f"{judged['sector_agree']} of {judged['sector_judged']}"),
        ("actor recall (coded)", judged["actor_recall"], f"{judged['actor_rows_coded']} of {actors} actor rows"),
        ("actor recall (found at all)", judged["actor_recall_any"], f"{judged['actor_rows_found']} of {actors}"),
        ("people found", judged["people_found"], f"{judged['person_rows_found']} of {people} person rows"),
        (
            "people coded",
            judged["people_coded"],
            f"{judged['person_rows_coded']} of {judged['person_rows_with_code']} with a code",
        ),
        ("split people", None, f"{judged['split_people']} person records repeat a judged person"),
        (
            "bylines/datelines taken (target 0)",
            judged["bylines_datelines_taken"],
            f"{judged['bylines_datelines_taken_rows']} of {judged['bylines_datelines']}",
        ),
        (
            "unjudged coded mentions",
            None,
            f"{judged['unjudged_coded_mentions']} of {judged['coded_mentions']} coded mentions overlap no row",
        ),
    ]
    _event_rows(table, name, rows)


# --- events -----------------------------------------------------------------------------------


def render_event_scores(scores: dict[str, Any]) -> Group:
    """Tables of the event scores: the measures with the data sets' sizes, PLOVER's per-type
    figures, and the confusion of gold × predicted label on each set (``none``: no event), with
    the command and model. Error examples are left out; ``--format json`` shows them."""
    table = Table(title="Events", title_justify="left")
    table.add_column("data set")
    table.add_column("measure")
    table.add_column("value", justify="right")
    table.add_column("counts")
    parts: list[Any] = [table]
    notes: list[str] = []
    if "plover" in scores:
        plover = scores["plover"]
        _event_rows(table, _plover_event_name(plover), _plover_event_rows(plover))
        parts += [_per_type_table(plover), _confusion_table("PLOVER confusion: gold type × predicted", plover, 4)]
        notes += [f"PLOVER: {note}" for note in plover.get("notes", [])]
    if "conflibert" in scores:
        conflibert = scores["conflibert"]
        name = f"{conflibert['dataset']}\n{conflibert['sentences']} sentences"
        _event_rows(table, name, _class_rows(conflibert))
        legend = ", ".join(f"{label} {title}" for label, title in conflibert["classes"].items())
        parts += [_confusion_table("ConfliBERT confusion: gold class × predicted", conflibert, 4), Text(legend)]
        notes += [f"ConfliBERT: {note}" for note in conflibert.get("notes", [])]
    if "judged" in scores and "skipped" in scores["judged"]:
        notes.append(f"judged sample skipped: {scores['judged']['skipped']}")
    elif "judged" in scores:
        parts.append(_judged_events_table(scores["judged"]))
        notes += [f"judged: {note}" for note in scores["judged"].get("notes", [])]
    if "dev" in scores and "skipped" in scores["dev"]:
        notes.append(f"dev split skipped: {scores['dev']['skipped']}")
    elif "dev" in scores:
        parts += _dev_tables(scores["dev"])
    footer = Text(
        f"{scores.get('command', '')}  ·  model {scores.get('model', '?')}  ·  {scores.get('seconds', '?')} s",
        style="dim",
    )
    return Group(*parts, *(Text(f"- {note}", style="dim") for note in notes), footer)


_DEV_MEASURES = (
    ("quad macro-F1 (5 classes)", "quad_macro_f1"),
    ("quad accuracy", "quad_accuracy"),
    ("event precision", "event_precision"),
    ("event recall", "event_recall"),
    ("PLOVER type accuracy", "type_accuracy"),
    ("type and both parties", "type_and_parties_accuracy"),
    ("source span F1 (exact)", "source_exact_f1"),
    ("source span F1 (overlap)", "source_overlap_f1"),
    ("target span F1 (exact)", "target_exact_f1"),
    ("target span F1 (overlap)", "target_overlap_f1"),
)


def _dev_tables(dev: dict[str, Any]) -> list[Any]:
    """The dev split's figures, one column per reader (rules, model, fused), and the fused
    coder's confusion of gold × predicted class."""
    readers: dict[str, dict[str, Any]] = dev["readers"]
    table = Table(
        title=f"Dev split ({dev['split']}): {dev['sentences']} sentences · model {dev['model']}",
        title_justify="left",
    )
    table.add_column("measure")
    for name in readers:
        table.add_column(name, justify="right")
    for label, key in _DEV_MEASURES:
        table.add_row(label, *(figure(figures.get(key)) for figures in readers.values()))
    first = next(iter(readers.values()), {})
    judged = " / ".join(
        str(first.get(key)) for key in ("event_sentences", "type_sentences", "type_and_parties_sentences")
    )
    table.add_row(
        "sentences judged (event / type / both parties)", *[judged if i == 0 else "" for i in range(len(readers))]
    )
    last_name, last = list(readers.items())[-1]
    confusion = {"confusion": last["quad_confusion"]}
    return [table, _confusion_table(f"Dev confusion ({last_name}): gold class × predicted", confusion, 4)]


_JUDGED_EVENT_MEASURES = (
    ("strict precision", "strict_precision", "strict_events"),
    ("root precision", "root_precision", "root_right_events"),
    ("partial precision (a real event)", "partial_precision", "matched_events"),
    ("recall (rows matched)", "recall", "rows_found"),
    ("recall, strict", "recall_strict", "rows_strict"),
)


def _judged_events_table(judged: dict[str, Any]) -> Table:
    """The judged sample's event figures, one column per coder (rules, fused), with counts."""
    coders: dict[str, dict[str, Any]] = judged["coders"]
    table = Table(
        title=f"Judged news events ({judged['dataset']}): {judged['stories']} stories, "
        f"{judged['event_rows']} event rows, {judged['not_event_rows']} not_event rows",
        title_justify="left",
    )
    table.add_column("measure")
    for name in coders:
        table.add_column(name, justify="right")
    table.add_row("events (per story)", *(f"{c['events']} ({c['events_per_story']})" for c in coders.values()))
    table.add_row("stories without an event", *(str(c["stories_without_event"]) for c in coders.values()))
    for label, key, count in _JUDGED_EVENT_MEASURES:
        table.add_row(label, *(f"{figure(c[key])} ({c[count]})" for c in coders.values()))
    for name in ("source", "target", "root", "modality"):
        table.add_row(f"{name} right, of matched", *(figure(c["field_agreement"][name]) for c in coders.values()))
    return table


Row = tuple[str, float | None, str]


def _event_rows(table: Table, name: str, rows: list[Row]) -> None:
    for index, (measure, value, counts) in enumerate(rows):
        table.add_row(name if index == 0 else "", measure, figure(value), counts, end_section=index == len(rows) - 1)


def _plover_event_name(plover: dict[str, Any]) -> str:
    return (
        f"{plover['dataset']}\n{plover['records']} records ({plover['failed']} failed), "
        f"gold types: {len(plover['gold_types'])}\n{plover['credit']}"
    )


def _modality(section: dict[str, Any]) -> str:
    others = ", ".join(f"{count} {name}" for name, count in section["modality"].items() if name != "asserted")
    return f"{section['asserted_events']} asserted, {section['other_modality_events']} other" + (
        f": {others}" if others else ""
    )


def _plover_event_rows(plover: dict[str, Any]) -> list[Row]:
    records, with_event = plover["records"], plover["with_event"]
    rows: list[Row] = [
        ("type accuracy", plover["accuracy"], f"{plover['correct']} of {records} records"),
        ("type precision", plover["precision"], f"{plover['correct']} of {with_event} with an event"),
        ("coverage", plover["coverage"], f"{with_event} with a typed event, {plover['with_any_event']} with any"),
        ("type macro-F1", plover["macro_f1"], f"over {len(plover['gold_types'])} gold types"),
    ]
    for role in ("source", "target"):
        rows.append(
            (
                f"{role} agreement",
                plover[f"{role}_agreement"],
                f"{plover[f'{role}_judged']} judged; country only {figure(plover[f'{role}_country_agreement'])}",
            )
        )
    rows += [
        (
            "events per record",
            plover["events_per_record"],
            f"{plover['events']}, {plover['statement_events']} of them CAMEO 01",
        ),
        ("off-type share", plover["off_type_share"], f"{plover['off_type_events']} of {plover['plover_events']} typed"),
        ("modality", None, _modality(plover)),
        (
            "gold EVT phrases found",
            None,
            f"{plover['evt_located']} of {plover['evt_phrases']}; {plover['records_with_located_evt']} records",
        ),
        ("gold with a mode", None, f"{plover['records_with_gold_mode']} records (not scored)"),
    ]
    return rows


def _class_rows(conflibert: dict[str, Any]) -> list[Row]:
    sentences, with_event = conflibert["sentences"], conflibert["with_event"]
    return [
        ("class accuracy", conflibert["accuracy"], f"{conflibert['correct']} of {sentences} sentences"),
        (
            "class macro-F1",
            conflibert["macro_f1"],
            f"over {sum(1 for count in conflibert['gold_classes'].values() if count)} gold classes; no event a miss",
        ),
        ("class precision", conflibert["precision"], f"{conflibert['correct']} of {with_event} with an event"),
        ("coverage = event-presence recall", conflibert["coverage"], f"{with_event} of {sentences}; no negatives"),
        ("events per sentence", conflibert["events_per_sentence"], f"{conflibert['events']} events"),
        ("modality", None, _modality(conflibert)),
    ]


def _per_type_table(plover: dict[str, Any]) -> Table:
    table = Table(title="PLOVER per type (over records)", title_justify="left")
    for column in ("type", "gold", "predicted", "correct", "precision", "recall", "F1"):
        table.add_column(column, justify="left" if column == "type" else "right")
    for label, figures in plover["per_type"].items():
        table.add_row(
            label,
            str(figures["gold"]),
            str(figures["predicted"]),
            str(figures["correct"]),
            *(figure(figures[name]) for name in ("precision", "recall", "f1")),
        )
    return table


def _confusion_table(title: str, section: dict[str, Any], width: int) -> Table:
    """Rows: gold labels; columns: predicted labels (cut to ``width`` characters), ``none`` last."""
    confusion: dict[str, dict[str, int]] = section["confusion"]
    labels = list(next(iter(confusion.values()), {}))
    table = Table(title=title, title_justify="left", padding=(0, 1))
    table.add_column("gold")
    for label in labels:
        table.add_column(label[:width], justify="right")
    for gold, row in confusion.items():
        table.add_row(gold, *(str(row[label]) if row[label] else "·" for label in labels))
    return table


_JUDGED_QUOTE_MEASURES = (
    ("precision (content and speaker right)", "precision", "right_quotes", "quotes"),
    ("content precision (any speaker)", "content_precision", "matched_quotes", "quotes"),
    ("speaker accuracy, of matched", "speaker_accuracy", "right_quotes", "matched_quotes"),
    ("recall (rows matched)", "recall", "rows_found", "quote_rows"),
    ("recall, speaker right", "recall_strict", "rows_right", "quote_rows"),
    ("exact content, of matched", "exact_content_rate", None, None),
    ("cue type agreement, of matched", "cue_type_agreement", None, None),
)


def render_judged_quotes(judged: dict[str, Any]) -> Any:
    """The judged sample's quote figures and those by cue type, or the reason it was skipped."""
    if "skipped" in judged:
        return Text(f"judged sample skipped: {judged['skipped']}", style="yellow")
    table = Table(
        title=f"Judged news quotes ({judged['dataset']}): {judged['stories']} stories, "
        f"{judged['quote_rows']} quote rows, {judged['not_quote_rows']} not_quote rows",
        title_justify="left",
    )
    for name in ("measure", "value", "counts"):
        table.add_column(name, justify="right" if name == "value" else "left")
    table.add_row("quotes output", str(judged["quotes"]), f"{judged['quotes_per_story']} per story")
    for label, key, part, whole in _JUDGED_QUOTE_MEASURES:
        table.add_row(label, figure(judged[key]), f"{judged[part]} of {judged[whole]}" if part and whole else "")
    by_type = Table(title="By cue type (the output's for precision, the row's for recall)", title_justify="left")
    for name in ("cue type", "output", "precision", "content precision", "rows", "recall"):
        by_type.add_column(name, justify="left" if name == "cue type" else "right")
    for name, item in judged["by_cue_type"].items():
        figures = (figure(item[key]) for key in ("precision", "content_precision"))
        by_type.add_row(name, str(item["output"]), *figures, str(item["rows"]), figure(item["recall"]))
    notes = [Text(f"- judged: {note}", style="dim") for note in judged.get("notes", [])]
    return Group(table, by_type, *notes)
