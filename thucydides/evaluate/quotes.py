"""Quotes scored on PolNeAR: content spans, and the speaker of each matched pair.

Every figure is over the cleaned text: gold offsets are carried there by
:func:`~thucydides.evaluate.polnear.align`. A gold content is the union of its parts, a
predicted quote's content the union of its ``spans``; each gold relation and each predicted
quote is matched at most once, greedily by the characters they share (most first).

- overlap rule: the shared characters cover at least half of the gold content *and* half of
  the predicted content (``MIN_SHARE``), so neither a fragment nor a whole paragraph around
  the quote counts.
- exact rule: the same characters once spacing, punctuation and quote marks are trimmed from
  the ends of each part (parts separated only by such characters are one part).
- speaker, on the pairs of the overlap rule: the predicted speaker's span overlaps the gold
  Source (a speaker without a span is judged by the mentions of its person); when neither side
  has a source the pair agrees too, counted apart as ``both_without_source``. Accuracy is
  agreements over pairs; precision is span agreements over pairs with a predicted speaker,
  recall over pairs with a gold source.

PolNeAR annotates every attribution — nominal cues ("the claims"), "according to", cognition
verbs, relations without a source — so figures are given on all relations and on those whose
cue is a speech or cognition verb (``speech_cognition``). A gold cue's class comes from the
lemmas of its words as the pipeline's spaCy model tags them in the article: the first verb
whose lemma is in :data:`SPEECH_LEMMAS` or :data:`COGNITION_LEMMAS`, else ``other``. On a
subset, recall is over its gold relations; precision leaves out the predictions matched to
gold relations outside it, and every unmatched prediction counts against each subset.
"""

from __future__ import annotations

import time
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rich.console import Group
from rich.table import Table
from rich.text import Text

from ..clean import clean_text
from ..records import Analysis, Document, Failure, Quote, RawDocument, Span
from .commands import eval_command
from .polnear import POLNEAR_DIR, GoldRelation, PolnearArticle, align, read_polnear
from .render import figure
from .scores import overlap, prf, ratio

MAX_EXAMPLES = 10
SNIPPET_CHARS = 200
MIN_SHARE = 0.5
CREDIT = "PolNeAR, political news attribution relations; research use"

# Lemmas of the verbs that report speech (or writing) and those that report a state of mind.
# Allegation, denial and appeal verbs report speech too; nominal cues ("the claims") are not
# verbs and go to ``other``, as do "according to" and punctuation-only cues.
SPEECH_LEMMAS = frozenset(
    "say tell add state announce report write explain note claim insist argue deny warn ask "
    "answer reply respond declare comment remark reiterate repeat acknowledge admit concede confirm "
    "assert contend maintain allege accuse charge complain stress emphasize emphasise suggest "
    "predict promise vow urge caution threaten mention describe call tweet post testify recall "
    "boast joke quip scoff lament tout speak talk disclose reveal advise propose "
    "counter retort shout yell cry whisper demand question cite echo criticize criticise "
    "condemn blast praise".split()
)
COGNITION_LEMMAS = frozenset(
    "believe think fear suspect expect hope know feel worry doubt consider assume suppose "
    "imagine realize realise understand guess reckon conclude figure wish wonder".split()
)
CUE_CLASSES = ("speech", "cognition", "other")
SUBSETS: dict[str, frozenset[str]] = {
    "all": frozenset(CUE_CLASSES),
    "speech_cognition": frozenset({"speech", "cognition"}),
}
# Words the exact rule trims from the ends of a content: spacing, punctuation, quote marks.
_TRIMMED_CATEGORIES = ("P", "Z")


# --- spans ------------------------------------------------------------------------------------


def merged(spans: Iterable[Span]) -> tuple[Span, ...]:
    """The union of ``spans`` as sorted, disjoint, non-empty spans."""
    union: list[Span] = []
    for start, end in sorted(span for span in spans if span[1] > span[0]):
        if union and start <= union[-1][1]:
            union[-1] = (union[-1][0], max(union[-1][1], end))
        else:
            union.append((start, end))
    return tuple(union)


def shared(first: tuple[Span, ...], second: tuple[Span, ...]) -> int:
    """Characters two unions of disjoint spans have in common."""
    return sum(overlap(a, b) for a in first for b in second)


def size(spans: tuple[Span, ...]) -> int:
    return sum(end - start for start, end in spans)


def _trimmable(char: str) -> bool:
    return char.isspace() or unicodedata.category(char)[0] in _TRIMMED_CATEGORIES


def trimmed(text: str, spans: tuple[Span, ...]) -> tuple[Span, ...]:
    """``spans`` with spacing, punctuation and quote marks trimmed from the ends of each part;
    parts left with nothing are dropped and parts apart only by such characters joined."""
    parts: list[Span] = []
    for start, end in merged(spans):
        while start < end and _trimmable(text[start]):
            start += 1
        while end > start and _trimmable(text[end - 1]):
            end -= 1
        if start == end:
            continue
        if parts and all(_trimmable(char) for char in text[parts[-1][1] : start]):
            parts[-1] = (parts[-1][0], end)
        else:
            parts.append((start, end))
    return tuple(parts)


def match_by_overlap(gold: list[tuple[Span, ...]], predicted: list[tuple[Span, ...]]) -> dict[int, int]:
    """Gold index → predicted index, one to one, for pairs sharing at least ``MIN_SHARE`` of
    each side's characters; the pairs sharing most are taken first."""
    candidates = []
    for g, gold_spans in enumerate(gold):
        for p, predicted_spans in enumerate(predicted):
            common = shared(gold_spans, predicted_spans)
            if common and common >= MIN_SHARE * size(gold_spans) and common >= MIN_SHARE * size(predicted_spans):
                candidates.append((-common, g, p))
    return _one_to_one(candidates)


def match_exactly(text: str, gold: list[tuple[Span, ...]], predicted: list[tuple[Span, ...]]) -> dict[int, int]:
    """Gold index → predicted index, one to one, for pairs that are the same once trimmed."""
    predicted_keys: dict[tuple[Span, ...], list[int]] = {}
    for p, spans in enumerate(predicted):
        predicted_keys.setdefault(trimmed(text, spans), []).append(p)
    candidates = [
        (0, g, p)
        for g, spans in enumerate(gold)
        if (key := trimmed(text, spans))  # an empty content matches nothing
        for p in predicted_keys.get(key, [])
    ]
    return _one_to_one(candidates)


def _one_to_one(candidates: list[tuple[int, int, int]]) -> dict[int, int]:
    pairs: dict[int, int] = {}
    taken: set[int] = set()
    for _, g, p in sorted(candidates):
        if g not in pairs and p not in taken:
            pairs[g] = p
            taken.add(p)
    return pairs


# --- gold cue classes -------------------------------------------------------------------------

_LEMMA_PIPES = frozenset({"tok2vec", "tagger", "morphologizer", "attribute_ruler", "lemmatizer"})


def cue_class(words: Iterable[tuple[str, str]]) -> str:
    """``speech``, ``cognition`` or ``other`` for a cue's ``(lemma, part of speech)`` words: the
    first verb (or untagged word) whose lemma is listed decides."""
    for lemma, pos in words:
        if pos not in ("", "VERB", "AUX"):
            continue
        if lemma in SPEECH_LEMMAS:
            return "speech"
        if lemma in COGNITION_LEMMAS:
            return "cognition"
    return "other"


def gold_cue_classes(nlp: Any, articles: list[PolnearArticle]) -> dict[tuple[str, str], str]:
    """``(article, relation id)`` → cue class, from the model's tags and lemmas of each article
    (parser and entity recogniser left out: only tags and lemmas are needed). A model without
    a lemmatiser gives lower-cased words, without a tagger no parts of speech."""
    disable = [name for name in nlp.pipe_names if name not in _LEMMA_PIPES]
    classes: dict[tuple[str, str], str] = {}
    docs = nlp.pipe((article.text for article in articles), disable=disable)
    for article, doc in zip(articles, docs, strict=True):
        for relation in article.relations:
            words = [
                ((token.lemma_ or token.lower_).lower(), token.pos_)
                for start, end in relation.cue
                for token in (doc.char_span(start, end, alignment_mode="expand") or ())
            ]
            classes[(article.name, relation.id)] = cue_class(words)
    return classes


def _nlp_of(pipeline: Any) -> Any:
    nlp = getattr(pipeline, "nlp", None)
    if nlp is None:
        import spacy

        nlp = spacy.blank("en")
    return nlp


# --- scoring ----------------------------------------------------------------------------------


@dataclass(slots=True)
class SubsetTally:
    """Counts for one subset of the gold relations (all, speech_cognition)."""

    gold: int = 0
    covered: int = 0
    predicted: int = 0
    covered_exact: int = 0
    predicted_exact: int = 0
    pairs: int = 0
    gold_with_source: int = 0
    predicted_with_speaker: int = 0
    speaker_agree: int = 0
    both_without_source: int = 0


@dataclass(slots=True)
class QuoteTally:
    """Counts gathered over the articles, and the first error examples of each kind."""

    articles: int = 0
    failed: int = 0
    multi_annotated: int = 0
    without_content: int = 0
    without_source: int = 0
    removed_by_cleaner: int = 0
    predicted: int = 0
    predicted_kinds: Counter[str] = field(default_factory=Counter)
    gold_classes: Counter[str] = field(default_factory=Counter)
    subsets: dict[str, SubsetTally] = field(default_factory=lambda: {name: SubsetTally() for name in SUBSETS})
    examples: dict[str, list[dict[str, Any]]] = field(
        default_factory=lambda: {"missed": [], "false_positive": [], "wrong_speaker": []}
    )

    def example(self, error: str, **details: Any) -> None:
        if len(self.examples[error]) < MAX_EXAMPLES:
            self.examples[error].append(details)


@dataclass(frozen=True, slots=True)
class GoldQuote:
    """A gold relation carried onto the cleaned text."""

    relation: GoldRelation
    content: tuple[Span, ...]
    source: tuple[Span, ...]
    cue: tuple[Span, ...]
    cue_class: str


def snippet(text: str, spans: Iterable[Span]) -> str:
    """The words of ``spans`` (parts joined by " … "), cut to ``SNIPPET_CHARS``."""
    words = " … ".join(" ".join(text[start:end].split()) for start, end in spans)
    return words if len(words) <= SNIPPET_CHARS else words[: SNIPPET_CHARS - 1] + "…"


def gold_quotes(article: PolnearArticle, cleaned: str, classes: dict[tuple[str, str], str]) -> list[GoldQuote]:
    """The article's relations that have a content, their spans in the cleaned text."""
    alignment = align(article.text, cleaned)
    return [
        GoldQuote(
            relation,
            merged(alignment.span(part) for part in relation.content),
            merged(alignment.span(part) for part in relation.source),
            merged(alignment.span(part) for part in relation.cue),
            classes.get((article.name, relation.id), "other"),
        )
        for relation in article.relations
        if relation.content
    ]


def speaker_spans(quote: Quote, analysis: Analysis) -> tuple[Span, ...]:
    """Where the predicted speaker is in the text: its span, else its person's mentions."""
    speaker = quote.speaker
    if speaker is None:
        return ()
    if speaker.span is not None:
        return (speaker.span,)
    for person in analysis.people:
        if person.id == speaker.person:
            return person.mentions
    return ()


def score_article(
    article: PolnearArticle, analysis: Analysis, classes: dict[tuple[str, str], str], tally: QuoteTally
) -> None:
    """Add one article's gold relations and predicted quotes to ``tally``."""
    text = analysis.document.text
    tally.articles += 1
    tally.multi_annotated += len(article.annotators) > 1
    tally.without_content += sum(not relation.content for relation in article.relations)
    gold = gold_quotes(article, text, classes)
    predicted = list(analysis.quotes)
    predicted_spans = [merged(quote.spans) for quote in predicted]
    tally.predicted += len(predicted)
    tally.predicted_kinds.update(quote.kind for quote in predicted)
    for relation in gold:
        tally.gold_classes[relation.cue_class] += 1
        tally.without_source += not relation.source
        tally.removed_by_cleaner += not relation.content
    gold_spans = [relation.content for relation in gold]
    pairs = match_by_overlap(gold_spans, predicted_spans)
    exact = match_exactly(text, gold_spans, predicted_spans)
    for name, classes_in in SUBSETS.items():
        subset = tally.subsets[name]
        inside = [index for index, relation in enumerate(gold) if relation.cue_class in classes_in]
        outside = [index for index, relation in enumerate(gold) if relation.cue_class not in classes_in]
        subset.gold += len(inside)
        subset.covered += sum(index in pairs for index in inside)
        subset.predicted += len(predicted) - sum(index in pairs for index in outside)
        subset.covered_exact += sum(index in exact for index in inside)
        subset.predicted_exact += len(predicted) - sum(index in exact for index in outside)
        for index in inside:
            if index in pairs:
                agrees = _score_speaker(gold[index], predicted[pairs[index]], analysis, subset)
                if name == "all" and not agrees:
                    tally.example(
                        "wrong_speaker",
                        article=article.name,
                        content=snippet(text, gold[index].content),
                        gold_source=snippet(text, gold[index].source) or None,
                        predicted_speaker=_speaker_text(predicted[pairs[index]]),
                    )
    for index, relation in enumerate(gold):
        if index not in pairs:
            tally.example(
                "missed",
                article=article.name,
                cue_class=relation.cue_class,
                content=snippet(text, relation.content),
                cue=snippet(text, relation.cue),
                source=snippet(text, relation.source) or None,
            )
    matched = set(pairs.values())
    for index, quote in enumerate(predicted):
        if index not in matched:
            tally.example(
                "false_positive",
                article=article.name,
                kind=quote.kind,
                content=snippet(text, predicted_spans[index]),
                cue=quote.cue_text,
                speaker=_speaker_text(quote),
            )


def _score_speaker(gold: GoldQuote, quote: Quote, analysis: Analysis, subset: SubsetTally) -> bool:
    """Count one overlap pair's speaker; True when it agrees with the gold source."""
    subset.pairs += 1
    has_speaker = quote.speaker is not None
    subset.gold_with_source += bool(gold.source)
    subset.predicted_with_speaker += has_speaker
    if not gold.source and not has_speaker:
        subset.both_without_source += 1
        return True
    if gold.source and shared(gold.source, merged(speaker_spans(quote, analysis))):
        subset.speaker_agree += 1
        return True
    return False


def _speaker_text(quote: Quote) -> str | None:
    return quote.speaker.text if quote.speaker else None


def subset_scores(subset: SubsetTally) -> dict[str, Any]:
    return {
        "gold": subset.gold,
        "overlap": {
            **prf(subset.covered, subset.predicted, subset.covered, subset.gold),
            "matched": subset.covered,
            "predicted": subset.predicted,
        },
        "exact": {
            **prf(subset.covered_exact, subset.predicted_exact, subset.covered_exact, subset.gold),
            "matched": subset.covered_exact,
            "predicted": subset.predicted_exact,
        },
        "speaker": {
            "pairs": subset.pairs,
            "accuracy": ratio(subset.speaker_agree + subset.both_without_source, subset.pairs),
            **prf(subset.speaker_agree, subset.predicted_with_speaker, subset.speaker_agree, subset.gold_with_source),
            "agree": subset.speaker_agree,
            "both_without_source": subset.both_without_source,
            "gold_with_source": subset.gold_with_source,
            "predicted_with_speaker": subset.predicted_with_speaker,
        },
    }


def quote_scores(tally: QuoteTally, split: str) -> dict[str, Any]:
    """The report of a tally (JSON-serialisable, figures to four decimals)."""
    gold = tally.subsets["all"].gold
    return {
        "dataset": f"{POLNEAR_DIR.as_posix()}/{split}",
        "credit": CREDIT,
        "split": split,
        "articles": tally.articles,
        "failed": tally.failed,
        "multi_annotated": tally.multi_annotated,
        "gold_relations": gold,
        "relations_without_source": tally.without_source,
        "relations_without_content": tally.without_content,
        "content_removed_by_cleaner": tally.removed_by_cleaner,
        "gold_by_cue_class": {name: tally.gold_classes[name] for name in CUE_CLASSES},
        "predicted_quotes": tally.predicted,
        "predicted_by_kind": dict(sorted(tally.predicted_kinds.items())),
        **{name: subset_scores(subset) for name, subset in tally.subsets.items()},
        "notes": [
            "one annotation file per article: the first annotator in sorted order",
            "overlap: the shared characters cover half the gold content and half the predicted one; "
            "one-to-one, largest overlap first",
            "exact: the same span once spacing, punctuation and quote marks are trimmed from the ends",
            "speaker on overlap pairs: the predicted speaker overlaps the gold source, or neither has one",
            "speech_cognition: gold cues whose verb lemma is a speech or cognition verb; its precision "
            "leaves out predictions matched to other relations",
            "relations without a content are left out; gold content the cleaner removed counts as missed",
        ],
        "examples": tally.examples,
    }


# --- running ----------------------------------------------------------------------------------


def analyse_articles(pipeline: Any, articles: list[PolnearArticle]) -> Iterator[tuple[PolnearArticle, Analysis | None]]:
    """Each article with its analysis (None when the pipeline failed on it). The title is given
    as "" so the headline stays in the text and the gold offsets keep their meaning."""
    documents = [
        RawDocument(id=article.name, text=article.text, origin=str(article.path), title="") for article in articles
    ]
    results: dict[str, Analysis | Failure] = {}
    for result in pipeline.run(documents):
        key = result.document.id if isinstance(result, Analysis) else result.document_id
        results[key or ""] = result
    for article in articles:
        result = results.get(article.name)
        yield article, result if isinstance(result, Analysis) else None


def evaluate_quotes(
    pipeline: Any,
    folder: Path,
    split: str = "dev",
    limit: int | None = None,
    model_reader: Callable[[list[PolnearArticle], dict[tuple[str, str], str], str], dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """Quotes scored on PolNeAR's ``split`` (its first ``limit`` articles in name order): content
    P/R/F1 under the overlap and exact rules and speaker agreement, on all relations and on
    speech/cognition cues, with the data set's size, the command and the model. The figures are
    the pipeline's (the rules); ``model_reader`` (:func:`.attribution.tagger_reader`) adds the
    learned tagger's under ``model``.

    Raises FileNotFoundError when ``folder`` or the split is missing, ValueError for an unknown
    split, InputError for a malformed annotation file.
    """
    started = time.perf_counter()
    articles = read_polnear(folder, split, limit)
    classes = gold_cue_classes(_nlp_of(pipeline), articles)
    stage: Any = getattr(pipeline, "quotes", None)
    fusing = bool(getattr(stage, "fusing", False))
    with stage.rules_only() if fusing else nullcontext():
        tally = _tally(pipeline, articles, classes)
    command = eval_command("quotes", folder, split=split if split != "dev" else None, limit=limit)
    scores = {
        "command": command,
        "model": getattr(pipeline, "model_name", "?"),
        "seconds": round(time.perf_counter() - started, 1),
        **quote_scores(tally, split),
    }
    readers: dict[str, Any] = {}
    if model_reader is not None:
        readers["model"] = model_reader(articles, classes, split)
    if fusing:
        readers["fused"] = quote_scores(_tally(pipeline, articles, classes), split)
    if readers:
        scores["readers"] = readers
    return scores


def _tally(pipeline: Any, articles: list[PolnearArticle], classes: dict[tuple[str, str], str]) -> QuoteTally:
    """The pipeline's quotes scored against the articles' gold relations."""
    tally = QuoteTally()
    for article, analysis in analyse_articles(pipeline, articles):
        if analysis is None:
            tally.failed += 1
            analysis = _empty_analysis(article)
        score_article(article, analysis, classes, tally)
    return tally


def _empty_analysis(article: PolnearArticle) -> Analysis:
    """A failed article scores as one with no quotes found, on the text as the cleaner gives it."""
    return Analysis(Document(article.name, "", clean_text(article.text).text), ())


# --- rendering --------------------------------------------------------------------------------

_SUBSET_TITLES = {"all": "all relations", "speech_cognition": "speech/cognition cues"}


def render_quote_scores(scores: dict[str, Any]) -> Group:
    """A table of the quote scores (measure, value, counts) per subset, with the data set's
    size, credit, command and model. Examples are left out; ``--format json`` shows them."""
    learned: dict[str, Any] = scores.get("readers", {}).get("model") or {}
    fused: dict[str, Any] = scores.get("readers", {}).get("fused") or {}
    with_model = bool(learned) and "skipped" not in learned
    table = Table(title="Quotes", title_justify="left")
    table.add_column("relations")
    table.add_column("measure")
    table.add_column("rules" if learned or fused else "value", justify="right")
    if with_model:
        table.add_column("model", justify="right")
    if fused:
        table.add_column("fused", justify="right")
    table.add_column("counts (rules)" if with_model or fused else "counts")
    for name, title in _SUBSET_TITLES.items():
        subset = scores[name]
        beside = _model_figures(learned[name]) if with_model else []
        fused_beside = _model_figures(fused[name]) if fused else []
        content, exact, speaker = subset["overlap"], subset["exact"], subset["speaker"]
        label = f"{title}\n{subset['gold']} gold"
        rows: list[tuple[str, float | None, str]] = [
            ("content precision (overlap)", content["precision"], f"{content['predicted']} predicted"),
            ("content recall (overlap)", content["recall"], f"{content['matched']} of {subset['gold']}"),
            ("content F1 (overlap)", content["f1"], ""),
            ("content precision (exact)", exact["precision"], f"{exact['predicted']} predicted"),
            ("content recall (exact)", exact["recall"], f"{exact['matched']} of {subset['gold']}"),
            ("content F1 (exact)", exact["f1"], ""),
            (
                "speaker accuracy",
                speaker["accuracy"],
                f"{speaker['pairs']} pairs, {speaker['both_without_source']} both without source",
            ),
            ("speaker precision", speaker["precision"], f"{speaker['predicted_with_speaker']} with a speaker"),
            ("speaker recall", speaker["recall"], f"{speaker['gold_with_source']} with a gold source"),
            ("speaker F1", speaker["f1"], ""),
        ]
        for index, (measure, value, counts) in enumerate(rows):
            cells = [figure(value)]
            if with_model:
                cells.append(figure(beside[index]))
            if fused:
                cells.append(figure(fused_beside[index]))
            table.add_row(label if index == 0 else "", measure, *cells, counts, end_section=index == len(rows) - 1)
    if with_model:
        source = learned["source"]
        for index, (measure, rule) in enumerate(
            (("source span F1 (overlap)", "overlap"), ("source span F1 (exact)", "exact"))
        ):
            table.add_row(
                f"distinct sources\n{source['gold']} gold" if index == 0 else "",
                measure,
                "—",
                figure(source[rule]["f1"]),
                *(["—"] if fused else []),
                f"{source['predicted']} predicted by the model",
            )
    classes = ", ".join(f"{count} {name}" for name, count in scores["gold_by_cue_class"].items())
    size = Text(
        f"{scores['dataset']}: {scores['articles']} articles ({scores['failed']} failed), "
        f"{scores['gold_relations']} gold relations ({classes}; {scores['relations_without_source']} without a "
        f"source), {scores['predicted_quotes']} predicted quotes — {scores['credit']}",
        style="dim",
    )
    notes = [Text(f"- {note}", style="dim") for note in scores.get("notes", [])]
    footer = Text(
        f"{scores.get('command', '')}  ·  model {scores.get('model', '?')}  ·  {scores.get('seconds', '?')} s",
        style="dim",
    )
    extra: list[Text] = []
    if "skipped" in learned:
        extra.append(Text(f"model: not scored ({learned['skipped']})", style="dim"))
    elif with_model:
        loss = learned["filter"]
        extra.append(
            Text(
                f"model {learned['tagger']} on {learned['encoder']}: {learned['predicted_quotes']} contents; "
                f"its speaker is the nearest source it tags. Candidate filter: {loss['sentences_read']} of "
                f"{loss['sentences']} sentences read, {loss['lost']} of {loss['gold_relations']} gold relations "
                f"({figure(loss['lost_share'])}) have their content or cue in no window read; {learned['seconds']} s",
                style="dim",
            )
        )
    return Group(table, size, *extra, *notes, footer)


def _model_figures(subset: dict[str, Any]) -> list[float | None]:
    """The model's figures in the order of the table's rows."""
    content, exact, speaker = subset["overlap"], subset["exact"], subset["speaker"]
    return [
        content["precision"],
        content["recall"],
        content["f1"],
        exact["precision"],
        exact["recall"],
        exact["f1"],
        speaker["accuracy"],
        speaker["precision"],
        speaker["recall"],
        speaker["f1"],
    ]
