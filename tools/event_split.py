"""Make the fixed dev split of the labelled event sentences (run once; the result is committed).

::

    python tools/event_split.py [--data ../shared/data] [--own]

Without ``--own`` it splits the shared sets' sentences and writes ``thucydides/data/
event_dev_split.txt`` anew; with ``--own`` it splits our own sentences
(``tools/training/own_sentences.tsv``) on their own and appends theirs, leaving the shared sets'
split as it was. Whole near-duplicate clusters go to dev (``thucydides.evaluate.split``), a fifth
of the sentences. Do not rerun it to move sentences between the sides: the split is meant to
stay as made, so that figures before and after a change compare.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from thucydides.evaluate import training_sets  # noqa: E402
from thucydides.evaluate.split import DEV_FILE, make_split  # noqa: E402

HEADER = "# The fixed dev split of the labelled event sentences: hashed sentence keys (tools/event_split.py).\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data")
    parser.add_argument("--own", action="store_true", help="append the split of our own sentences")
    args = parser.parse_args()
    path = REPO / "thucydides" / "data" / DEV_FILE
    if args.own:
        shared = {s.key for s in training_sets.read_all(args.data, own=None)}
        own = [s.key for s in training_sets.read_own(training_sets.OWN_FILE) if s.key not in shared]
        keys = make_split(own)
        with path.open("a", encoding="utf-8") as out:
            out.write(f"# our own sentences ({training_sets.OWN_FILE.name}): {len(keys)} of {len(set(own))}\n")
            out.writelines(key + "\n" for key in keys)
    else:
        sentences = training_sets.read_all(args.data, own=None)
        keys = make_split([s.key for s in sentences])
        path.write_text(
            HEADER + f"# the shared sets: {len(keys)} of {len(sentences)}\n" + "".join(k + "\n" for k in keys), "utf-8"
        )
    print(f"{path}: {len(keys)} dev keys written")


if __name__ == "__main__":
    main()
