"""The learned attribution tagger on PolNeAR: the articles parsed as the pipeline parses them,
the candidate filter's loss, and the tagger's reading turned into quotes the quote scorer reads.

The tagger is scored with the rules' own matching (:mod:`.quotes`): each predicted content is a
quote (its parts are its spans), its speaker the source span the tagger found nearest it in the
same window (none when the window has no source). Sources are also scored on their own: the
distinct gold Source spans of an article against the distinct predicted ones, under the
overlap and exact rules.

The filter loss (:func:`filter_loss`) is the share of gold relations whose content, or cue,
lies in no window the tagger reads (:mod:`thucydides.models.attribution_windows`).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..errors import ModelFileError
from ..models.attribution_model import AttributionModel, WindowReading, shipped_tagger
from ..models.attribution_windows import SentenceWindow, windows
from ..models.event_model import EventModel, shipped_model
from ..records import Analysis, Document, Quote, RawDocument, Span, Speaker
from ..stages import sentences_of
from .polnear import PolnearArticle
from .quotes import (
    SUBSETS,
    GoldQuote,
    QuoteTally,
    gold_quotes,
    match_by_overlap,
    match_exactly,
    merged,
    quote_scores,
    score_article,
    shared,
)
from .scores import prf, ratio


@dataclass(frozen=True, slots=True)
class ParsedArticle:
    """A PolNeAR article as the pipeline reads it: the cleaned text, the spaCy doc, the gold
    relations carried onto the cleaned text and the windows the tagger reads."""

    article: PolnearArticle
    text: str
    doc: Any
    gold: tuple[GoldQuote, ...]
    windows: tuple[SentenceWindow, ...]


def parse_articles(
    pipeline: Any,
    articles: Sequence[PolnearArticle],
    classes: dict[tuple[str, str], str] | None = None,
    disable: Sequence[str] = (),
    every_sentence: bool = False,
) -> Iterator[ParsedArticle]:
    """Each article cleaned as the pipeline cleans it (the title given as "", so the headline
    stays in the text) and parsed with its spaCy model (less the pipes in ``disable``: the
    entity recogniser changes no sentence, tag or lemma), in order. Its windows are the
    candidate filter's, or with ``every_sentence`` every paragraph's sentences."""
    cleaned = [
        pipeline.clean(RawDocument(id=article.name, text=article.text, origin=str(article.path), title="")).text
        for article in articles
    ]
    docs = pipeline.nlp.pipe(cleaned, disable=list(disable))
    for article, text, doc in zip(articles, cleaned, docs, strict=True):
        gold = tuple(gold_quotes(article, text, classes or {}))
        read = [True] * len(list(doc.sents)) if every_sentence else None
        yield ParsedArticle(article, text, doc, gold, tuple(windows(doc, read)))


# --- the filter's loss ------------------------------------------------------------------------


@dataclass(slots=True)
class FilterTally:
    gold: int = 0
    content_out: int = 0
    cue_out: int = 0
    lost: int = 0
    content_chars: int = 0
    content_chars_out: int = 0
    sentences: int = 0
    sentences_read: int = 0
    one_sentence_misses: int = 0

    def add(self, parsed: ParsedArticle) -> None:
        read = merged(span for window in parsed.windows for span in window.spans)
        sentences = list(parsed.doc.sents)
        self.sentences += len(sentences)
        self.sentences_read += sum(len(window.sentences) for window in parsed.windows)
        bounds = [(s.start_char, s.end_char) for s in sentences]
        for relation in parsed.gold:
            if not relation.content:
                continue
            self.gold += 1
            content_in = shared(relation.content, read) > 0
            cue_in = not relation.cue or shared(relation.cue, read) > 0
            self.content_out += not content_in
            self.cue_out += not cue_in
            self.lost += not (content_in and cue_in)
            total = sum(end - start for start, end in relation.content)
            self.content_chars += total
            self.content_chars_out += total - shared(relation.content, read)
            first, last = relation.content[0][0], relation.content[-1][1] - 1
            self.one_sentence_misses += not any(start <= first and last < end for start, end in bounds)

    def scores(self) -> dict[str, Any]:
        return {
            "gold_relations": self.gold,
            "lost": self.lost,
            "lost_share": ratio(self.lost, self.gold),
            "content_outside": self.content_out,
            "cue_outside": self.cue_out,
            "content_chars_outside_share": ratio(self.content_chars_out, self.content_chars),
            "sentences": self.sentences,
            "sentences_read": self.sentences_read,
            "sentences_read_share": ratio(self.sentences_read, self.sentences),
            "contents_over_one_sentence": self.one_sentence_misses,
            "contents_over_one_sentence_share": ratio(self.one_sentence_misses, self.gold),
        }


def filter_loss(parsed: Iterable[ParsedArticle]) -> dict[str, Any]:
    """The candidate filter's loss over the articles: relations whose content or cue lies in no
    window, the sentences read, and the contents no single sentence holds."""
    tally = FilterTally()
    for article in parsed:
        tally.add(article)
    return tally.scores()


# --- the tagger as a reader -------------------------------------------------------------------


def read_windows(
    encoder: EventModel, tagger: AttributionModel, text: str, windows_: Sequence[SentenceWindow]
) -> list[WindowReading]:
    """The tagger's reading of each window of ``text`` (offsets into ``text``), one encoder pass
    per sentence."""
    spans = [span for window in windows_ for span in window.spans]
    encoded = encoder.encode([text[start:end] for start, end in spans])
    readings: list[WindowReading] = []
    position = 0
    for window in windows_:
        parts = encoded[position : position + len(window.spans)]
        position += len(window.spans)
        readings.append(tagger.read(tagger.window_inputs(parts, [start for start, _ in window.spans])))
    return readings


def model_quotes(text: str, readings: Sequence[WindowReading], sentence_of: dict[int, int]) -> list[Quote]:
    """The tagger's contents as quotes: spans its parts, speaker the nearest source of the
    window (by characters), cue the nearest cue; ``kind`` ``model``."""
    quotes: list[Quote] = []
    for reading in readings:
        for content in reading.contents:
            source = reading.nearest("source", content.parts)
            cue = reading.nearest("cue", content.parts)
            speaker = (
                Speaker(text[source.start : source.end], (source.start, source.end), None, None, None, False, None)
                if source is not None
                else None
            )
            quotes.append(
                Quote(
                    id=f"m{len(quotes) + 1}",
                    kind="model",
                    content=" ".join(text[start:end] for start, end in content.parts),
                    spans=content.parts,
                    cue_text=text[cue.start : cue.end] if cue is not None else None,
                    cue_span=(cue.start, cue.end) if cue is not None else None,
                    speaker=speaker,
                    sentence=sentence_of.get(content.parts[0][0], -1),
                )
            )
    return quotes


@dataclass(slots=True)
class SourceTally:
    """Distinct gold Source spans against distinct predicted source spans."""

    gold: int = 0
    predicted: int = 0
    overlap: int = 0
    exact: int = 0
    examples: list[dict[str, Any]] = field(default_factory=list)

    def add(self, text: str, gold: Iterable[tuple[Span, ...]], predicted: Iterable[Span]) -> None:
        gold_spans = sorted({spans for spans in gold if spans})
        predicted_spans = sorted({(span,) for span in predicted})
        self.gold += len(gold_spans)
        self.predicted += len(predicted_spans)
        self.overlap += len(match_by_overlap(list(gold_spans), list(predicted_spans)))
        self.exact += len(match_exactly(text, list(gold_spans), list(predicted_spans)))

    def scores(self) -> dict[str, Any]:
        return {
            "gold": self.gold,
            "predicted": self.predicted,
            "overlap": prf(self.overlap, self.predicted, self.overlap, self.gold),
            "exact": prf(self.exact, self.predicted, self.exact, self.gold),
        }


# --- the tagger in ``eval quotes`` -------------------------------------------------------------


ModelReader = Callable[[Sequence[PolnearArticle], dict[tuple[str, str], str], str], dict[str, Any]]


def tagger_reader(pipeline: Any) -> ModelReader:
    """The scorer of the shipped tagger for :func:`~.quotes.evaluate_quotes`: given the articles,
    their gold cue classes and the split, the tagger's figures (contents by the quote scorer's
    rules, speaker = nearest source, distinct source spans, the filter's loss), or
    ``{"skipped": reason}`` when the model files are absent or the pipeline cannot parse."""

    def read(articles: Sequence[PolnearArticle], classes: dict[tuple[str, str], str], split: str) -> dict[str, Any]:
        if not hasattr(pipeline, "clean") or getattr(pipeline, "nlp", None) is None:
            return {"skipped": "the pipeline gives no cleaner and parser to read the articles with"}
        try:
            encoder = shipped_model()
            tagger = shipped_tagger()
        except ModelFileError as exc:
            return {"skipped": str(exc)}
        return score_tagger(pipeline, encoder, tagger, articles, classes, split)

    return read


def score_tagger(
    pipeline: Any,
    encoder: EventModel,
    tagger: AttributionModel,
    articles: Sequence[PolnearArticle],
    classes: dict[tuple[str, str], str],
    split: str,
) -> dict[str, Any]:
    """The tagger's figures on ``articles`` (see :func:`tagger_reader`)."""
    started = time.perf_counter()
    tally = QuoteTally()
    sources = SourceTally()
    filtered = FilterTally()
    for parsed in parse_articles(pipeline, articles, classes, disable=("ner",)):
        filtered.add(parsed)
        readings = read_windows(encoder, tagger, parsed.text, parsed.windows)
        sentences = sentences_of(parsed.doc)
        sentence_of = {}
        for sentence in sentences:
            for offset in range(sentence.start, sentence.end):
                sentence_of[offset] = sentence.index
        quotes = model_quotes(parsed.text, readings, sentence_of)
        document = Document(parsed.article.name, "", parsed.text)
        score_article(parsed.article, Analysis(document, sentences, quotes=tuple(quotes)), classes, tally)
        sources.add(
            parsed.text,
            [relation.source for relation in parsed.gold],
            [(span.start, span.end) for reading in readings for span in reading.sources],
        )
    scores = quote_scores(tally, split)
    return {
        "tagger": tagger.name,
        "encoder": encoder.name,
        "predicted_quotes": scores["predicted_quotes"],
        **{name: scores[name] for name in SUBSETS},
        "source": sources.scores(),
        "filter": filtered.scores(),
        "seconds": round(time.perf_counter() - started, 1),
        "examples": scores["examples"],
    }
