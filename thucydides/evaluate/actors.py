"""Actor coding scored on two labelled sets.

PLOVER (``plover/PLOVER_GSR_CAMEO.json``, OEDA, CC BY-SA 4.0): each gold source/target
``actorText`` is found in the record's text (case-sensitive, first occurrence) and compared
with the coded mentions overlapping it:

- detection: a located gold actor is found when any coded mention overlaps it; a coded
  mention overlapping no gold actor is a false positive. PLOVER marks only the event's source
  and target, so precision is a lower bound.
- country: the first three letters of the codes agree (``PAK`` = ``PAKGOV``; ``IGO``,
  ``NGO``, ``IMG`` compare the same way). Old CAMEO/KEDS spellings count as their ISO codes
  (``JAP`` = ``JPN``, ``ITL`` = ``ITA``, ``VTN`` = ``VNM``, ``TMP`` = ``TLS``).
- sector: the gold ``sector``'s first three letters are among the predicted actor's roles;
  a gold actor with no sector agrees with a prediction that has none (an ``IGO``/``NGO``
  code's own type is not a role). ``***`` (unknown) is not judged.
- strict: country and sector both agree — the full country + sector code.
- when one gold actor overlaps several coded mentions (or one mention codes two actors, as in
  "Hungarian and Romanian officials"), the candidate that agrees best is taken.

ConfliBERT (``confliBERT-cameo/cameo_ner_train.txt``, Multi-CoPED/ConfliBERT, GPL-3): a gold
source, target or reciprocal span is covered when one coded mention overlaps at least half of
its characters or its head word; precision counts coded mentions overlapping any gold span,
again a lower bound since only an event's parties are marked.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..actors.lexicon import UNKNOWN_COUNTRY, load_lexicon
from ..clean import clean_text
from ..records import Actor, Analysis, Failure, RawDocument, Span
from .commands import eval_command
from .readers import (
    CONFLIBERT_FILE,
    PLOVER_FILE,
    ROLE_OF_TAG,
    GoldActor,
    NerSentence,
    PloverRecord,
    read_conflibert,
    read_plover,
    require_file,
)
from .scores import overlap, prf, ratio

MAX_EXAMPLES = 10
UNKNOWN_SECTOR = "***"
# Older CAMEO/KEDS country spellings found in gold files, read as the codes the project uses.
_CODE_ALIASES = {"JAP": "JPN", "ITL": "ITA", "VTN": "VNM", "TMP": "TLS"}
_SECTOR_ALIASES = {"CIV": "CVL"}
_ACTOR_TYPES = frozenset({"IGO", "NGO", "IMG", "MNC"})


@dataclass(frozen=True, slots=True)
class CodedMention:
    """A mention the pipeline coded: its span, code, and the roles (sectors) of that actor."""

    start: int
    end: int
    text: str
    code: str
    sectors: tuple[str, ...]

    @property
    def span(self) -> Span:
        return (self.start, self.end)


def country_key(code: str) -> str:
    """The part of a CAMEO code that names a country or actor type: ``PAKGOV`` → ``PAK``."""
    prefix = code[:3].upper()
    return _CODE_ALIASES.get(prefix, prefix)


def gold_sector_key(sector: str | None) -> str | None:
    """The gold sector's role code (``CVLalb`` → ``CVL``); None for a bare country."""
    if not sector:
        return None
    if sector.startswith(UNKNOWN_SECTOR):
        return UNKNOWN_SECTOR
    role = sector[:3].upper()
    return _SECTOR_ALIASES.get(role, role)


def coded_mentions(analysis: Analysis) -> list[CodedMention]:
    """Every mention with an actor code (a person's mention takes the person's code)."""
    actors = {actor.id: actor for actor in analysis.actors}
    codes_of_people = {person.id: person.actor for person in analysis.people}
    coded = []
    for mention in analysis.mentions:
        code = mention.actor or codes_of_people.get(mention.person or "")
        if not code:
            continue
        coded.append(CodedMention(mention.start, mention.end, mention.text, code, actor_roles(code, actors.get(code))))
    return coded


def actor_roles(code: str, actor: Actor | None) -> tuple[str, ...]:
    """The roles (sectors) of a coded actor: the actor's own, else the code's three-letter parts
    after the first (``AFGINSTAL`` → ``INS``, ``TAL``); the code's own first three letters (an
    ``IGO`` code's type) are not a role."""
    roles = actor.sectors if actor else tuple(code[i : i + 3] for i in range(3, len(code), 3))
    return tuple(role for role in roles if role != code[:3])


def has_no_country(predicted: CodedMention) -> bool:
    """A code that names a role and says it does not know the country: ``---MIL``; or an
    ethnic or religious community's code that names none (``KURREB``, ``MOSSUNREB``)."""
    if predicted.code.startswith(UNKNOWN_COUNTRY):
        return True
    owner, community, _ = load_lexicon().community_in(predicted.code)
    return community is not None and owner is None


def countries_agree(gold: GoldActor, predicted: CodedMention) -> bool:
    return country_key(gold.code) == country_key(predicted.code)


def sectors_agree(gold: GoldActor, predicted: CodedMention) -> bool | None:
    """Whether the sector agrees; None when the gold sector is unknown (``***``)."""
    role = gold_sector_key(gold.sector)
    if role == UNKNOWN_SECTOR:
        return None
    if role is None:
        return not predicted.sectors
    return role in {_SECTOR_ALIASES.get(s, s) for s in predicted.sectors}


# --- running the pipeline ---------------------------------------------------------------------


def analyse_all(pipeline: Any, texts: Iterable[tuple[str, str]]) -> Iterator[tuple[str, Analysis | None]]:
    """``(id, analysis)`` for each ``(id, text)``, batched; analysis is None when the document
    failed (the run goes on)."""
    return analyse_documents(pipeline, [RawDocument(id=doc_id, text=text, origin=doc_id) for doc_id, text in texts])


def analyse_documents(pipeline: Any, documents: list[RawDocument]) -> Iterator[tuple[str, Analysis | None]]:
    """``(id, analysis)`` for each document, in order, batched; analysis is None when the
    document failed. For documents that carry more than a text (a publication date)."""
    results: dict[str, Analysis | Failure] = {}
    for result in pipeline.run(documents):
        key = result.document.id if isinstance(result, Analysis) else result.document_id
        results[key or ""] = result
    for document in documents:
        result = results.get(document.id)
        yield document.id, result if isinstance(result, Analysis) else None


# --- PLOVER -----------------------------------------------------------------------------------


@dataclass(slots=True)
class PloverTally:
    """Counts gathered over the PLOVER records, and the first error examples of each kind."""

    records: int = 0
    failed: int = 0
    gold: int = 0
    located: int = 0
    covered: int = 0
    predicted: int = 0
    true_predicted: int = 0
    matched: int = 0
    country_agree: int = 0
    sector_judged: int = 0
    sector_agree: int = 0
    strict_agree: int = 0
    role_only: int = 0  # matched by a mention coded with a role and no country (``---GOV``)
    role_only_sector_judged: int = 0
    examples: dict[str, list[dict[str, Any]]] = field(
        default_factory=lambda: {"unlocated": [], "missed": [], "wrong_code": [], "false_positive": []}
    )

    def example(self, kind: str, **details: Any) -> None:
        if len(self.examples[kind]) < MAX_EXAMPLES:
            self.examples[kind].append(details)


def score_plover_record(record: PloverRecord, text: str, mentions: list[CodedMention], tally: PloverTally) -> None:
    """Add one record's gold actors and coded mentions to ``tally``; ``text`` is the cleaned text."""
    tally.records += 1
    located: list[Span] = []
    for gold in record.actors:
        tally.gold += 1
        needle = clean_text(gold.text, remove_boilerplate=False).text
        start = text.find(needle) if needle else -1
        if start < 0:
            tally.example("unlocated", id=record.id, actor=gold.text, code=gold.code, text=text)
            continue
        span = (start, start + len(needle))
        located.append(span)
        tally.located += 1
        _score_gold_actor(record, text, gold, span, mentions, tally)
    spans = {mention.span: mention for mention in mentions}
    tally.predicted += len(spans)
    for span, mention in spans.items():
        if any(overlap(span, gold_span) for gold_span in located):
            tally.true_predicted += 1
        else:
            tally.example("false_positive", id=record.id, mention=mention.text, code=mention.code, text=text)


def _score_gold_actor(
    record: PloverRecord, text: str, gold: GoldActor, span: Span, mentions: list[CodedMention], tally: PloverTally
) -> None:
    candidates = [mention for mention in mentions if overlap(mention.span, span)]
    gold_code = gold.code + (gold.sector or "")
    if not candidates:
        tally.example("missed", id=record.id, role=gold.role, actor=gold.text, code=gold_code, text=text)
        return
    tally.covered += 1
    best = max(
        candidates,
        key=lambda m: (
            countries_agree(gold, m),
            not has_no_country(m),
            bool(sectors_agree(gold, m)),
            overlap(m.span, span),
        ),
    )
    country_ok = countries_agree(gold, best)
    sector_ok = sectors_agree(gold, best)
    if has_no_country(best) and not country_ok:
        # the role without a guess at the country: judged for the role only
        tally.role_only += 1
        if sector_ok is not None:
            tally.role_only_sector_judged += 1
            tally.sector_agree += sector_ok
        return
    tally.matched += 1
    tally.country_agree += country_ok
    if sector_ok is not None:
        tally.sector_judged += 1
        tally.sector_agree += sector_ok
        tally.strict_agree += country_ok and sector_ok
    if not country_ok or sector_ok is False:
        tally.example(
            "wrong_code",
            id=record.id,
            role=gold.role,
            actor=gold.text,
            code=gold_code,
            mention=best.text,
            predicted=best.code,
            text=text,
        )


def evaluate_plover(pipeline: Any, records: list[PloverRecord]) -> dict[str, Any]:
    """PLOVER actor scores: detection P/R/F1, country, sector and strict accuracy, sizes."""
    tally = PloverTally()
    by_id = {record.id: record for record in records}
    texts = [(record.id, record.text) for record in records]
    for record_id, analysis in analyse_all(pipeline, texts):
        record = by_id[record_id]
        if analysis is None:
            tally.failed += 1
            score_plover_record(record, clean_text(record.text).text, [], tally)
        else:
            score_plover_record(record, analysis.document.text, coded_mentions(analysis), tally)
    return plover_scores(tally)


def plover_scores(tally: PloverTally) -> dict[str, Any]:
    """The report of a PLOVER tally (JSON-serialisable, figures to four decimals)."""
    return {
        "dataset": PLOVER_FILE.as_posix(),
        "credit": "PLOVER gold standard records, Open Event Data Alliance, CC BY-SA 4.0",
        "records": tally.records,
        "failed": tally.failed,
        "gold_actors": tally.gold,
        "located": tally.located,
        "unlocated": tally.gold - tally.located,
        "predicted_mentions": tally.predicted,
        "detection": prf(tally.true_predicted, tally.predicted, tally.covered, tally.located),
        "covered": tally.covered,
        "matched": tally.matched,
        "matched_role_only": tally.role_only,
        "country_accuracy": ratio(tally.country_agree, tally.matched),
        "sector_judged": tally.sector_judged,
        "sector_accuracy": ratio(tally.sector_agree, tally.sector_judged + tally.role_only_sector_judged),
        "strict_accuracy": ratio(tally.strict_agree, tally.sector_judged),
        # the same with every role-only match counted as a wrong code
        "strict_accuracy_all": ratio(tally.strict_agree, tally.sector_judged + tally.role_only_sector_judged),
        "notes": [
            "precision is a lower bound: PLOVER marks only each event's source and target",
            "recall is over located gold actors (actorText found in the text, case-sensitive)",
            "country: first three code letters (IGO/NGO/IMG alike); sector: gold role among the "
            "predicted roles, no sector = none predicted; strict: both, over the sector-judged pairs",
            "a match coded with a role and no country (---MIL) is not judged for country or strict, and is "
            "counted as matched_role_only; strict_accuracy_all counts those as wrong",
        ],
        "examples": tally.examples,
    }


# --- ConfliBERT -------------------------------------------------------------------------------


@dataclass(slots=True)
class SpanTally:
    """Counts gathered over the ConfliBERT sentences, and the first error examples."""

    sentences: int = 0
    failed: int = 0
    misaligned: int = 0
    gold: dict[str, int] = field(default_factory=lambda: dict.fromkeys(ROLE_OF_TAG.values(), 0))
    covered: dict[str, int] = field(default_factory=lambda: dict.fromkeys(ROLE_OF_TAG.values(), 0))
    predicted: int = 0
    true_predicted: int = 0
    examples: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: {"missed": [], "false_positive": []})

    def example(self, kind: str, **details: Any) -> None:
        if len(self.examples[kind]) < MAX_EXAMPLES:
            self.examples[kind].append(details)


def is_covered(gold_span: Span, head: Span, mentions: list[CodedMention]) -> bool:
    """True when one coded mention overlaps half the gold span's characters or its head word."""
    half = (gold_span[1] - gold_span[0]) / 2
    return any(overlap(mention.span, gold_span) >= half or overlap(mention.span, head) > 0 for mention in mentions)


def score_sentence(sentence: NerSentence, mentions: list[CodedMention], tally: SpanTally) -> None:
    """Add one sentence's gold spans and coded mentions (offsets into its text) to ``tally``."""
    tally.sentences += 1
    for gold in sentence.spans:
        tally.gold[gold.role] += 1
        if is_covered((gold.start, gold.end), gold.head, mentions):
            tally.covered[gold.role] += 1
        else:
            tally.example("missed", line=sentence.line, role=gold.role, actor=gold.text, text=sentence.text)
    spans = {mention.span: mention for mention in mentions}
    tally.predicted += len(spans)
    for span, mention in spans.items():
        if any(overlap(span, (gold.start, gold.end)) for gold in sentence.spans):
            tally.true_predicted += 1
        else:
            tally.example(
                "false_positive", line=sentence.line, mention=mention.text, code=mention.code, text=sentence.text
            )


def evaluate_conflibert(pipeline: Any, sentences: list[NerSentence]) -> dict[str, Any]:
    """ConfliBERT span scores: recall per role, P/R/F1 over all roles, sizes."""
    tally = SpanTally()
    by_id = {f"conflibert:{sentence.line}": sentence for sentence in sentences}
    texts = [(doc_id, sentence.text) for doc_id, sentence in by_id.items()]
    for doc_id, analysis in analyse_all(pipeline, texts):
        sentence = by_id[doc_id]
        mentions: list[CodedMention] = []
        if analysis is None:
            tally.failed += 1
        elif analysis.document.text != sentence.text:
            tally.misaligned += 1  # the cleaner changed the text: offsets cannot be compared
        else:
            mentions = coded_mentions(analysis)
        score_sentence(sentence, mentions, tally)
    return conflibert_scores(tally)


def conflibert_scores(tally: SpanTally) -> dict[str, Any]:
    """The report of a ConfliBERT tally (JSON-serialisable, figures to four decimals)."""
    gold = sum(tally.gold.values())
    covered = sum(tally.covered.values())
    return {
        "dataset": CONFLIBERT_FILE.as_posix(),
        "credit": "ConfliBERT CAMEO NER set (Multi-CoPED, AIES 2022), GPL-3",
        "sentences": tally.sentences,
        "failed": tally.failed,
        "misaligned": tally.misaligned,
        "gold_spans": gold,
        "predicted_mentions": tally.predicted,
        "roles": {
            role: {
                "gold": tally.gold[role],
                "covered": tally.covered[role],
                "recall": ratio(tally.covered[role], tally.gold[role]),
            }
            for role in tally.gold
        },
        "all": prf(tally.true_predicted, tally.predicted, covered, gold),
        "notes": [
            "precision is a lower bound: only each event's source, target and reciprocal actors are marked",
            "covered: one coded mention overlaps half the gold span's characters or its head word",
            "per-role precision is not given: a mention's role (source or target) is not predicted yet",
        ],
        "examples": tally.examples,
    }


# --- both -------------------------------------------------------------------------------------


def evaluate_actors(pipeline: Any, folder: Path, *, limit: int | None = None) -> dict[str, Any]:
    """Actor coding scored on PLOVER and ConfliBERT (first ``limit`` records of each), with the
    data sets' sizes, the command that reproduces the figures and the model used.

    Raises FileNotFoundError when ``folder`` or a data file in it is missing.
    """
    plover_path = require_file(folder, PLOVER_FILE, "the PLOVER gold records (a JSON list)")
    conflibert_path = require_file(folder, CONFLIBERT_FILE, "ConfliBERT 'TOKEN TAG' lines")
    started = time.perf_counter()
    plover = evaluate_plover(pipeline, read_plover(plover_path, limit))
    conflibert = evaluate_conflibert(pipeline, read_conflibert(conflibert_path, limit))
    command = eval_command("actors", folder, limit=limit)
    return {
        "command": command,
        "model": pipeline.model_name,
        "seconds": round(time.perf_counter() - started, 1),
        "plover": plover,
        "conflibert": conflibert,
    }
