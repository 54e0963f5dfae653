"""A golden run: every output a change to the store or the filters could move, written to a folder.

Run it before a change and after it, into two folders, and compare them::

    python tools/golden.py /tmp/golden-before
    ... change the code ...
    python tools/golden.py /tmp/golden-after
    diff -r /tmp/golden-before /tmp/golden-after

What it writes (``OUT`` is the folder given):

- ``analyze.jsonl``: ``thucydides analyze --format jsonl --db`` on the bundled examples, the
  reference article and the first 50 PolNeAR dev articles (sorted by name), and ``analyze.db``,
  the store it fills. ``run.db`` is the same inputs through ``thucydides run`` (the corpus
  writer), whose exports are written too (``run-export-*``).
- ``export-*``: every ``thucydides export --to`` format (with the default modalities and with
  ``all``); the Parquet tables are also written as JSON lines (``parquet-*.jsonl``) without their
  load-time columns, which change on every run.
- ``dyads-*.json``: ``thucydides dyads`` for each period and level.
- ``api/*.json``: the web API's JSON endpoints over ``analyze.db`` (health, documents, each
  document, actors, events and quotes with their filters, dyads, network) and a few refusals.

Inputs other than the bundled examples come from the shared folder (``../shared`` beside the
repository, or ``$THUCYDIDES_SHARED``).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("THUCYDIDES_SHARED") or REPO.parent / "shared")
POLNEAR_DEV = SHARED / "data" / "polnear" / "dev" / "text"
REFERENCE = SHARED / "examples" / "pakistan-2009-time.txt"
POLNEAR_COUNT = 50
# Columns that record when a row was written: different on every run, so left out of the comparison.
CLOCK_COLUMNS = {"loaded_at", "failed_at", "seen_at"}


def inputs() -> list[str]:
    polnear = sorted(POLNEAR_DEV.glob("*.txt"))[:POLNEAR_COUNT]
    if len(polnear) < POLNEAR_COUNT or not REFERENCE.is_file():
        raise SystemExit(f"the shared folder {SHARED} lacks the reference article or {POLNEAR_COUNT} PolNeAR texts")
    return [str(REPO / "examples"), str(REFERENCE), *map(str, polnear)]


def thucydides(*arguments: str, stdout: Path | None = None, refused: bool = False) -> str:
    """Run the command; gives its exit code and standard error (for a refusal, which must exit 2)."""
    command = [sys.executable, "-m", "thucydides", *arguments]
    with open(stdout, "wb") if stdout else open(os.devnull, "wb") as handle:
        done = subprocess.run(command, stdout=handle, stderr=subprocess.PIPE, cwd=REPO, check=False)
    if done.returncode not in ((2,) if refused else (0, 1)):
        raise SystemExit(f"{' '.join(command)} exited {done.returncode}: {done.stderr.decode()[-2000:]}")
    return f"exit {done.returncode}: {done.stderr.decode()}"


CLI_REFUSALS: dict[str, tuple[str, ...]] = {
    "dyads-modality": ("dyads", "--by", "month", "--modality", "rumoured"),
    "dyads-empty-modality": ("dyads", "--by", "month", "--modality", ","),
    "dyads-source": ("dyads", "--by", "month", "--source", "P-K"),
    "dyads-day": ("dyads", "--by", "month", "--from", "2016-02-30"),
    "dyads-window": ("dyads", "--by", "month", "--from", "2016-02-01", "--to", "2016-01-01"),
    "dyads-level": ("dyads", "--by", "month", "--level", "city"),
    "dyads-by": ("dyads", "--by", "year"),
    "export-modality": ("export", "--to", "jsonl", "--modality", "rumoured", "-o", "-"),
    "export-empty-modality": ("export", "--to", "gdelt", "--modality", "", "-o", "-"),
    "export-parquet-modality": ("export", "--to", "parquet", "--modality", "all", "-o", "/tmp"),
    "export-format": ("export", "--to", "csv", "-o", "-"),
    "plot-modality": ("plot", "network", "--modality", "rumoured", "-o", "/tmp/never.png"),
    "plot-target": ("plot", "dyad", "--target", "x y", "-o", "/tmp/never.png"),
}


def refusals(db: Path, out: Path) -> None:
    """The messages of the commands for bad filter values, and for stores they cannot read."""
    folder = out / "cli"
    folder.mkdir()
    for name, arguments in CLI_REFUSALS.items():
        command, rest = arguments[0], arguments[1:]
        if command == "plot":
            command, rest = f"{command} {rest[0]}", rest[1:]
        words = [*command.split(), "--db", str(db), *rest]
        (folder / f"{name}.txt").write_text(thucydides(*words, refused=True).replace(str(out), "OUT"))
    missing, foreign = out / "no-such.db", out / "foreign.txt"
    foreign.write_text("not a store\n")
    for store_name, store in (("missing", missing), ("foreign", foreign)):
        for command in (("export", "--to", "jsonl", "-o", "-"), ("dyads", "--by", "month"), ("serve",)):
            found = thucydides(command[0], "--db", str(store), *command[1:], refused=True)
            (folder / f"{store_name}-{command[0]}.txt").write_text(found.replace(str(out), "OUT"))
    foreign.unlink()


def plain(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.hex()
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    return value


def parquet_as_jsonl(folder: Path, out: Path, prefix: str) -> None:
    import pyarrow.parquet as pq

    for table_file in sorted(folder.glob("*.parquet")):
        rows = pq.read_table(table_file).to_pylist()
        with open(out / f"{prefix}-{table_file.stem}.jsonl", "w", encoding="utf-8") as handle:
            for row in rows:
                kept = {key: value for key, value in row.items() if key not in CLOCK_COLUMNS}
                handle.write(json.dumps(plain(kept), ensure_ascii=False, sort_keys=True) + "\n")


def exports(db: Path, out: Path, prefix: str) -> None:
    for to in ("gdelt", "plover", "jsonl"):
        suffix = "tsv" if to == "gdelt" else "jsonl"
        thucydides("export", "--db", str(db), "--to", to, "-o", str(out / f"{prefix}-{to}.{suffix}"), "-q")
        all_out = out / f"{prefix}-{to}-all.{suffix}"
        thucydides("export", "--db", str(db), "--to", to, "--modality", "all", "-o", str(all_out), "-q")
    alleged = out / f"{prefix}-jsonl-alleged.jsonl"
    thucydides("export", "--db", str(db), "--to", "jsonl", "--modality", "alleged,negated", "-o", str(alleged), "-q")
    folder = out / f"{prefix}-parquet"
    thucydides("export", "--db", str(db), "--to", "parquet", "-o", str(folder), "-q")
    parquet_as_jsonl(folder, out, f"{prefix}-parquet")
    shutil.rmtree(folder)  # the files hold the load times; their rows are compared above


def dyads(db: Path, out: Path) -> None:
    for by in ("day", "week", "month"):
        for level in ("country", "actor"):
            target = out / f"dyads-{by}-{level}.json"
            thucydides("dyads", "--db", str(db), "--by", by, "--level", level, "-f", "json", "-o", str(target), "-q")
    target = out / "dyads-month-all-window.json"
    thucydides(
        "dyads", "--db", str(db), "--by", "month", "--modality", "all", "--from", "2000-01-01", "--to", "2024-12-31",
        "-f", "json", "-o", str(target), "-q",
    )  # fmt: skip
    target = out / "dyads-usa.csv"
    thucydides("dyads", "--db", str(db), "--by", "week", "--source", "usa", "-f", "csv", "-o", str(target), "-q")


API_QUERIES: dict[str, str] = {
    "health": "/health",
    "documents": "/documents?size=200",
    "documents-q": "/documents?q=trump",
    "actors": "/actors?size=200",
    "actors-q": "/actors?q=PAK",
    "events": "/events?size=200",
    "events-page2": "/events?size=50&page=2",
    "events-source-usa": "/events?source=USA&size=200",
    "events-target-pak": "/events?target=pak&size=200",
    "events-cameo-11": "/events?cameo=11&size=200",
    "events-quad-4": "/events?quad=4&size=200",
    "events-alleged": "/events?modality=alleged,negated&size=200",
    "events-asserted": "/events?modality=asserted&size=200",
    "events-window": "/events?from=2024-02-01&to=2024-02-29&size=200",
    "events-window-years": "/events?from=1995-06-01&to=2015-05-20&size=200",
    "events-q": "/events?q=said&size=200",
    "quotes": "/quotes?size=200",
    "quotes-anonymous": "/quotes?anonymous=true&size=200",
    "quotes-actor": "/quotes?actor=USA&size=200",
    "quotes-speaker": "/quotes?speaker=clinton&size=200",
    "dyads": "/dyads",
    "dyads-week-actor": "/dyads?by=week&level=actor&modality=all",
    "dyads-window": "/dyads?by=day&from=2024-02-01&to=2024-02-29&modality=all",
    "dyads-window-years": "/dyads?by=month&from=1995-06-01&to=2019-12-31&modality=all&level=actor",
    "network": "/network",
    "network-actor-all": "/network?level=actor&modality=all",
    "network-window": "/network?from=1990-01-01&to=2016-12-31&modality=all",
    "network-target": "/network?target=USA&modality=all",
    "bad-modality": "/events?modality=rumoured",
    "bad-code": "/events?source=P",
    "bad-cameo": "/events?cameo=1x",
    "bad-quad": "/events?quad=5",
    "bad-window": "/events?from=2016-02-01&to=2016-01-01",
    "bad-day": "/dyads?from=2016-02-30",
    "bad-level": "/network?level=city",
    "bad-by": "/dyads?by=year",
    "bad-dyads-modality": "/dyads?modality=asserted,maybe",
    "bad-flag": "/quotes?anonymous=perhaps",
    "missing-document": "/documents/" + "0" * 64,
}


def api(db: Path, out: Path, hashes: list[str]) -> None:
    from fastapi.testclient import TestClient

    from thucydides.web import create_app

    folder = out / "api"
    folder.mkdir()
    with TestClient(create_app(db)) as client:
        queries = dict(API_QUERIES) | {f"document-{key[:12]}": f"/documents/{key}" for key in hashes}
        for name, path in queries.items():
            response = client.get(path)
            body = {"status": response.status_code, "body": response.json()}
            (folder / f"{name}.json").write_text(json.dumps(body, ensure_ascii=False, indent=1, sort_keys=True) + "\n")


def main() -> None:
    if len(sys.argv) != 2:
        raise SystemExit("usage: python tools/golden.py OUT_FOLDER")
    out = Path(sys.argv[1])
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    paths = inputs()
    analyze_db = out / "analyze.db"
    thucydides("analyze", *paths, "--format", "jsonl", "--db", str(analyze_db), "-q", stdout=out / "analyze.jsonl")
    run_db = out / "run.db"
    thucydides("run", *paths, "--db", str(run_db), "--engine", "local", "-q")
    exports(analyze_db, out, "export")
    exports(run_db, out, "run-export")
    dyads(analyze_db, out)
    refusals(analyze_db, out)
    hashes = [json.loads(line)["document"]["hash"] for line in (out / "analyze.jsonl").read_text().splitlines()]
    api(analyze_db, out, hashes)
    for db in (analyze_db, run_db):  # the stores hold load times; everything read from them is kept above
        db.unlink()
    print(f"wrote {sum(1 for _ in out.rglob('*') if _.is_file())} files to {out}")


if __name__ == "__main__":
    main()
