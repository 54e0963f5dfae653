"""The pipeline: read → clean → parse → the declared stages (``stages.STAGE_ORDER``:
sentences, dateline, actors, places, reading, quotes, dates, events).

``Pipeline`` loads its resources once (spaCy model, lexicon, gazetteer), builds its stages and
checks that they fit (:func:`stages.check_stages`), and runs documents through them. ``run`` is
the batch form: documents are parsed in batches with ``nlp.pipe``; a document that fails is
given back as a :class:`Failure` naming it and the stage, and the run goes on.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, nullcontext
from itertools import islice
from typing import Any

from .actors import ActorStage, load_lexicon
from .clean import clean_text
from .errors import InputError, InputTooLarge
from .events import EventStage
from .models.attribution_model import shipped_tagger
from .models.event_model import shipped_model
from .parse import add_paragraph_breaks, load_model
from .places import city_countries, load_gazetteer
from .quotes import QuoteStage
from .read import split_title
from .reading import Reader
from .records import Analysis, Document, Failure, RawDocument
from .settings import Settings, load_settings
from .stages import Draft, Stage, build_stages, check_stages, run_stage

# A hook entered around each stage after parsing, given the stage's name.
Watch = Callable[[str], AbstractContextManager[object]]


class Pipeline:
    """All stages with their resources, loaded once. Documents in, :class:`Analysis` out."""

    def __init__(self, settings: Settings | None = None, *, nlp: Any = None) -> None:
        self.settings = settings or load_settings()
        self.nlp = (
            add_paragraph_breaks(nlp)
            if nlp is not None
            else load_model(self.settings.model.name, self.settings.model.disable)
        )
        self.gazetteer = load_gazetteer()
        learned_events = self.settings.events.coder == "learned"
        learned_quotes = self.settings.quotes.coder == "learned"
        encoder = shipped_model() if learned_events or learned_quotes else None
        self.quotes = QuoteStage(fusing=learned_quotes)
        self.events = EventStage(model=encoder if learned_events else None)
        self.reader = Reader(self.events, shipped_tagger() if learned_quotes else None, encoder)
        self.country_names = {code: c.name for code, c in load_lexicon().countries.items()}
        self.actors = ActorStage(
            self.nlp,
            inherit_country=self.settings.actors.inherit_country,
            place_names=frozenset(self.gazetteer.cities),
            city_countries=city_countries(
                self.gazetteer, (n for c in load_lexicon().countries.values() for n in (c.name, *c.aliases))
            ),
        )
        self.stages: tuple[Stage, ...] = tuple(
            build_stages(self.actors, self.quotes, self.events, self.reader, self.gazetteer, self.country_names)
        )
        check_stages(self.stages)

    @property
    def model_name(self) -> str:
        meta = self.nlp.meta
        return f"{meta.get('lang', 'xx')}_{meta.get('name', '?')}-{meta.get('version', '?')}"

    def analyze_text(
        self,
        text: str,
        *,
        doc_id: str = "text",
        published: dt.date | None = None,
        title: str | None = None,
    ) -> Analysis:
        """Analyse one text. Raises :class:`InputError` if nothing is left after cleaning."""
        if title is None:  # as the file reader does: a headline line is the title, not the story
            title, text = split_title(text)
        raw = RawDocument(id=doc_id, text=text, origin=doc_id, title=title, published=published)
        return self.analyze(raw)

    def analyze(self, raw: RawDocument) -> Analysis:
        """Analyse one document; errors propagate (use ``run`` for the skip-and-go-on policy)."""
        document = self.clean(raw)
        return self._analyse(document, self.nlp(document.text))

    def clean(self, raw: RawDocument) -> Document:
        return clean_document(raw, self.settings, self.nlp.max_length)

    def run(self, items: Iterable[RawDocument | Failure]) -> Iterator[Analysis | Failure]:
        """Analyse a stream of documents in batches; failures are yielded, never raised."""
        iterator = iter(items)
        while batch := list(islice(iterator, self.settings.limits.batch_size)):
            ready: list[tuple[RawDocument, Document]] = []
            for item in batch:
                if isinstance(item, Failure):
                    yield item
                    continue
                try:
                    ready.append((item, self.clean(item)))
                except Exception as exc:  # the batch policy: report, skip, go on
                    yield Failure(item.origin, item.id, "clean", failure_reason(exc), item.warnings)
            yield from self._run_batch(ready)

    def analyse_cleaned(self, ready: list[tuple[RawDocument, Document]]) -> Iterator[Analysis | Failure]:
        """Analyse documents already cleaned (a corpus run cleans them first, to skip the ones it
        has seen before); failures are yielded, never raised."""
        return self._run_batch(ready)

    def _run_batch(self, ready: list[tuple[RawDocument, Document]]) -> Iterator[Analysis | Failure]:
        docs: list[Any]
        try:
            docs = list(self.nlp.pipe([document.text for _, document in ready]))
        except Exception:  # one bad text must not cost the batch: parse one by one instead
            docs = [None] * len(ready)
        for (raw, document), doc in zip(ready, docs, strict=True):
            stage = ["parse"]  # the stage running, named in the failure if it raises
            try:
                if doc is None:
                    doc = self.nlp(document.text)
                analysis = self._analyse(document, doc, stage)
            except Exception as exc:
                yield Failure(raw.origin, raw.id, stage[0], failure_reason(exc), raw.warnings)
                continue
            yield analysis

    def analyse_parsed(self, document: Document, doc: Any, *, watch: Watch | None = None) -> Analysis:
        """The stages after parsing, over a document already parsed by ``self.nlp``.

        ``watch(stage)`` is entered around each stage (``stages.STAGE_ORDER``): a hook to time or
        count one stage's work. Errors propagate.
        """
        return self._analyse(document, doc, watch=watch)

    def _analyse(
        self, document: Document, doc: Any, stage: list[str] | None = None, *, watch: Watch | None = None
    ) -> Analysis:
        stage = stage if stage is not None else [""]
        draft = Draft(document, doc)
        for each in self.stages:
            stage[0] = each.name  # named in the failure if the stage raises
            with watch(each.name) if watch is not None else nullcontext():
                run_stage(each, draft)
        return draft.analysis()


def clean_document(raw: RawDocument, settings: Settings, max_length: int = 1_000_000) -> Document:
    """The cleaning stage on its own (no model needed): the story text, what was removed, and the
    hash that keys the document everywhere."""
    cleaned = clean_text(raw.text, remove_boilerplate=settings.clean.remove_boilerplate)
    if not cleaned.text.strip():
        raise InputError(raw.origin, "no story text left after removing boilerplate")
    if len(cleaned.text) > max_length:
        raise InputTooLarge(
            raw.origin,
            f"{len(cleaned.text)} characters is over the parser's limit of {max_length} "
            "(spaCy's nlp.max_length); split the document",
        )
    return Document(
        id=raw.id,
        hash=hashlib.sha256(cleaned.text.encode("utf-8")).hexdigest(),
        text=cleaned.text,
        title=raw.title,
        published=raw.published,
        url=raw.url,
        source=raw.source,
        removed=cleaned.removed,
        origin=raw.origin,
    )


def failure_reason(exc: BaseException) -> str:
    if isinstance(exc, InputError):
        return exc.reason
    return f"{type(exc).__name__}: {exc}"
