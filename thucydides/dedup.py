"""Deduplication for corpus runs: syndicated copies are found, different stories never merged.

A wire story reprinted by fifty outlets must count once (GDELT counts it fifty times), but two
different stories about the same actors on the same day must both count (Phoenix keeps one a
day). So a document is a copy only when its *text* is the same story:

- ``exact``: the same cleaned text (the same ``Document.hash``);
- ``near``: the same story under another headline, byline or footer, or with a few sentences
  edited: the estimated Jaccard similarity of the two texts' sets of 5-word shingles is at
  least ``threshold`` (0.8 by default). Sharing names is not enough: a shingle is five words in
  a row, so two stories about Zardari and Karzai on the same day share few of them.

How near copies are found (MinHash with banding, Broder 1997; Leskovec, Rajaraman and Ullman,
*Mining of Massive Datasets*, ch. 3):

- Shingles: the lower-cased cleaned text cut into words (``\\w+``, numbers kept, punctuation
  dropped, so curly and straight quotes do not differ), every run of 5 words hashed to 32 bits.
  A text with fewer than ``MIN_SHINGLES`` (20) distinct shingles — fewer than ~24 words — has
  too few for a reliable estimate and is matched only exactly.
- Signature: 128 minimum hash values, one per hash function ``((a*x + b) mod 2**64) >> 32``
  (multiply-add-shift, 2-universal on 32-bit keys), with fixed constants so that a signature
  stored today is comparable with one computed next year. The share of equal values estimates
  the Jaccard similarity (standard error ``sqrt(J(1-J)/128)``, 0.035 at J = 0.8).
- Banding: the first 126 values in ``BANDS`` = 18 bands of ``ROWS`` = 7; two documents become
  candidates when they agree on a whole band. The chance is ``1 - (1 - J**7)**18``:

      J          0.3     0.4     0.5     0.6     0.7     0.8     0.85    0.9
      18 x 7     0.004   0.029   0.132   0.400   0.787   0.986   0.999   1.000
      32 x 4     0.229   0.564   0.873   0.988   1.000   1.000   1.000   1.000

  so a copy at the 0.8 threshold is a candidate 98.6 % of the time (at 0.85, 99.9 %), and a pair
  below 0.5 rarely is (the curve turns at (1/18)**(1/7) = 0.66); 32 bands of 4 rows would make
  87 % of the pairs at J = 0.5 candidates (its curve turns at 0.42). A candidate only costs a
  verification: it is kept when the estimate from all 128 values reaches the threshold.

State. Canonical documents (those that are no copy) have a row in ``signatures`` (``signature``
NULL for a short text) and, when long enough, 18 rows in ``bands``, written with their analysis
in the same transaction (:meth:`Deduplicator.rows` gives them to ``Store.load(extra_rows=...)``).
Copies are not indexed — each copy points at a stored canonical document, never at another copy,
so chains of small edits cannot drift a story into a different one. Between ``check`` and
``rows`` (or ``forget``) a canonical document is *in flight*: kept in memory, so copies of it in
the same batch or in later batches of the run are found before it is stored. A copy already
recorded in ``copies`` by an earlier run is reported again with the same canonical document.

A stored document is looked up by one SQL join of the batch's (band, value) pairs against
``bands``; signatures are never all loaded into Python.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pyarrow as pa

from .errors import ConfigError
from .records import Document

if TYPE_CHECKING:
    from .store import Store

SHINGLE_WORDS = 5
NUM_PERM = 128
BANDS = 18
ROWS = 7
MIN_SHINGLES = 20
SCHEME = f"minhash-w{SHINGLE_WORDS}-p{NUM_PERM}-b{BANDS}x{ROWS}-v1"  # stored with each signature

_MASK64 = (1 << 64) - 1
_WORD = re.compile(r"\w+")


def _splitmix64(seed: int, count: int) -> list[int]:
    """``count`` pseudo-random 64-bit constants, the same on every machine and numpy release."""
    out = []
    state = seed
    for _ in range(count):
        state = (state + 0x9E3779B97F4A7C15) & _MASK64
        z = state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK64
        out.append(z ^ (z >> 31))
    return out


_CONSTANTS = _splitmix64(0x7468756379646964, 2 * NUM_PERM + SHINGLE_WORDS + ROWS)
_PERM_A = np.array([c | 1 for c in _CONSTANTS[:NUM_PERM]], dtype=np.uint64)
_PERM_B = np.array(_CONSTANTS[NUM_PERM : 2 * NUM_PERM], dtype=np.uint64)
_WORD_MULTIPLIERS = [np.uint64(c | 1) for c in _CONSTANTS[2 * NUM_PERM : 2 * NUM_PERM + SHINGLE_WORDS]]
_ROW_MULTIPLIERS = [np.uint64(c | 1) for c in _CONSTANTS[2 * NUM_PERM + SHINGLE_WORDS :]]


def _mix(values: np.ndarray) -> np.ndarray:
    """The splitmix64 finaliser on uint64 arrays (wrapping arithmetic): every input bit moves
    every output bit."""
    values = values ^ (values >> np.uint64(30))
    values = values * np.uint64(0xBF58476D1CE4E5B9)
    values = values ^ (values >> np.uint64(27))
    values = values * np.uint64(0x94D049BB133111EB)
    return values ^ (values >> np.uint64(31))


def shingles(text: str) -> np.ndarray:
    """The distinct 5-word shingles of ``text`` as sorted 32-bit hashes (empty for a text of
    fewer than 5 words)."""
    words = _WORD.findall(text.lower())
    if len(words) < SHINGLE_WORDS:
        return np.empty(0, dtype=np.uint64)
    vocabulary: dict[str, int] = {}
    for word in words:
        if word not in vocabulary:
            vocabulary[word] = int.from_bytes(hashlib.blake2b(word.encode("utf-8"), digest_size=8).digest(), "little")
    tokens = np.fromiter((vocabulary[w] for w in words), dtype=np.uint64, count=len(words))
    count = len(words) - SHINGLE_WORDS + 1
    with np.errstate(over="ignore"):
        combined = np.zeros(count, dtype=np.uint64)
        for offset, multiplier in enumerate(_WORD_MULTIPLIERS):
            combined = _mix(combined + tokens[offset : offset + count] * multiplier)
    return np.unique(combined >> np.uint64(32))


def signature(text: str) -> np.ndarray | None:
    """The MinHash signature of ``text`` (``NUM_PERM`` uint32 values), or ``None`` when it has
    fewer than ``MIN_SHINGLES`` distinct shingles and is matched only exactly."""
    keys = shingles(text)
    if len(keys) < MIN_SHINGLES:
        return None
    with np.errstate(over="ignore"):
        hashed = (keys[:, None] * _PERM_A[None, :] + _PERM_B[None, :]) >> np.uint64(32)
    return hashed.min(axis=0).astype(np.uint32)


def jaccard(sig_a: np.ndarray, sig_b: np.ndarray) -> float:
    """The Jaccard similarity of two texts estimated from their signatures: the share of equal
    minimum hashes."""
    if sig_a.shape != sig_b.shape:
        raise ValueError(f"signatures of different lengths: {sig_a.shape[0]} and {sig_b.shape[0]}")
    return float(np.count_nonzero(sig_a == sig_b)) / float(sig_a.shape[0])


def band_values(sig: np.ndarray) -> np.ndarray:
    """One 64-bit value per band (``BANDS`` of them): two signatures agreeing on a band's ``ROWS``
    values give that band the same value."""
    rows = sig[: BANDS * ROWS].astype(np.uint64).reshape(BANDS, ROWS)
    with np.errstate(over="ignore"):
        value = np.zeros(BANDS, dtype=np.uint64)
        for column, multiplier in enumerate(_ROW_MULTIPLIERS):
            value = _mix(value + rows[:, column] * multiplier)
    return value


@dataclass(frozen=True, slots=True)
class Copy:
    """A document that repeats one already stored, in flight or earlier in its batch.

    ``canonical_hash`` is the hash of the document it copies (for an exact copy, its own hash);
    ``method`` is ``exact`` or ``near``; ``similarity`` the estimated Jaccard similarity of their
    5-word shingles (1.0 for an exact copy); ``document`` the copy itself (id, origin, url, title,
    published, source).
    """

    doc_hash: str
    canonical_hash: str
    method: str
    similarity: float
    document: Document


@dataclass(frozen=True, slots=True)
class _InFlight:
    signature: np.ndarray | None
    bands: np.ndarray | None


class Deduplicator:
    """Finds the copies in a stream of batches for the single writer of a corpus run.

    ``check`` a batch, then for each canonical document (not reported as a copy) either insert
    ``rows(hash)`` with its analysis or call ``forget(hash)`` when its analysis failed.
    """

    def __init__(self, store: Store, threshold: float = 0.8) -> None:
        if not 0.0 < threshold <= 1.0:
            raise ConfigError(f"dedup threshold must be in (0, 1], got {threshold!r}")
        self.store = store
        self.threshold = threshold
        self._in_flight: dict[str, _InFlight] = {}
        self._band_index: dict[tuple[int, int], set[str]] = {}

    @property
    def in_flight(self) -> frozenset[str]:
        """Hashes of canonical documents checked but not yet taken by ``rows`` or ``forget``."""
        return frozenset(self._in_flight)

    def check(self, documents: Sequence[Document]) -> dict[str, Copy]:
        """The copies in ``documents``, keyed by document hash; a document that is no copy is
        absent and is held in flight (a copy of it later in the batch or the run is found).

        One case the keys cannot tell apart: the same text twice in one batch. The first is held
        (to be analysed) and the second is an exact copy under the same hash; :meth:`check_each`
        gives a verdict per position and is the safe call when a batch may repeat a text.
        """
        verdicts: dict[str, Copy] = {}
        for verdict in self.check_each(documents):
            if verdict is not None:
                verdicts.setdefault(verdict.doc_hash, verdict)
        return verdicts

    def check_each(self, documents: Sequence[Document]) -> list[Copy | None]:
        """A verdict for each of ``documents``, in order: the :class:`Copy` it is, or ``None`` for
        a document that is no copy (it is then in flight until ``rows`` or ``forget``)."""
        hashes = [d.hash for d in documents]
        stored = self.store.known_hashes(hashes)
        recorded = self._recorded_copies(set(hashes) - stored)
        signatures: dict[int, tuple[np.ndarray, np.ndarray]] = {}
        for position, document in enumerate(documents):
            if document.hash in stored or document.hash in recorded or document.hash in self._in_flight:
                continue
            sig = signature(document.text)
            if sig is not None:
                signatures[position] = (sig, band_values(sig))
        stored_candidates = self._stored_candidates(signatures)

        verdicts: list[Copy | None] = []
        for position, document in enumerate(documents):
            key = document.hash
            verdict: Copy | None = None
            if key in stored or key in self._in_flight:
                verdict = Copy(key, key, "exact", 1.0, document)
            elif key in recorded:
                canonical, method, similarity = recorded[key]
                verdict = Copy(key, canonical, method, similarity, document)
            elif position not in signatures:
                self._hold(key, None, None)
            else:
                sig, bands = signatures[position]
                best = self._best_match(sig, bands, stored_candidates.get(position, {}))
                if best is None:
                    self._hold(key, sig, bands)
                else:
                    verdict = Copy(key, best[0], "near", best[1], document)
            verdicts.append(verdict)
        return verdicts

    def rows(self, doc_hash: str) -> dict[str, list[dict[str, Any]]]:
        """The ``signatures`` and ``bands`` rows of a canonical document checked by ``check``, for
        ``Store.load(..., extra_rows=...)`` in the transaction that stores its analysis; the
        document then leaves the in-flight state. Raises ``KeyError`` for a hash not in flight
        (never checked, reported as a copy, or already taken)."""
        held = self._pop(doc_hash)
        return _signature_rows(doc_hash, held.signature, held.bands)

    def forget(self, doc_hash: str) -> None:
        """Drop a document from the in-flight state (its analysis failed; it will not be stored).
        A hash not in flight is ignored."""
        if doc_hash in self._in_flight:
            self._pop(doc_hash)

    def index_stored(self, batch_size: int = 500) -> int:
        """Compute and store the signatures of stored documents that have none (documents loaded
        without deduplication, e.g. by ``analyze --db``); gives how many were indexed."""
        indexed = 0
        while True:
            pending = self.store.unsigned_documents(batch_size)
            if not pending:
                return indexed
            rows: dict[str, list[dict[str, Any]]] = {"signatures": [], "bands": []}
            for doc_hash, text in pending:
                sig = signature(text or "")
                for table, table_rows in _signature_rows(
                    doc_hash, sig, None if sig is None else band_values(sig)
                ).items():
                    rows[table] += table_rows
            self.store.write_rows(rows)
            indexed += len(pending)

    def _hold(self, doc_hash: str, sig: np.ndarray | None, bands: np.ndarray | None) -> None:
        self._in_flight[doc_hash] = _InFlight(sig, bands)
        if bands is not None:
            for band, value in enumerate(bands.tolist()):
                self._band_index.setdefault((band, value), set()).add(doc_hash)

    def _pop(self, doc_hash: str) -> _InFlight:
        try:
            held = self._in_flight.pop(doc_hash)
        except KeyError:
            raise KeyError(
                f"document {doc_hash[:12]}… is not in flight: it was never checked, was reported as a copy, "
                "or its rows were already taken"
            ) from None
        if held.bands is not None:
            for band, value in enumerate(held.bands.tolist()):
                holders = self._band_index.get((band, value))
                if holders is not None:
                    holders.discard(doc_hash)
                    if not holders:
                        del self._band_index[(band, value)]
        return held

    def _best_match(
        self, sig: np.ndarray, bands: np.ndarray, stored: dict[str, np.ndarray]
    ) -> tuple[str, float] | None:
        """The most similar stored or in-flight document at or above the threshold (the stored one
        on a tie), or ``None``."""
        candidates = sorted(stored.items())
        in_flight: set[str] = set()
        for band, value in enumerate(bands.tolist()):
            in_flight |= self._band_index.get((band, value), set())
        for key in sorted(in_flight):
            held_signature = self._in_flight[key].signature
            if held_signature is not None:
                candidates.append((key, held_signature))
        best: tuple[str, float] | None = None
        for key, other in candidates:
            similarity = jaccard(sig, other)
            if similarity >= self.threshold and (best is None or similarity > best[1]):
                best = (key, similarity)
        return best

    def _recorded_copies(self, hashes: Iterable[str]) -> dict[str, tuple[str, str, float]]:
        """Hash -> (canonical hash, method, similarity) of documents an earlier run recorded as copies."""
        wanted = list(hashes)
        if not wanted:
            return {}
        return self.store.recorded_copies(wanted)

    def _stored_candidates(
        self, signatures: dict[int, tuple[np.ndarray, np.ndarray]]
    ) -> dict[int, dict[str, np.ndarray]]:
        """Position in the batch -> {stored hash: signature} of the stored documents sharing a band,
        by one join of the batch's (band, value) pairs against ``bands``."""
        if not signatures:
            return {}
        positions = list(signatures)
        values = np.concatenate([signatures[p][1] for p in positions])
        probe = pa.table(
            {
                "position": pa.array(np.repeat(np.array(positions, dtype=np.int32), BANDS)),
                "band": pa.array(np.tile(np.arange(BANDS, dtype=np.int16), len(positions))),
                "value": pa.array(values),
            }
        )
        found = self.store.band_matches(probe, SCHEME)
        candidates: dict[int, dict[str, np.ndarray]] = {}
        for position, doc_hash, stored_signature in found:
            candidates.setdefault(position, {})[doc_hash] = np.array(stored_signature, dtype=np.uint32)
        return candidates


def _signature_rows(doc_hash: str, sig: np.ndarray | None, bands: np.ndarray | None) -> dict[str, list[dict[str, Any]]]:
    return {
        "signatures": [{"doc_hash": doc_hash, "scheme": SCHEME, "signature": None if sig is None else sig.tolist()}],
        "bands": []
        if bands is None
        else [{"band": band, "value": value, "doc_hash": doc_hash} for band, value in enumerate(bands.tolist())],
    }


def copy_rows(copies: Iterable[Copy], seen_at: dt.datetime | None = None) -> list[dict[str, Any]]:
    """Rows of the ``copies`` table, one per copy, for ``Store.record_copies``."""
    now = seen_at or dt.datetime.now()
    return [
        {
            "doc_hash": c.doc_hash,
            "canonical_hash": c.canonical_hash,
            "method": c.method,
            "similarity": c.similarity,
            "document_id": c.document.id,
            "origin": c.document.origin,
            "url": c.document.url,
            "source": c.document.source,
            "title": c.document.title,
            "published": c.document.published,
            "seen_at": now,
        }
        for c in copies
    ]
