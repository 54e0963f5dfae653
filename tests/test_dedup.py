"""Deduplication: syndicated copies are found, different stories about the same actors are not.

Every article here was written for these tests.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import time
from pathlib import Path

import numpy as np
import pytest

from thucydides import Analysis, ConfigError, Document, Store
from thucydides.dedup import (
    BANDS,
    MIN_SHINGLES,
    NUM_PERM,
    SCHEME,
    Copy,
    Deduplicator,
    band_values,
    copy_rows,
    jaccard,
    shingles,
    signature,
)

DAY = dt.date(2009, 7, 29)

ORIGINAL = """Pakistan and Afghanistan agree to reopen Torkham crossing

ISLAMABAD, July 29 (Wire) - Pakistan and Afghanistan agreed on Wednesday to reopen the Torkham border crossing \
within two weeks, ending a closure that has stranded thousands of lorries on both sides of the Khyber Pass.
President Asif Ali Zardari and President Hamid Karzai announced the agreement after four hours of talks in \
Islamabad, the first meeting between the two leaders since the spring offensive in the Swat valley.
Under the deal, customs officers from both countries will work side by side at the crossing, and traders \
will be allowed to carry goods worth up to 50,000 dollars without a second inspection in Peshawar.
"We have lost too many months arguing about paperwork while our people waited at the gate," Karzai told \
reporters at a joint news conference. Zardari said the two governments would also set up a hotline between \
their interior ministries to deal with smuggling and militant movements across the frontier.
The closure began in April after a dispute over transit fees charged to Afghan lorries carrying fruit to \
markets in Lahore and Karachi. Afghan officials said the fees had doubled without warning, while Pakistani \
officials accused Kabul of allowing untaxed goods to be resold inside Pakistan.
Western diplomats in Islamabad welcomed the agreement but said much would depend on whether local officials \
on both sides carried it out. A similar accord signed in 2007 collapsed within six months.
The United States, which ships much of the supplies for its troops in Afghanistan through the Khyber Pass, \
had urged both governments to settle the dispute before the Afghan presidential election in August.
Traders in Peshawar said the closure had cost them more than a million dollars a week. Fruit from \
Kandahar had rotted in the lorries, and drivers had slept in their cabs for weeks, buying water and bread \
from boys who walked along the queue. Some had turned back and taken the longer route through Chaman.
Officials from both countries will meet again in Kabul next month to agree on the fees, which will be \
published on the websites of both customs services so that drivers know in advance what they must pay.
Reporting by the Islamabad bureau; editing by the Asia desk"""

# The same story as another outlet ran it: another headline, one sentence reworded, another footer.
SYNDICATED = (
    ORIGINAL.replace(
        "Pakistan and Afghanistan agree to reopen Torkham crossing",
        "Border deal: Torkham gate to reopen within a fortnight",
    )
    .replace(
        "A similar accord signed in 2007 collapsed within six months.",
        "An earlier accord, signed in 2007, fell apart after only half a year.",
    )
    .replace(
        "Reporting by the Islamabad bureau; editing by the Asia desk",
        "Copyright 2009 The Frontier Post. All rights reserved. Distributed by Wire.",
    )
)

# A different story on the same day about the same actors: same names and places, other events.
SAME_DAY_OTHER_STORY = """Zardari and Karzai clash over militant sanctuaries

ISLAMABAD, July 29 (Wire) - President Hamid Karzai accused Pakistan on Wednesday of sheltering Taliban \
commanders who direct attacks in southern Afghanistan, a charge President Asif Ali Zardari rejected at a \
tense meeting in Islamabad.
Karzai handed Zardari a list of twelve names and the addresses of houses in Quetta where, he said, the \
commanders had met in June. Afghan intelligence officials said the list had been shared with the United \
States and with NATO commanders in Kabul.
Zardari told Karzai that Pakistan had lost more soldiers fighting militants than any other country, and \
that his army had driven the Taliban out of the Swat valley in the spring offensive. Pakistani officials \
later described the Afghan accusation as an attempt to blame Islamabad for the failures of the Kabul government.
The dispute overshadowed the talks, which both sides had hoped would focus on trade and the Khyber Pass. \
Western diplomats said the exchange was the sharpest between the two leaders this year.
Afghan officials said Karzai would raise the list with American envoy Richard Holbrooke when he visits \
Kabul in August, before the Afghan presidential election.
Reporting by the Islamabad bureau; editing by the Asia desk"""

SHORT = "Pakistan closed the Torkham border crossing on Wednesday."


def document(text: str, doc_id: str, **fields: object) -> Document:
    return Document(
        id=doc_id,
        hash=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        text=text,
        origin=f"{doc_id}.txt",
        published=DAY,
        **fields,  # type: ignore[arg-type]
    )


def store_canonical(store: Store, dedup: Deduplicator, documents: list[Document]) -> dict[str, Copy]:
    """Check the documents and store those that are no copy, with their dedup rows, as a run does."""
    verdicts = dedup.check(documents)
    fresh = [d for d in documents if d.hash not in verdicts]
    extra: dict[str, list[dict]] = {"signatures": [], "bands": []}
    for d in fresh:
        for table, rows in dedup.rows(d.hash).items():
            extra[table] += rows
    store.load([Analysis(d, ()) for d in fresh], extra_rows=extra)
    return verdicts


@pytest.fixture
def store(tmp_path: Path):
    with Store(tmp_path / "news.duckdb") as opened:
        yield opened


def true_jaccard(a: str, b: str) -> float:
    left, right = set(shingles(a).tolist()), set(shingles(b).tolist())
    return len(left & right) / len(left | right)


def test_the_test_texts_are_what_the_tests_claim() -> None:
    assert SYNDICATED != ORIGINAL
    assert true_jaccard(ORIGINAL, SYNDICATED) == pytest.approx(0.8305, abs=1e-4)
    # The two stories of the day share names (Zardari, Karzai, Islamabad, Khyber Pass, Swat) ...
    names = ["Zardari", "Karzai", "Islamabad", "Khyber Pass", "Swat valley", "Western diplomats", "Kabul"]
    assert all(name in ORIGINAL and name in SAME_DAY_OTHER_STORY for name in names)
    # ... and a footer line, but few runs of five words.
    assert true_jaccard(ORIGINAL, SAME_DAY_OTHER_STORY) == pytest.approx(0.0125, abs=1e-4)


def test_signature_is_stable_and_estimates_jaccard() -> None:
    sig = signature(ORIGINAL)
    assert sig is not None
    assert sig.dtype == np.uint32 and sig.shape == (NUM_PERM,)
    # Fixed constants: a signature stored by one run is comparable with one computed by a later
    # run (another process, machine or numpy release). A change here makes stored ones useless.
    assert sig[:4].tolist() == [1242642, 27444827, 7545103, 5329716]
    assert band_values(sig)[:2].tolist() == [11968436103259346735, 7649998197633056929]
    assert SCHEME == "minhash-w5-p128-b18x7-v1"
    assert jaccard(sig, sig) == 1.0
    estimate = jaccard(sig, signature(SYNDICATED))  # type: ignore[arg-type]
    assert abs(estimate - true_jaccard(ORIGINAL, SYNDICATED)) < 0.1
    with pytest.raises(ValueError, match="signatures of different lengths: 128 and 4"):
        jaccard(sig, sig[:4])


def test_shingles_ignore_case_and_punctuation_and_keep_numbers() -> None:
    assert np.array_equal(
        shingles("The Talks lasted FOUR hours, and ended."), shingles("the talks lasted four hours and ended")
    )
    assert not np.array_equal(shingles("the talks lasted 4 hours today"), shingles("the talks lasted 5 hours today"))
    assert len(shingles("one two three four")) == 0


def test_a_syndicated_copy_is_a_near_copy_of_the_stored_original(store: Store) -> None:
    dedup = Deduplicator(store)
    original = document(ORIGINAL, "wire-1", url="https://wire.example/1", source="Wire")
    assert store_canonical(store, dedup, [original]) == {}
    copy = document(SYNDICATED, "post-7", url="https://post.example/7", source="Frontier Post")
    verdicts = dedup.check([copy])
    assert list(verdicts) == [copy.hash]
    found = verdicts[copy.hash]
    assert (found.doc_hash, found.canonical_hash, found.method) == (copy.hash, original.hash, "near")
    assert found.similarity == 108 / 128  # the estimate; the true Jaccard similarity is 0.830
    assert found.document is copy
    assert dedup.in_flight == frozenset()  # a copy is not held for later documents


def test_different_stories_about_the_same_actors_on_the_same_day_are_not_merged(store: Store) -> None:
    dedup = Deduplicator(store)
    first = document(ORIGINAL, "wire-1")
    second = document(SAME_DAY_OTHER_STORY, "wire-2")
    assert store_canonical(store, dedup, [first]) == {}
    assert dedup.check([second]) == {}
    assert dedup.in_flight == {second.hash}
    # Not even as candidates at a low threshold: they share no band.
    assert Deduplicator(store, threshold=0.3).check([second]) == {}


def test_an_exact_copy_of_a_stored_document(store: Store) -> None:
    dedup = Deduplicator(store)
    original = document(ORIGINAL, "wire-1", url="https://wire.example/1")
    store_canonical(store, dedup, [original])
    reprint = document(ORIGINAL, "mirror-3", url="https://mirror.example/3")
    verdicts = dedup.check([reprint])
    assert verdicts == {original.hash: Copy(original.hash, original.hash, "exact", 1.0, reprint)}


def test_a_copy_of_an_earlier_document_in_the_same_batch(store: Store) -> None:
    dedup = Deduplicator(store)
    original = document(ORIGINAL, "wire-1")
    other = document(SAME_DAY_OTHER_STORY, "wire-2")
    copy = document(SYNDICATED, "post-7")
    reprint = document(ORIGINAL, "mirror-3")
    verdicts = dedup.check([original, other, copy, reprint])
    assert {key: (v.canonical_hash, v.method) for key, v in verdicts.items()} == {
        copy.hash: (original.hash, "near"),
        original.hash: (original.hash, "exact"),
    }
    assert verdicts[original.hash].document is reprint
    assert dedup.in_flight == {original.hash, other.hash}


def test_check_each_tells_a_repeated_text_from_its_first_reading(store: Store) -> None:
    dedup = Deduplicator(store)
    first, repeat, again = (document(ORIGINAL, f"wire-{n}") for n in (1, 2, 3))
    copy = document(SYNDICATED, "post-7")
    verdicts = dedup.check_each([first, copy, repeat, again])
    assert [v and (v.document.id, v.method) for v in verdicts] == [
        None,
        ("post-7", "near"),
        ("wire-2", "exact"),
        ("wire-3", "exact"),
    ]
    assert dedup.in_flight == {first.hash}


def test_a_copy_of_a_document_in_flight(store: Store) -> None:
    dedup = Deduplicator(store)
    original = document(ORIGINAL, "wire-1")
    assert dedup.check([original]) == {}  # checked, being analysed, not stored yet
    assert store.count("documents") == 0
    copy = document(SYNDICATED, "post-7")
    verdicts = dedup.check([copy])
    assert (verdicts[copy.hash].canonical_hash, verdicts[copy.hash].method) == (original.hash, "near")
    assert dedup.check([document(ORIGINAL, "mirror-3")])[original.hash].method == "exact"


def test_rows_hand_over_the_signature_and_leave_flight(store: Store) -> None:
    dedup = Deduplicator(store)
    original = document(ORIGINAL, "wire-1")
    dedup.check([original])
    rows = dedup.rows(original.hash)
    assert [row["doc_hash"] for row in rows["signatures"]] == [original.hash]
    assert rows["signatures"][0]["scheme"] == SCHEME
    assert rows["signatures"][0]["signature"] == signature(ORIGINAL).tolist()  # type: ignore[union-attr]
    assert [row["band"] for row in rows["bands"]] == list(range(BANDS))
    assert dedup.in_flight == frozenset()
    with pytest.raises(KeyError, match="is not in flight"):
        dedup.rows(original.hash)


def test_forget_drops_the_in_flight_state(store: Store) -> None:
    dedup = Deduplicator(store)
    original = document(ORIGINAL, "wire-1")
    dedup.check([original])
    dedup.forget(original.hash)  # its analysis failed: it will never be stored
    assert dedup.in_flight == frozenset()
    assert dedup._band_index == {}
    # The same text read again is no copy of anything: it is analysed again.
    assert dedup.check([document(SYNDICATED, "post-7")]) == {}
    dedup.forget("not-a-hash")  # forgetting what is not in flight is harmless


def test_a_copy_is_found_after_the_store_is_reopened(tmp_path: Path) -> None:
    path = tmp_path / "news.duckdb"
    original = document(ORIGINAL, "wire-1")
    with Store(path) as first:
        store_canonical(first, Deduplicator(first), [original])
    with Store(path) as second:
        assert second.count("signatures") == 1
        assert second.count("bands") == BANDS
        dedup = Deduplicator(second)
        copy = document(SYNDICATED, "post-7")
        verdicts = dedup.check([copy, document(ORIGINAL, "mirror-3")])
        assert (verdicts[copy.hash].canonical_hash, verdicts[copy.hash].method) == (original.hash, "near")
        assert verdicts[original.hash].method == "exact"


def test_short_texts_only_match_exactly(store: Store) -> None:
    assert len(shingles(SHORT)) < MIN_SHINGLES
    assert signature(SHORT) is None
    dedup = Deduplicator(store)
    short = document(SHORT, "brief-1")
    assert store_canonical(store, dedup, [short]) == {}
    assert store.connection.execute("SELECT doc_hash, signature FROM signatures").fetchall() == [(short.hash, None)]
    assert store.count("bands") == 0
    edited = document(SHORT.replace("Wednesday", "Thursday"), "brief-2")
    assert dedup.check([edited]) == {}
    assert dedup.check([document(SHORT, "brief-3")])[short.hash].method == "exact"


def test_copies_are_recorded_once_and_reported_again(store: Store) -> None:
    dedup = Deduplicator(store)
    original = document(ORIGINAL, "wire-1", url="https://wire.example/1", source="Wire")
    store_canonical(store, dedup, [original])
    copy = document(SYNDICATED, "post-7", url="https://post.example/7", source="Frontier Post", title="Border deal")
    reprint = document(ORIGINAL, "mirror-3", url="https://mirror.example/3")
    reread = document(ORIGINAL, "wire-1", url="https://wire.example/1", source="Wire")
    verdicts = dedup.check([copy, reprint])
    reread_copy = Copy(original.hash, original.hash, "exact", 1.0, reread)
    assert store.record_copies(copy_rows([*verdicts.values(), reread_copy])) == 2
    assert store.record_copies(copy_rows(verdicts.values())) == 0
    rows = store.connection.execute(
        "SELECT document_id, canonical_hash, method, similarity >= 0.8, url, source, title, published FROM copies "
        "ORDER BY document_id"
    ).fetchall()
    assert rows == [
        ("mirror-3", original.hash, "exact", True, "https://mirror.example/3", None, None, DAY),
        ("post-7", original.hash, "near", True, "https://post.example/7", "Frontier Post", "Border deal", DAY),
    ]
    # A later run meeting the copy again gets the recorded verdict without computing anything.
    again = Deduplicator(store).check([copy])
    assert again[copy.hash].canonical_hash == original.hash
    assert again[copy.hash].similarity == pytest.approx(verdicts[copy.hash].similarity)


def test_index_stored_signs_documents_loaded_without_dedup(store: Store) -> None:
    original = document(ORIGINAL, "wire-1")
    store.load([Analysis(original, ()), Analysis(document(SHORT, "brief-1"), ())])
    dedup = Deduplicator(store)
    assert dedup.index_stored() == 2
    assert dedup.index_stored() == 0
    assert store.count("bands") == BANDS
    verdict = dedup.check([document(SYNDICATED, "post-7")])
    assert [v.canonical_hash for v in verdict.values()] == [original.hash]


@pytest.mark.parametrize("threshold", [0, -0.5, 1.5])
def test_a_threshold_outside_zero_to_one_is_refused(store: Store, threshold: float) -> None:
    with pytest.raises(ConfigError, match=r"dedup threshold must be in \(0, 1\]"):
        Deduplicator(store, threshold=threshold)


def _synthetic_story(rng: random.Random, vocabulary: list[str], words: int = 700) -> str:
    sentences = []
    while sum(len(s.split()) for s in sentences) < words:
        sentences.append(" ".join(rng.choice(vocabulary) for _ in range(rng.randint(12, 28))).capitalize() + ".")
    return " ".join(sentences)


def _edited(rng: random.Random, text: str) -> str:
    """A syndicated version: a new opening line, one sentence rewritten, a new footer."""
    sentences = text.split(". ")
    sentences[rng.randrange(1, len(sentences) - 1)] = "This sentence was rewritten by the copy desk of another paper"
    return "Headline of another outlet\n" + ". ".join(sentences) + "\nCopyright another outlet."


@pytest.mark.slow
def test_performance_of_a_batch_against_a_store(store: Store) -> None:
    rng = random.Random(29)
    vocabulary = [f"{rng.choice('bcdfgklmnprst')}{rng.choice('aeiou')}{rng.choice('lmnrst')}{i}" for i in range(20_000)]
    stored = [document(_synthetic_story(rng, vocabulary), f"stored-{i}") for i in range(2_000)]
    dedup = Deduplicator(store)
    started = time.perf_counter()
    for start in range(0, len(stored), 500):
        store_canonical(store, dedup, stored[start : start + 500])
    filled = time.perf_counter() - started
    assert store.count("signatures") == 2_000
    copies = [document(_edited(rng, d.text), f"copy-{i}") for i, d in enumerate(stored[:20])]
    batch = copies + [document(_synthetic_story(rng, vocabulary), f"new-{i}") for i in range(180)]
    started = time.perf_counter()
    verdicts = dedup.check(batch)
    elapsed = time.perf_counter() - started
    print(f"\ndedup: 2,000 stored in {filled:.2f} s; a batch of 200 checked in {elapsed:.3f} s")
    assert {v.document.id: (v.canonical_hash, v.method) for v in verdicts.values()} == {
        f"copy-{i}": (stored[i].hash, "near") for i in range(20)
    }
    assert len(dedup.in_flight) == 180
