"""The event lexicon: CAMEO codes (``data/event_codes.tsv``), trigger rules (``data/triggers.tsv``)
and modality words (``data/modality.tsv``), read once and checked row by row.

A mistake in a data file is a :class:`~thucydides.errors.DataError` naming the file, the line and
what would be valid, never a rule silently ignored.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from ..actors.lexicon import data_rows
from ..errors import DataError

#: Condition keys that are not prepositions.
CONDITION_KEYS = frozenset({"prt", "obj", "mod", "xcomp", "in"})
#: Target slots that are not prepositions.
SLOTS = frozenset({"obj", "dative", "clause"})
FLAGS = frozenset({"recip", "theme"})
EFFECTS = frozenset({"negation", "future", "hypothetical", "implicative"})
DEFAULT_TARGETS = {"verb": ("obj",), "noun": ("against", "on", "with", "to", "of", "into", "in")}


@dataclass(frozen=True, slots=True)
class Code:
    code: str
    label: str
    goldstein: float
    quad_class: int
    plover: str | None
    plover_mode: str | None


@dataclass(frozen=True, slots=True)
class Rule:
    """One row of ``triggers.tsv``: when ``lemma`` (as ``pos``) meets ``conditions``, it reports
    ``code`` (``"light"``: the code of its object noun), with the target in ``targets``."""

    lemma: str
    pos: str
    code: str
    conditions: tuple[tuple[str, frozenset[str]], ...]
    targets: tuple[str, ...]
    flags: frozenset[str]
    line: int

    @property
    def light(self) -> bool:
        return self.code == "light"


@dataclass(frozen=True, slots=True)
class EventLexicon:
    codes: Mapping[str, Code]
    rules: Mapping[tuple[str, str], tuple[Rule, ...]]
    modality: Mapping[tuple[str, str], str]
    intents: Mapping[str, str]

    def code(self, code: str) -> Code:
        return self.codes[code]

    def rules_for(self, lemma: str, pos: str) -> tuple[Rule, ...]:
        return self.rules.get((lemma, pos), ())

    def effect(self, lemma: str, pos: str) -> str | None:
        return self.modality.get((lemma, pos))

    def announced(self, code: Code) -> Code:
        """How announcing the act ``code`` is coded: "will visit" is an intent to meet (036)."""
        intent = self.intents.get(code.code[:2])
        return self.codes[intent] if intent is not None else code


@cache
def load_event_lexicon() -> EventLexicon:
    codes = _codes()
    return EventLexicon(codes=codes, rules=_rules(codes), modality=_modality(), intents=_intents(codes))


def _codes() -> dict[str, Code]:
    codes: dict[str, Code] = {}
    for number, row in data_rows("event_codes.tsv"):
        try:
            codes[row["code"]] = Code(
                row["code"],
                row["label"],
                float(row["goldstein"]),
                int(row["quad_class"]),
                row["plover"] or None,
                row["plover_mode"] or None,
            )
        except ValueError:
            raise DataError(f"data/event_codes.tsv, line {number}: goldstein and quad_class must be numbers") from None
    return codes


def _rules(codes: Mapping[str, Code]) -> dict[tuple[str, str], tuple[Rule, ...]]:
    found: dict[tuple[str, str], list[Rule]] = defaultdict(list)
    for number, row in data_rows("triggers.tsv"):
        where = f"data/triggers.tsv, line {number}"
        pos = row["pos"]
        if pos not in DEFAULT_TARGETS:
            raise DataError(f"{where}: pos {pos!r} is not verb or noun")
        code = row["code"]
        if code != "light" and code not in codes:
            raise DataError(f"{where}: {code!r} is not a CAMEO code in event_codes.tsv (nor 'light')")
        lemma = row["lemma"].lower()
        if not lemma or " " in lemma:
            raise DataError(f"{where}: the lemma must be one word, got {row['lemma']!r}")
        flags = frozenset(f for f in row["flags"].split(",") if f)
        if flags - FLAGS:
            raise DataError(f"{where}: unknown flag(s) {sorted(flags - FLAGS)}; valid: {sorted(FLAGS)}")
        targets = tuple(t.strip() for t in row["target"].split(",") if t.strip()) or DEFAULT_TARGETS[pos]
        for target in targets:
            if target not in SLOTS and not target.isalpha():
                raise DataError(f"{where}: target slot {target!r} is neither {sorted(SLOTS)} nor a preposition")
        found[(lemma, pos)].append(Rule(lemma, pos, code, _conditions(row["when"], where), targets, flags, number))
    return {key: tuple(sorted(rules, key=lambda r: -len(r.conditions))) for key, rules in found.items()}


def _conditions(cell: str, where: str) -> tuple[tuple[str, frozenset[str]], ...]:
    conditions = []
    for part in cell.split(";"):
        if not part.strip():
            continue
        key, sep, words = part.partition("=")
        key = key.strip().lower()
        if not sep or not words.strip() or not key.isalpha():
            raise DataError(
                f"{where}: condition {part!r} is not key=word|word (keys: {sorted(CONDITION_KEYS)} or a preposition)"
            )
        conditions.append((key, frozenset(w.strip().lower() for w in words.split("|") if w.strip())))
    return tuple(conditions)


def _modality() -> dict[tuple[str, str], str]:
    words: dict[tuple[str, str], str] = {}
    for number, row in data_rows("modality.tsv"):
        if row["effect"] not in EFFECTS:
            raise DataError(
                f"data/modality.tsv, line {number}: effect {row['effect']!r} is not one of {sorted(EFFECTS)}"
            )
        words[(row["word"].lower(), row["pos"].lower())] = row["effect"]
    return words


def _intents(codes: Mapping[str, Code]) -> dict[str, str]:
    intents: dict[str, str] = {}
    for number, row in data_rows("intents.tsv"):
        if row["code"] not in codes or row["root"] not in codes:
            raise DataError(f"data/intents.tsv, line {number}: {row['root']!r} or {row['code']!r} is not a CAMEO code")
        intents[row["root"]] = row["code"]
    return intents
