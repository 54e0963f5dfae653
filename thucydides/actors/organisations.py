"""Organisations the lexicon does not know, read from the text, and the nouns that take one up.

A company is a name with a corporate suffix ("Yahoo Inc") or after a business noun ("Chinese
tech firm Alibaba"); another body is a name the parser marks as an organisation whose head word
says what it is (``org_words.tsv``: "the Chicago Tribune" MED). "The group", "the party", "the
paper" are read as the one organisation of their kind named just before them, or as no one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from spacy.tokens import Doc, Span, Token

from .coded import CodedPhrase
from .context import StoryContext, hit_country
from .lexicon import UNKNOWN_COUNTRY, ActorLexicon
from .match import Hit
from .people import PersonDraft
from .usage import CORPORATE_SUFFIXES

# Role nouns that take up an organisation named just before: "the company", "the militia".
_ANAPHORA = {
    "militia": frozenset({"armed_group"}),
    "company": frozenset({"company"}),
    "firm": frozenset({"company"}),
    "newspaper": frozenset({"media"}),
    "paper": frozenset({"media"}),
    "group": frozenset({"armed_group", "party", "movement", "ngo"}),
    "party": frozenset({"party"}),
    "movement": frozenset({"movement", "armed_group", "party"}),
    "network": frozenset({"armed_group"}),
    "organization": frozenset({"armed_group", "ngo", "igo", "party", "movement"}),
    "organisation": frozenset({"armed_group", "ngo", "igo", "party", "movement"}),
    "bloc": frozenset({"igo"}),
    "alliance": frozenset({"igo", "armed_group", "party"}),
    "coalition": frozenset({"igo", "armed_group", "party"}),
}
# Organisation nouns that are no role noun of their own ("the group", "the paper"): read only as
# the organisation named before them.
_ORGANISATION_NOUNS = frozenset(
    {"group", "party", "paper", "newspaper", "movement", "network", "organization", "organisation", "bloc", "alliance"}
)
# The kind of an organisation read from the text (no lexicon row): by its role.
_KIND_OF_ROLE = {"BUS": "company", "MED": "media", "NGO": "ngo"}
# A noun before a name that says it is a business: "Chinese tech firm Alibaba", "publisher Time Inc".
BUSINESS_NOUNS = frozenset(
    (
        "company firm corporation conglomerate automaker carmaker manufacturer maker supplier producer "
        "developer retailer bank lender insurer fund investor publisher operator airline carrier miner "
        "refiner utility startup start-up contractor giant group"
    ).split()
)


class OrganisationReader:
    """Reads the organisations of one document that the lexicon does not name. Built by the
    phrase coder over the same hits and context; immutable after construction."""

    def __init__(
        self,
        doc: Doc,
        lexicon: ActorLexicon,
        context: StoryContext,
        name_hits: Sequence[Hit],
        sector_hits: Sequence[Hit],
        inner_hit_at: Mapping[int, Hit],
        people_by_token: Mapping[int, PersonDraft],
    ) -> None:
        self.doc = doc
        self.lexicon = lexicon
        self.context = context
        self.name_hits = name_hits
        self.sector_hits = sector_hits
        self.people_by_token = people_by_token
        self.hit_at = {i: h for h in name_hits for i in range(h.start, h.end)}
        self.sector_at = {i: h for h in sector_hits for i in range(h.start, h.end)}
        self.inner_hit_at = inner_hit_at  # every name hit, those inside a longer name too

    def read(self, phrases: Sequence[CodedPhrase]) -> list[CodedPhrase]:
        """Organisations the lexicon does not know, read from the text. A company: a name with a
        corporate suffix ("Yahoo Inc", "Siemens AG") or after a business noun ("Chinese tech firm
        Alibaba", "German auto supplier Bosch"), coded BUS. Another body: a name the parser marks
        as an organisation whose head word (else another of its words) says what it is
        (``org_words.tsv``: "the Chicago Tribune" MED, "the Wilson Center" EDU). The country is an
        adjective's in its own phrase or the one city or country its name holds, else ``---``;
        its later mentions by the same name ("Alibaba", "Starboard" for "Starboard Value LP")
        take the same code."""
        doc = self.doc
        named = {i for p in phrases for i in range(p.start, p.end)}
        named |= {i for h in self.name_hits for i in range(h.start, h.end)}
        roles = {i for h in self.sector_hits for i in range(h.start, h.end)}
        found: list[CodedPhrase] = []
        known: dict[str, tuple[str, str]] = {}  # an organisation's name and short name -> code, role
        for entity in doc.ents:
            suffixed_person = entity.label_ == "PERSON" and entity[-1].text.rstrip(".") in CORPORATE_SUFFIXES
            inside = range(entity.start, entity.end)
            # the parser's "product" after a business noun is the business: "industrial group Alcen"
            before = list(doc[entity.root.left_edge.i : entity.start])
            product = entity.label_ == "PRODUCT" and _described_as_business(before, entity)
            if entity.label_ not in ("ORG", "FAC") and not suffixed_person and not product:
                continue  # (a "FAC" only by its head word: "the Wilson Center")
            if any(i in named or (i in self.people_by_token and not suffixed_person) for i in inside):
                continue
            first = entity.start
            while (
                first > 0
                and doc[first - 1].pos_ == "PROPN"
                and doc[first - 1].text[:1].isupper()
                and first - 1 not in named
                and first - 1 not in roles
                and doc[first - 1].ent_type_ in ("", "ORG")  # not "On Monday Brandtwerk AG"
            ):
                first -= 1  # the recogniser's "Value LP" for "Starboard Value LP"
            words = [t for t in doc[first : entity.end] if t.text not in ("the", "The")]
            if not words:
                continue
            name = " ".join(t.text for t in words)
            start = words[0].i
            if name in known:
                code, sector = known[name]
            else:
                left = [t for t in doc[entity.root.left_edge.i : first] if t.i not in self.people_by_token]
                role = self._role(words, left, entity)
                if role is None:
                    continue
                sector = role
                if _described_as_business(left, entity):
                    start = min(t.i for t in left)  # "German auto supplier Bosch"
                country = self.country_in_name(words, left) or self._located_in(entity)
                code = (country or UNKNOWN_COUNTRY) + sector
                short = [t.text for t in words if t.text.rstrip(".") not in CORPORATE_SUFFIXES]
                for alias in (
                    name,
                    " ".join(short),
                    short[0] if sector == "BUS" and len(short) > 1 and len(short[0]) > 3 else "",
                    short[-1]
                    if sector == "MED" and len(short) > 1
                    else "",  # "the Tribune" after "the Chicago Tribune"
                ):
                    if alias and alias not in self.lexicon.country_words:
                        known.setdefault(alias, (code, sector))
            country = None if code.startswith(UNKNOWN_COUNTRY) else code[:3]
            head = "company" if sector == "BUS" else entity.root.lemma_.lower()
            found.append(
                CodedPhrase(start, entity.end, entity.root.i, "group", code, country, (sector,), None, True, head)
            )
        return found

    def anaphors(self, phrases: Sequence[CodedPhrase]) -> list[CodedPhrase]:
        """ "The group", "the party", "the paper", "the radical group", "the Syria-based group":
        a definite organisation noun that no lexicon codes, to be read as the one organisation of
        its kind named just before (:meth:`named_before`); dropped when there is none."""
        taken = {i for p in phrases for i in range(p.start, p.end)}
        found = []
        for token in self.doc:
            lemma = token.lemma_.lower()
            if lemma not in _ORGANISATION_NOUNS or token.i in taken or token.tag_ != "NN" or token.dep_ == "compound":
                continue
            lefts = list(token.lefts)
            if not lefts or lefts[0].lower_ != "the" or lefts[0].dep_ != "det":
                continue
            if any(c.i in self.sector_at or c.i in self.hit_at or c.dep_ in ("poss", "compound") for c in lefts):
                continue  # "the rebel group", "the Kurdish party", "the news organization": their own words say
            start = lefts[0].i
            found.append(CodedPhrase(start, token.i + 1, token.i, "anaphor", None, None, (), None, True, lemma, True))
        return found

    def named_before(
        self, phrase: CodedPhrase, earlier: Sequence[CodedPhrase], coded: Mapping[int, CodedPhrase]
    ) -> CodedPhrase | None:
        """ "The group", "the company", "the party", "the paper": the one organisation of that
        kind named in this sentence or the two before it ("Nasscom … the lobby group" is
        Nasscom), with its code; None when none or several are."""
        kinds = _ANAPHORA.get(phrase.head_lemma)
        root = self.doc[phrase.root]
        if kinds is None or not phrase.definite or root.tag_ != "NN" or not phrase.resolvable:
            return None
        if phrase.kind != "anaphor" and any(c.dep_ in ("amod", "compound", "poss") for c in root.lefts):
            return None  # "the rebel group", "its ruling party": said by their own words
        sentence = self.context.sentence_of(phrase.root)
        candidates = {
            p.code: p
            for p in earlier
            if p.code
            and p.kind == "group"
            and self.context.sentence_of(p.root) >= sentence - 2
            and _organisation_kind(p) in kinds
        }
        if len(candidates) != 1:
            return None
        (named,) = candidates.values()
        between = range(named.end, phrase.start)
        if any(e.label_ == "ORG" and e.start in between and e.start not in coded for e in self.doc.ents):
            return None  # another organisation, one we could not code, was named in between
        return replace(phrase, code=named.code, country=named.country, sectors=named.sectors, group=named.group)

    def country_in_name(self, words: Sequence[Token], left: Sequence[Token]) -> str | None:
        """The one country an organisation's own words give: an adjective before it ("Turkish"),
        a city or country in its name ("Houston", "Japan")."""
        countries = {c for t in left if t.i in self.hit_at and (c := hit_country(self.hit_at[t.i]))}
        run: list[Token] = []  # capitalised words that are no kind of organisation: a place's name?
        for token in (*words, None):
            hit = self.inner_hit_at.get(token.i) if token is not None else None
            if hit is not None and hit_country(hit):
                countries.add(hit_country(hit))  # type: ignore[arg-type]
            if (
                token is not None
                and token.pos_ == "PROPN"
                and token.text[:1].isupper()
                and token.lower_ not in self.lexicon.org_words
                and hit is None
            ):
                run.append(token)
                continue
            # the longest start of the run that is a place: "Houston" in "Houston Independent"
            for stop in range(len(run), 0, -1):
                country = self.context.place_country(" ".join(t.text for t in run[:stop]))
                if country:
                    countries.add(country)
                    break
            run = []
        countries &= set(self.lexicon.countries)
        return countries.pop() if len(countries) == 1 else None

    def _role(self, words: Sequence[Token], left: Sequence[Token], entity: Span) -> str | None:
        """BUS for a suffixed name or one a business noun describes; else the role its head word,
        or failing that its last word that says one, names (``org_words.tsv``); else None."""
        if entity.label_ == "FAC":
            return self.lexicon.org_words.get(entity.root.lower_) if entity.root.i != words[0].i else None
        last = words[-1]
        after = self.doc[last.i + 1] if last.i + 1 < len(self.doc) else None
        if last.text == "AG" and after is not None and after.ent_type_ == "PERSON":
            return None  # "New York AG Letitia James": an attorney general
        if len(words) > 1 and last.text.rstrip(".") in CORPORATE_SUFFIXES:
            return "BUS"
        if _described_as_business(left, entity):
            return "BUS"
        org_words = self.lexicon.org_words
        head = entity.root.lower_
        if head in org_words and entity.root.i != words[0].i:
            return org_words[head]  # "the Chicago Tribune"; a one-word "Post" is not enough
        said = [org_words[t.lower_] for t in words[1:] if t.lower_ in org_words]
        return said[-1] if said else None

    def _located_in(self, entity: Span) -> str | None:
        """The country of the place right after an organisation's name: "a fund manager at
        Hengsheng Asset Management Co. in Shanghai", "the James Martin Center ... in Monterey, CA"."""
        after = self.doc[entity.end : entity.end + 1]
        if not after or after[0].lower_ != "in":
            return None
        objects = [c for c in after[0].children if c.dep_ == "pobj"]
        if not objects:
            return None
        place = self.doc[objects[0].left_edge.i : objects[0].right_edge.i + 1]
        hit = self.hit_at.get(objects[0].i)
        if hit is not None and hit_country(hit):
            return hit_country(hit)
        names = self.context.places_in(place.start, place.end)
        countries = {c for name in names if (c := self.context.place_country(name))}
        return countries.pop() if len(countries) == 1 else None


def _described_as_business(left: Sequence[Token], entity: Span) -> bool:
    """True when a business noun before the name modifies it: "German auto supplier Bosch"."""
    return any(t.lemma_.lower() in BUSINESS_NOUNS and entity.start <= t.head.i < entity.end for t in left)


def _organisation_kind(phrase: CodedPhrase) -> str | None:
    """A coded organisation's kind: its lexicon row's, else one read off its role (BUS: company)."""
    if phrase.group is not None:
        return phrase.group.kind
    return _KIND_OF_ROLE.get(phrase.sectors[0]) if phrase.sectors else None
