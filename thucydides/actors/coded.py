"""A coded actor phrase: the record the phrase coder and the organisation reader share."""

from __future__ import annotations

from dataclasses import dataclass

from .lexicon import UNKNOWN_COUNTRY, Group

# International roles: an international body's own, never tied to a country.
INTERNATIONAL_ROLES = frozenset({"IGO", "UIS", "INT"})
# Roles that are CAMEO actor types of their own: without a country the role is the code.
TYPE_ROLES = frozenset({"NGO", "NGM"})


@dataclass(frozen=True, slots=True)
class CodedPhrase:
    """An actor mention at tokens ``start:end`` with its CAMEO code (``None`` if uncoded)."""

    start: int
    end: int
    root: int
    kind: str  # sector, group, name, demonym, seat
    code: str | None
    country: str | None
    sectors: tuple[str, ...]
    group: Group | None
    definite: bool
    head_lemma: str
    # "the army", "police": a phrase that may take its country from coreference or context;
    # "two soldiers", "an official", "both armies" may not (a new or several referents).
    resolvable: bool = False

    @property
    def actor(self) -> str | None:
        """The code the mention carries: its own, else ``---`` and the role when the phrase names
        a role but no country ("gunmen" → ``---UAF``, "the government" → ``---GOV``)."""
        if self.code is not None:
            return self.code
        if self.kind != "sector" or not self.sectors or self.sectors[0] in INTERNATIONAL_ROLES:
            return None
        if self.sectors[0] in TYPE_ROLES:
            return self.sectors[0]  # "aid groups": CAMEO's NGO code needs no country
        return UNKNOWN_COUNTRY + "".join(self.sectors)
