"""Records flattened into the rows of the store's tables, and those rows as Arrow tables.

``analysis_rows`` gives, for analyses, the rows of each table in ``TABLES``; ``arrow_tables``
makes Arrow tables of them (what workers of a corpus run send to its writer, and what
``Store.write`` inserts). The reverse, rows read back into records, is ``reads.analysis``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import pyarrow as pa

from ..records import Analysis, Failure
from .schema import TABLES


def arrow_tables(rows: Mapping[str, Sequence[Mapping[str, Any]]]) -> dict[str, pa.Table]:
    """Arrow tables (in ``TABLES``' columns) of the rows given per table. Raises Arrow's errors
    (or ``OverflowError``, ``TypeError``, ``ValueError``) for a value that does not fit its column."""
    return {
        table: pa.Table.from_pylist(list(table_rows), schema=pa.schema(TABLES[table]))
        for table, table_rows in rows.items()
    }


def failure_rows(failures: Iterable[Failure]) -> list[dict[str, Any]]:
    now = dt.datetime.now()
    return [
        {"origin": f.origin, "document_id": f.document_id, "stage": f.stage, "reason": f.reason, "failed_at": now}
        for f in failures
    ]


def _spans(spans: Iterable[tuple[int, int]]) -> list[dict[str, int]]:
    return [{"start": start, "end": end} for start, end in spans]


def analysis_rows(analyses: Sequence[Analysis], model: str | None) -> dict[str, list[dict[str, Any]]]:
    """The rows of each table (``TABLES``) for the analyses: what the store holds of them."""
    rows: dict[str, list[dict[str, Any]]] = {table: [] for table in TABLES}
    now = dt.datetime.now()
    for analysis in analyses:
        document = analysis.document
        key = document.hash
        rows["documents"].append(
            {
                "hash": key,
                "id": document.id,
                "title": document.title,
                "published": document.published,
                "source": document.source,
                "url": document.url,
                "text": document.text,
                "removed": list(document.removed),
                "model": model,
                "loaded_at": now,
            }
        )
        rows["sentences"] += [
            {"doc_hash": key, "sentence": s.index, "start": s.start, "end": s.end} for s in analysis.sentences
        ]
        rows["actors"] += [
            {
                "doc_hash": key,
                "actor": a.id,
                "name": a.name,
                "country": a.country,
                "sectors": list(a.sectors),
                "kind": a.kind,
                "mention_count": len(a.mentions),
            }
            for a in analysis.actors
        ]
        rows["mentions"] += [
            {
                "doc_hash": key,
                "start": m.start,
                "end": m.end,
                "text": m.text,
                "sentence": m.sentence,
                "kind": m.kind,
                "actor": m.actor,
                "person": m.person,
            }
            for m in analysis.mentions
        ]
        rows["people"] += [
            {
                "doc_hash": key,
                "person": p.id,
                "name": p.name,
                "title": p.title,
                "description": p.description,
                "country": p.country,
                "actor": p.actor,
                "coded_by": p.coded_by,
                "mentions": _spans(p.mentions),
            }
            for p in analysis.people
        ]
        rows["places"] += [
            {
                "doc_hash": key,
                "name": p.name,
                "country": p.country,
                "lat": p.lat,
                "lon": p.lon,
                "geonameid": p.geonameid,
                "kind": p.kind,
                "mentions": _spans(p.mentions),
            }
            for p in analysis.places
        ]
        for q in analysis.quotes:
            speaker = q.speaker
            rows["quotes"].append(
                {
                    "doc_hash": key,
                    "quote": q.id,
                    "kind": q.kind,
                    "content": q.content,
                    "spans": _spans(q.spans),
                    "cue_text": q.cue_text,
                    "cue_start": q.cue_span[0] if q.cue_span else None,
                    "cue_end": q.cue_span[1] if q.cue_span else None,
                    "cue_type": q.cue_type,
                    "speaker_start": speaker.span[0] if speaker and speaker.span else None,
                    "speaker_end": speaker.span[1] if speaker and speaker.span else None,
                    "about": list(q.about),
                    "speaker_text": speaker.text if speaker else None,
                    "speaker_name": speaker.name if speaker else None,
                    "speaker_person": speaker.person if speaker else None,
                    "speaker_actor": speaker.actor if speaker else None,
                    "speaker_anonymous": speaker.anonymous if speaker else None,
                    "speaker_description": speaker.description if speaker else None,
                    "sentence": q.sentence,
                }
            )
        for e in analysis.events:
            row: dict[str, Any] = {
                "doc_hash": key,
                "event": e.id,
                "cameo": e.cameo,
                "cameo_label": e.cameo_label,
                "plover": e.plover,
                "quad_class": e.quad_class,
                "goldstein": e.goldstein,
                "trigger_text": e.trigger_text,
                "trigger_start": e.trigger_span[0],
                "trigger_end": e.trigger_span[1],
                "sentence": e.sentence,
                "evidence": e.evidence,
                "modality": e.modality,
                "quote": e.quote,
                "date": e.date,
                "date_text": e.date_text,
                "place": e.place,
                "confidence": e.confidence,
                "date_precision": e.date_precision,
                "date_basis": e.date_basis,
                "place_country": e.place_country,
                "place_lat": e.place_lat,
                "place_lon": e.place_lon,
                "plover_mode": e.plover_mode,
            }
            for side, party in (("source", e.source), ("target", e.target)):
                row[f"{side}_actor"] = party.actor if party else None
                row[f"{side}_country"] = party.country if party else None
                row[f"{side}_text"] = party.text if party else None
                row[f"{side}_start"] = party.span[0] if party else None
                row[f"{side}_end"] = party.span[1] if party else None
                row[f"{side}_person"] = party.person if party else None
            rows["events"].append(row)
        rows["dates"] += [
            {
                "doc_hash": key,
                "text": d.text,
                "value": d.value,
                "precision": d.precision,
                "start": d.span[0],
                "end": d.span[1],
            }
            for d in analysis.dates
        ]
    return rows


def unique_analyses(analyses: Sequence[Analysis]) -> list[Analysis]:
    """The analyses without a repeated document (the first of each hash is kept)."""
    first: dict[str, Analysis] = {}
    for analysis in analyses:
        first.setdefault(analysis.document.hash, analysis)
    return list(first.values())


def keep_documents(tables: Mapping[str, pa.Table], fresh: Sequence[str]) -> dict[str, pa.Table]:
    """The rows of the ``fresh`` documents, each document's once (the first in the batch)."""
    import pyarrow.compute as pc

    if not fresh:
        return {}
    keep = pa.array(list(fresh))
    kept: dict[str, pa.Table] = {}
    for table, arrow in tables.items():
        if table not in TABLES or not arrow.num_rows:
            continue
        if table == "documents":
            wanted, first = set(fresh), []
            for position, digest in enumerate(arrow.column("hash").to_pylist()):
                if digest in wanted:
                    wanted.discard(digest)
                    first.append(position)
            kept[table] = arrow.take(pa.array(first, type=pa.int64()))
        elif "doc_hash" in arrow.column_names and table not in ("copies",):
            kept[table] = arrow.filter(pc.is_in(arrow.column("doc_hash"), keep))
        else:
            kept[table] = arrow
    return kept


def concat_tables(tables: Mapping[str, pa.Table], more: Mapping[str, pa.Table]) -> dict[str, pa.Table]:
    joined = dict(tables)
    for table, arrow in more.items():
        joined[table] = pa.concat_tables([joined[table], arrow]) if table in joined else arrow
    return joined
