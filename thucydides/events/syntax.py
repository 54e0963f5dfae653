"""Who did it and to whom, read from the dependency parse rather than from word distance.

Sources are subjects, passive agents ("by Pakistani officials"), possessors and actor adjectives of
nominal triggers ("the U.S. offensive", "Indian backing"), or the subject a clause inherits from the
verb that governs it ("McChrystal was forced to visit", "Having committed troops to fighting",
"urged India to agree": India agrees). Targets come from the slots the trigger rule names: the
direct object (or passive subject), a preposition's object, a dative, or the subject of a
that-clause. Coordinated arguments ("both India and Pakistan") give one party each.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.tokens import Token

from .lexicon import Rule

SUBJECTS = ("nsubj", "nsubjpass", "csubj")
RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whom", "whose"})
# A head that only counts or divides its "of" phrase: "elements within the military", "members of the Taliban".
PART_NOUNS = frozenset(
    "element elements member members part parts some many most one two three several dozens hundreds thousands "
    "unit units section sections wing wings faction factions group groups remnant remnants".split()
)
PART_PREPOSITIONS = frozenset({"of", "within", "from", "in", "inside"})
# "accused X of colluding", "blamed X for attacking", "charged X with": X does the gerund.
CONTROLLING_PREPOSITIONS = frozenset({"of", "for", "with"})


def conjuncts(token: Token) -> list[Token]:
    """The token and the words coordinated with it ("India and Pakistan")."""
    found = [token]
    for child in token.children:
        if child.dep_ == "conj" and child.pos_ in ("NOUN", "PROPN", "PRON"):
            found.extend(conjuncts(child))
    return found


def passive(verb: Token) -> bool:
    return any(child.dep_ in ("nsubjpass", "auxpass") for child in verb.children)


def children(token: Token, *deps: str) -> Iterator[Token]:
    return (child for child in token.children if child.dep_ in deps)


def preposition_objects(token: Token, preposition: str) -> list[Token]:
    """Objects of ``preposition`` on the token: "met with the envoy", "fomented by", "sent into"."""
    found: list[Token] = []
    for prep in token.children:
        if prep.dep_ in ("prep", "agent", "dative") and prep.lower_ == preposition:
            for obj in prep.children:
                if obj.dep_ in ("pobj", "pcomp"):
                    found.extend(conjuncts(obj))
    return found


def relative_head(token: Token) -> Token:
    """ "groups that attack X": the relative pronoun stands for the noun its clause modifies."""
    if token.lower_ in RELATIVE_PRONOUNS and token.head.dep_ in ("relcl", "acl"):
        return token.head.head
    return token


def direct_objects(verb: Token) -> list[Token]:
    if verb.pos_ == "NOUN":
        return preposition_objects(verb, "of")
    if passive(verb):
        return [relative_head(t) for s in children(verb, "nsubjpass") for t in conjuncts(s)]
    return [t for obj in children(verb, "dobj", "obj") for t in conjuncts(obj)]


_DASHES = frozenset({"-", "--", "\u2013", "\u2014"})


def object_after_aside(verb: Token) -> list[Token]:
    """ "has been battling - under a thick media blackout - Baluch separatists": the small
    model loses an object behind a dashed aside; the noun right after the closing dash is it."""
    if verb.pos_ != "VERB" or passive(verb):
        return []
    sentence_end = verb.sent.end
    i = verb.i + 1
    if i >= sentence_end or verb.doc[i].text not in _DASHES:
        return []
    closing = next((j for j in range(i + 1, min(i + 15, sentence_end)) if verb.doc[j].text in _DASHES), None)
    if closing is None:
        return []
    for j in range(closing + 1, min(closing + 6, sentence_end)):
        token = verb.doc[j]
        if token.pos_ in ("NOUN", "PROPN"):
            head = token
            while head.dep_ in ("compound", "amod") and head.head.i > head.i:
                head = head.head
            return [head]
        if token.pos_ not in ("DET", "ADJ", "NUM", "PROPN", "NOUN"):
            return []
    return []


def clause_subjects(verb: Token) -> list[Token]:
    """The subject of the that-clause a speech verb reports: "alleged that India is using ..."."""
    for clause in children(verb, "ccomp"):
        subjects = [t for s in children(clause, "nsubj", "nsubjpass") for t in conjuncts(s)]
        if subjects:
            return [relative_head(s) for s in subjects]
    return []


def target_slots(trigger: Token, rule: Rule) -> Iterator[tuple[str, list[Token]]]:
    """The words in each target slot of ``rule``, in the rule's order (empty slots left out)."""
    for slot in rule.targets:
        if slot == "obj":
            found = direct_objects(trigger) or object_after_aside(trigger)
        elif slot == "dative":
            found = [t for d in children(trigger, "dative") for t in conjuncts(d)] or preposition_objects(trigger, "to")
        elif slot == "clause":
            found = clause_subjects(trigger)
        else:
            found = preposition_objects(trigger, slot)
            if not found and trigger.pos_ == "VERB":
                # "imposed sanctions on Iran": the preposition may hang on the object
                found = [t for obj in direct_objects(trigger) for t in preposition_objects(obj, slot)]
        if found:
            yield slot, found


def subjects(verb: Token) -> tuple[list[Token], bool]:
    """The doers of a verb, and whether they were inherited from a governing verb.

    Walks up through infinitives, gerunds, coordinated verbs and relative clauses until a verb
    with a subject: "Washington has been urging India to agree" gives India for "agree" (the
    object of an object-control verb), "McChrystal was forced to visit" gives McChrystal."""
    token = verb
    inherited = False
    for _ in range(6):
        own = [relative_head(t) for s in children(token, "nsubj", "csubj") for t in conjuncts(s)]
        if not own and passive(token):
            own = [t for agent in children(token, "agent") for t in preposition_objects_of(agent)]
            if not own and inherited:
                # "McChrystal was forced to visit": the passive subject does the infinitive
                own = [relative_head(t) for s in children(token, "nsubjpass") for t in conjuncts(s)]
            if not own:
                return [], inherited
        if own:
            return own, inherited
        dep, head = token.dep_, token.head
        if head.i == token.i:
            return [], inherited
        inherited = True
        if dep == "xcomp":
            controllers = [t for obj in children(head, "dobj") for t in conjuncts(obj)]
            if controllers:
                return controllers, inherited
            token = head
        elif dep in ("conj", "advcl"):
            token = head
        elif dep in ("relcl", "acl") and head.pos_ in ("NOUN", "PROPN"):
            return [head], inherited
        elif dep in ("pcomp", "pobj") and head.dep_ in ("prep",):
            governor = head.head
            if head.lower_ in CONTROLLING_PREPOSITIONS:
                # "accused the government of colluding": the government colludes
                if governor.pos_ in ("NOUN", "PROPN") and governor.dep_ in ("dobj", "nsubjpass"):
                    return conjuncts(governor), inherited
                controllers = [t for obj in children(governor, "dobj") for t in conjuncts(obj)]
                if controllers:
                    return controllers, inherited
            token = governor
        else:
            return [], inherited
    return [], inherited


def preposition_objects_of(prep: Token) -> list[Token]:
    return [t for obj in prep.children if obj.dep_ in ("pobj",) for t in conjuncts(obj)]


def noun_sources(noun: Token) -> list[Token]:
    """The doer of a nominal trigger: its possessor ("Pakistan's campaign"), "by" object, or an
    actor word before it ("the U.S. offensive", "Indian backing")."""
    found = [t for p in children(noun, "poss") for t in conjuncts(p)]
    found += preposition_objects(noun, "by")
    return found + [child for child in noun.lefts if child.dep_ in ("amod", "compound", "nmod")]


def governing_verb(noun: Token) -> Token | None:
    """The verb a nominal trigger is the object of, directly or through a preposition
    ("launched an offensive", "arrived on a visit"); a coordinated noun shares its first's."""
    while noun.dep_ == "conj" and noun.head.i != noun.i:
        noun = noun.head
    head = noun.head
    if noun.dep_ in ("dobj", "attr", "nsubjpass") and head.pos_ in ("VERB", "AUX"):
        return head
    if noun.dep_ == "pobj" and head.dep_ == "prep" and head.head.pos_ in ("VERB", "AUX"):
        return head.head
    return None


_NOT_COMPLEMENTS = frozenset(
    {*SUBJECTS, "aux", "auxpass", "neg", "punct", "advmod", "mark", "agent", "npadvmod", "cc", "det", "poss", "amod",
     "compound", "nummod", "relcl", "appos", "parataxis", "conj", "advcl"}
)  # fmt: skip


def complement_words(trigger: Token, *, conditions: bool = False) -> Iterator[Token]:
    """Nouns inside the trigger's complements (objects, infinitives, that-clauses, prepositional
    phrases), in text order: where a target may sit when no slot of the rule names one
    ("agreed to provide aid for Romania"). With ``conditions``, a threat's if/unless clause too
    ("threatened to stop the talks if the United States deploys ...")."""
    for child in trigger.children:
        if child.dep_ == "advcl" and conditions and _conditional(child):
            pass
        elif child.dep_ in _NOT_COMPLEMENTS:
            continue
        for token in child.subtree:
            if token.pos_ in ("NOUN", "PROPN", "PRON") and token.dep_ != "poss" and _verbs_between(token, trigger) <= 1:
                yield token


def _conditional(clause: Token) -> bool:
    return any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in clause.children)


def _verbs_between(token: Token, ancestor: Token) -> int:
    """How many verbs lie on the way up from ``token`` to ``ancestor``: "agreed to provide aid for
    Romania" has one; "helped relieve a sense of being encircled by India" has two, too deep."""
    count = 0
    current = token.head
    while current.i != ancestor.i and current.head.i != current.i:
        count += current.pos_ in ("VERB", "AUX")
        current = current.head
    return count


def unpack_part(token: Token) -> Token:
    """ "elements within the military establishment" stands for the military establishment."""
    if token.lower_ in PART_NOUNS or token.lemma_.lower() in PART_NOUNS:
        for prep in token.children:
            if prep.dep_ == "prep" and prep.lower_ in PART_PREPOSITIONS:
                for obj in prep.children:
                    if obj.dep_ == "pobj":
                        return obj
    return token


def complement_lemmas(trigger: Token) -> set[str]:
    """Lemmas in the trigger's complements (objects, clauses, prepositional phrases), not in its
    subject: what ``in=`` conditions test."""
    lemmas: set[str] = set()
    for child in trigger.children:
        if child.dep_ in SUBJECTS or child.dep_ in ("aux", "auxpass", "neg", "punct", "advmod", "mark"):
            continue
        lemmas.update(t.lemma_.lower() for t in child.subtree)
    return lemmas


def matches(trigger: Token, rule: Rule) -> bool:
    """Whether every condition of ``rule`` holds for ``trigger``."""
    return all(_holds(trigger, key, words) for key, words in rule.conditions)


def _holds(trigger: Token, key: str, words: frozenset[str]) -> bool:
    if key == "prt":
        return any(c.dep_ == "prt" and (c.lower_ in words or "*" in words) for c in trigger.children)
    if key == "obj":
        return _any_word(direct_objects(trigger), words)
    if key == "mod":
        return _any_word_of([c for c in trigger.lefts if c.dep_ in ("amod", "compound", "nmod")], words)
    if key == "xcomp":
        found = list(children(trigger, "xcomp"))
        found += [obj for prep in children(trigger, "prep") for obj in children(prep, "pcomp")]
        return _any_word_of(found, words)
    if key == "in":
        return bool(words & complement_lemmas(trigger)) or ("*" in words and bool(complement_lemmas(trigger)))
    return _any_word(preposition_objects(trigger, key), words) or (
        trigger.pos_ == "VERB"
        and _any_word([t for o in direct_objects(trigger) for t in preposition_objects(o, key)], words)
    )


def _any_word(heads: Iterable[Token], words: frozenset[str]) -> bool:
    """A head noun, or a compound or adjective on it, is one of ``words`` ("troop levels")."""
    heads = list(heads)
    if "*" in words:
        return bool(heads)
    for head in heads:
        if _word_in(head, words):
            return True
        if any(c.dep_ in ("compound", "amod") and _word_in(c, words) for c in head.children):
            return True
    return False


def _word_in(token: Token, words: frozenset[str]) -> bool:
    """The word's lemma or form is listed; a capitalised plural ("Marines", whose lemma the
    tagger leaves alone) counts by its singular."""
    lower = token.lower_
    return token.lemma_.lower() in words or lower in words or (lower.endswith("s") and lower[:-1] in words)


def _any_word_of(tokens: Iterable[Token], words: frozenset[str]) -> bool:
    tokens = list(tokens)
    if "*" in words:
        return bool(tokens)
    return any(_word_in(t, words) for t in tokens)
