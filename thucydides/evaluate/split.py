"""The fixed train/dev split of the labelled event sentences, made once by near-duplicate cluster.

The wire-sentence sets hold near-copies (the same report with a word changed, or one sentence
inside a longer one); a split at random puts copies on both sides and overstates a model by
several points. So the sentences are first clustered — two sentences are in one cluster when
their word trigrams overlap by half or more of the smaller set (:func:`clusters`) — and whole
clusters go to dev. :func:`make_split` chose the dev clusters once (``tools/event_split.py``);
the choice is kept in ``data/event_dev_split.txt`` as one hashed sentence key a line (the keys,
not the texts: the sets may not be copied), so it never moves when the code or the sets change.
A sentence whose key is not in the file is a training sentence.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from functools import cache
from importlib import resources

DEV_FILE = "event_dev_split.txt"
DEV_SHARE = 0.2
OVERLAP = 0.5
_WORD = re.compile(r"[^\W_]+")


def sentence_key(text: str) -> str:
    """The sentence's words, lower-cased, one space apart: two spellings of one sentence (spacing,
    punctuation, case) share a key."""
    return " ".join(_WORD.findall(text.lower()))


def hashed(key: str) -> str:
    """The key as the split file keeps it: 16 hex digits of its SHA-256."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


@cache
def dev_keys() -> frozenset[str]:
    """The hashed keys of the dev sentences (the shipped split file)."""
    text = resources.files("thucydides.data").joinpath(DEV_FILE).read_text("utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def is_dev(text: str) -> bool:
    """Whether the sentence is in the fixed dev split."""
    return hashed(sentence_key(text)) in dev_keys()


def _trigrams(key: str) -> set[tuple[str, ...]]:
    words = key.split()
    if len(words) < 3:
        return {tuple(words)}
    return {tuple(words[i : i + 3]) for i in range(len(words) - 2)}


def clusters(keys: Sequence[str]) -> list[list[int]]:
    """The near-duplicate clusters of ``keys`` (indices into it, each cluster sorted, clusters in
    order of their first member): single linkage over pairs whose trigram sets overlap by at
    least :data:`OVERLAP` of the smaller set."""
    grams = [_trigrams(key) for key in keys]
    holders: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for index, shingles in enumerate(grams):
        for gram in shingles:
            holders[gram].append(index)
    parent = list(range(len(keys)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for index, shingles in enumerate(grams):
        shared: dict[int, int] = defaultdict(int)
        for gram in shingles:
            for other in holders[gram]:
                if other > index:
                    shared[other] += 1
        for other, count in shared.items():
            if count >= OVERLAP * min(len(shingles), len(grams[other])):
                parent[root(other)] = root(index)
    members: dict[int, list[int]] = defaultdict(list)
    for index in range(len(keys)):
        members[root(index)].append(index)
    return sorted(members.values(), key=lambda cluster: cluster[0])


def make_split(keys: Iterable[str], share: float = DEV_SHARE) -> list[str]:
    """The hashed keys of a dev split: whole clusters, taken in the order of their first member's
    hash until ``share`` of the sentences are in; sorted."""
    unique = sorted(set(keys))
    found = clusters(unique)
    ordered = sorted(found, key=lambda cluster: hashed(unique[cluster[0]]))
    wanted = share * len(unique)
    dev: list[str] = []
    for cluster in ordered:
        if len(dev) >= wanted:
            break
        dev.extend(hashed(unique[i]) for i in cluster)
    return sorted(dev)
