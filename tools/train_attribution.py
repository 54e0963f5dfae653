"""Train the learned attribution tagger: a small head over the event model's encoder states.

For each word piece of a window (consecutive sentences of a paragraph; at run time only the
candidate sentences ``thucydides.models.attribution_windows`` chooses) the head gives a content
tag (``O``/``B-C``/``I-C``) and a source-or-cue tag (``O``/``B-S``/``I-S``/``B-Q``/``I-Q``),
trained on PolNeAR's train split (840 articles, one annotator each; political news, research
use). The encoder is not trained: the shipped int8 ``events.onnx`` reads every sentence once and
its token states (the last layer's and the third layer's, fp16, real pieces only) are cached;
the head (a projection, two BiLSTM layers, two linear layers) learns on the cache. After the
epochs, the decoding settings (how far apart a content's parts may be, the shortest content,
the lowest score) are chosen on the held-out train articles too.

Run it in the training environment (``make train-env``, then ``make train-attribution``)::

    .venv-train/bin/python tools/train_attribution.py [--data ../shared/data] [--seed 13]

It parses the articles with the pipeline's own spaCy model and sentence rules (so training
windows are run-time windows), carries PolNeAR's relations onto the cleaned text, reads the
sentences with the encoder (cached in ``--cache``, keyed by the encoder's sha256), keeps a
tenth of the train articles apart to stop on (PolNeAR dev is only measured, never chosen on),
prints the dev figures, and writes into ``thucydides/models/files/``:

- ``attribution.onnx``: the head, float32 (3.5 MB; it is small enough not to quantise);
- ``attribution.json``: the manifest — labels, the encoder's sha256 the head reads, the window
  policy and the filter's measured loss, training files with their sha256, seed, settings and
  the dev figures of the exported head as the run time computes them.

Time on this machine (2 cores shared with other work): parsing the 924 articles about 1.6
minutes and the encoder pass over their 36,500 sentences 45-125 s (both cached in ``--cache``
for reruns), the head's epochs 45-75 s each (25 s with one BiLSTM layer), the choice of the
decoding about a minute. The shipped head took 16.5 minutes from nothing: data 2.9, head 13.5
(10 epochs, the 7th kept).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import pickle
import random
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from thucydides import Pipeline  # noqa: E402
from thucydides.evaluate import attribution  # noqa: E402
from thucydides.evaluate.polnear import read_polnear  # noqa: E402
from thucydides.evaluate.quotes import match_by_overlap, match_exactly, merged  # noqa: E402
from thucydides.models import attribution_model, attribution_windows, event_model  # noqa: E402
from thucydides.models.runtime import FILES  # noqa: E402

CONTENT_TAGS = attribution_model.CONTENT_TAGS
ROLE_TAGS = attribution_model.ROLE_TAGS
FEATURES = attribution_model.FEATURES
IGNORE = -100
Span = tuple[int, int]


# --- data -------------------------------------------------------------------------------------


@dataclass
class Window:
    features: np.ndarray  # [pieces, FEATURES] float16
    offsets: list[Span]
    word_starts: list[bool]
    content: list[int] | None = None  # the tags, set after the cache is read (piece_tags)
    role: list[int] | None = None


@dataclass
class Article:
    name: str
    text: str
    windows: list[Window]
    gold: tuple[Any, ...]  # GoldQuote: the relations on the cleaned text

    @property
    def contents(self) -> list[tuple[Span, ...]]:
        return [g.content for g in self.gold if g.content]

    @property
    def sources(self) -> list[tuple[Span, ...]]:
        return [g.source for g in self.gold if g.source]


def piece_tags(offsets: list[Span], gold: tuple[Any, ...]) -> tuple[list[int], list[int]]:
    """The content and role tags of a window's pieces: a piece inside a gold span takes its tag.
    Contents go largest first, so a content nested in another (a quote inside a quote) stays
    inside the outer one; a content's later parts go on with I-C, as the decoder joins them."""
    content = [0] * len(offsets)
    role = [0] * len(offsets)

    def inside(spans: tuple[Span, ...]) -> list[int]:
        return [i for i, (a, b) in enumerate(offsets) if any(s <= a and b <= e for s, e in spans)]

    for relation in sorted(gold, key=lambda r: -sum(e - s for s, e in r.content)):
        pieces = [i for i in inside(relation.content) if content[i] == 0]
        for n, i in enumerate(pieces):
            content[i] = CONTENT_TAGS.index("I-C" if n else "B-C")
    for letter, spans_of in (("Q", lambda r: r.cue), ("S", lambda r: r.source)):
        for relation in gold:
            pieces = [i for i in inside(spans_of(relation)) if role[i] == 0]
            previous = -2
            for i in pieces:
                role[i] = ROLE_TAGS.index(("I-" if i == previous + 1 else "B-") + letter)
                previous = i
    return content, role


def prepare(args: argparse.Namespace, split: str, encoder: event_model.EventModel) -> tuple[list[Article], dict]:
    """The split's articles as windows with features and tags (cached), and the filter's loss."""
    key = f"{split}-{encoder.manifest['sha256'][:16]}-{_code_key()}"
    path = args.cache / f"attribution-{key}.pkl"
    if path.exists():
        with path.open("rb") as file:
            return _tagged(pickle.load(file))
    started = time.perf_counter()
    pipeline = Pipeline()
    articles = read_polnear(args.data, split)
    # the head learns on every paragraph, so the filter can change without retraining; its loss
    # is measured on the same parse
    parsed = list(attribution.parse_articles(pipeline, articles, disable=("ner",), every_sentence=True))
    loss = attribution.filter_loss(
        replace(item, windows=tuple(attribution_windows.windows(item.doc))) for item in parsed
    )
    print(f"{split}: {len(parsed)} articles parsed in {time.perf_counter() - started:.0f} s; filter {loss}", flush=True)
    started = time.perf_counter()
    spans = [(n, span) for n, item in enumerate(parsed) for window in item.windows for span in window.spans]
    encoded = encoder.encode([parsed[n].text[a:b] for n, (a, b) in spans])
    print(f"{split}: {len(spans)} sentences encoded in {time.perf_counter() - started:.0f} s", flush=True)
    out: list[Article] = []
    position = 0
    for item in parsed:
        windows = []
        for window in item.windows:
            parts = encoded[position : position + len(window.spans)]
            position += len(window.spans)
            given = attribution_model.AttributionModel.window_inputs(parts, [a for a, _ in window.spans])
            if not given.offsets:
                continue
            windows.append(Window(given.features.astype(np.float16), list(given.offsets), list(given.word_starts)))
        out.append(Article(item.article.name, item.text, windows, item.gold))
    args.cache.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as file:
        pickle.dump((out, loss), file, protocol=pickle.HIGHEST_PROTOCOL)
    return _tagged((out, loss))


def _tagged(cached: tuple[list[Article], dict]) -> tuple[list[Article], dict]:
    for article in cached[0]:
        for window in article.windows:
            window.content, window.role = piece_tags(window.offsets, article.gold)
    return cached


def _code_key() -> str:
    """What the cache depends on besides the encoder: the window and cue rules, the features."""
    digest = hashlib.sha256()
    for path in (
        REPO / "thucydides/models/attribution_windows.py",
        REPO / "thucydides/data/cues.tsv",
        REPO / "thucydides/evaluate/polnear.py",
    ):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def batches(windows: list[Window], tokens: int, rng: random.Random | None) -> list[list[Window]]:
    """Windows of about one length, up to ``tokens`` pieces a batch; shuffled batch order."""
    order = sorted(windows, key=lambda w: (len(w.offsets), rng.random() if rng else 0.0))
    groups: list[list[Window]] = []
    for window in order:
        if groups and (len(groups[-1]) + 1) * len(window.offsets) <= tokens:
            groups[-1].append(window)
        else:
            groups.append([window])
    if rng is not None:
        rng.shuffle(groups)
    return groups


def tensors(group: list[Window]) -> dict[str, torch.Tensor]:
    width = max(len(w.offsets) for w in group)
    features = torch.zeros((len(group), width, FEATURES))
    content = torch.full((len(group), width), IGNORE, dtype=torch.long)
    role = torch.full((len(group), width), IGNORE, dtype=torch.long)
    for row, window in enumerate(group):
        n = len(window.offsets)
        features[row, :n] = torch.from_numpy(window.features.astype(np.float32))
        content[row, :n] = torch.tensor(window.content)
        role[row, :n] = torch.tensor(window.role)
    lengths = torch.tensor([len(w.offsets) for w in group])
    return {"features": features, "content": content, "role": role, "lengths": lengths}


# --- the head ---------------------------------------------------------------------------------


class Tagger(nn.Module):
    """Projection, BiLSTM layers, two tag layers; ``forward(features)`` is the ONNX graph."""

    def __init__(self, projection: int, hidden: int, dropout: float, layers: int = 1) -> None:
        super().__init__()
        self.project = nn.Sequential(nn.Dropout(dropout), nn.Linear(FEATURES, projection), nn.GELU())
        self.lstm = nn.LSTM(
            projection,
            hidden,
            num_layers=layers,
            batch_first=True,
            bidirectional=True,
            dropout=dropout if layers > 1 else 0.0,
        )
        self.dropout = nn.Dropout(dropout)
        self.content = nn.Linear(2 * hidden, len(CONTENT_TAGS))
        self.role = nn.Linear(2 * hidden, len(ROLE_TAGS))

    def forward(self, features: torch.Tensor, lengths: torch.Tensor | None = None) -> tuple[torch.Tensor, ...]:
        x = self.project(features)
        if lengths is not None:
            packed = pack_padded_sequence(x, lengths, batch_first=True, enforce_sorted=False)
            x, _ = pad_packed_sequence(self.lstm(packed)[0], batch_first=True, total_length=features.shape[1])
        else:
            x, _ = self.lstm(x)
        x = self.dropout(x)
        return self.content(x), self.role(x)


def class_weights(windows: list[Window], field: str, size: int) -> torch.Tensor:
    """Inverse-frequency weights, square-rooted: the B tags are rare and carry the span edges."""
    counts = Counter(tag for w in windows for tag in getattr(w, field))
    total = sum(counts.values())
    return torch.tensor([(total / (size * max(counts[i], 1))) ** 0.5 for i in range(size)], dtype=torch.float32)


# --- scoring ----------------------------------------------------------------------------------


def readings(
    articles: list[Article], run: Any, decoding: dict[str, Any] | None = None
) -> list[tuple[Article, list[attribution_model.WindowReading]]]:
    """Each article's windows decoded from ``run(features) -> (content probs, role probs)``."""
    out = []
    for article in articles:
        read = []
        for window in article.windows:
            content, role = run(window.features)
            read.append(attribution_model.decode(content, role, window.offsets, window.word_starts, **(decoding or {})))
        out.append((article, read))
    return out


def choose_decoding(articles: list[Article], run: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    """The decoding settings (gap that joins a content's parts, shortest content, lowest score)
    that give the held-out articles the best overlap + exact content F1, and their figures."""
    cached: dict[int, tuple[np.ndarray, np.ndarray]] = {}

    def remembered(features: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        if id(features) not in cached:
            cached[id(features)] = run(features)
        return cached[id(features)]

    best: tuple[float, dict[str, Any], dict[str, Any]] | None = None
    for join_gap in (30, 80, 200):
        for min_chars in (0, 10, 15, 25):
            for min_score in (0.0, 0.6, 0.7, 0.8):
                decoding = {"join_gap": join_gap, "min_chars": min_chars, "min_score": min_score}
                found = figures(readings(articles, remembered, decoding))
                score = (found["overlap"]["f1"] or 0.0) + (found["exact"]["f1"] or 0.0)
                if best is None or score > best[0]:
                    best = (score, decoding, found)
    assert best is not None
    return best[1], best[2]


def figures(read: list[tuple[Article, list[attribution_model.WindowReading]]]) -> dict[str, Any]:
    """Content P/R/F1 (overlap and exact rules of the quote scorer) and source span F1."""
    from thucydides.evaluate.scores import prf

    gold = predicted = overlap = exact = 0
    sources = attribution.SourceTally()
    for article, windows in read:
        contents = [merged(c.parts) for w in windows for c in w.contents]
        gold += len(article.contents)
        predicted += len(contents)
        overlap += len(match_by_overlap(article.contents, contents))
        exact += len(match_exactly(article.text, article.contents, contents))
        sources.add(article.text, article.sources, [(s.start, s.end) for w in windows for s in w.sources])
    return {
        "gold": gold,
        "predicted": predicted,
        "overlap": prf(overlap, predicted, overlap, gold),
        "exact": prf(exact, predicted, exact, gold),
        "source": sources.scores(),
    }


def torch_runner(net: Tagger) -> Any:
    def run(features: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        with torch.no_grad():
            content, role = net(torch.from_numpy(features.astype(np.float32))[None])
        return torch.softmax(content[0], -1).numpy(), torch.softmax(role[0], -1).numpy()

    return run


# --- training ---------------------------------------------------------------------------------


def train(args: argparse.Namespace) -> None:
    started = time.perf_counter()
    random.seed(args.seed)
    np.random.seed(args.seed)
    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    encoder = event_model.EventModel.load(threads=args.threads)
    train_articles, train_loss = prepare(args, "train", encoder)
    dev_articles, dev_loss = prepare(args, "dev", encoder)
    prepared = time.perf_counter() - started
    names = sorted(a.name for a in train_articles)
    held = set(random.Random(args.seed).sample(names, len(names) // 10))
    fit = [w for a in train_articles if a.name not in held for w in a.windows]
    held_out = [a for a in train_articles if a.name in held]
    pieces = sum(len(w.offsets) for w in fit)
    print(f"train: {len(fit)} windows ({pieces} pieces) to fit, {len(held_out)} articles held out", flush=True)

    net = Tagger(args.projection, args.hidden, args.dropout, args.layers)
    losses = {
        "content": nn.CrossEntropyLoss(weight=class_weights(fit, "content", len(CONTENT_TAGS)), ignore_index=IGNORE),
        "role": nn.CrossEntropyLoss(weight=class_weights(fit, "role", len(ROLE_TAGS)), ignore_index=IGNORE),
    }
    optimiser = torch.optim.AdamW(net.parameters(), lr=args.lr, weight_decay=0.01)
    # the rate falls linearly to a tenth over the epochs: later epochs refine, the stopping
    # epoch is less a matter of noise
    schedule = torch.optim.lr_scheduler.LambdaLR(optimiser, lambda epoch: 1.0 - 0.9 * epoch / max(1, args.epochs - 1))
    rng = random.Random(args.seed)
    best: tuple[float, int, dict[str, Any]] | None = None
    best_state: dict[str, torch.Tensor] = {}
    head_started = time.perf_counter()
    for epoch in range(1, args.epochs + 1):
        net.train()
        epoch_started = time.perf_counter()
        total = 0.0
        for group in batches(fit, args.batch_tokens, rng):
            batch = tensors(group)
            content, role = net(batch["features"], batch["lengths"])
            loss = losses["content"](content.reshape(-1, len(CONTENT_TAGS)), batch["content"].reshape(-1))
            loss = loss + losses["role"](role.reshape(-1, len(ROLE_TAGS)), batch["role"].reshape(-1))
            optimiser.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(net.parameters(), 1.0)
            optimiser.step()
            total += float(loss.detach())
        schedule.step()
        net.eval()
        held_figures = figures(readings(held_out, torch_runner(net)))
        score = (held_figures["overlap"]["f1"] or 0.0) + (held_figures["exact"]["f1"] or 0.0)
        print(
            f"epoch {epoch}: loss {total:.1f} in {time.perf_counter() - epoch_started:.0f} s; held-out content "
            f"overlap F1 {held_figures['overlap']['f1']}, exact F1 {held_figures['exact']['f1']}, "
            f"source exact F1 {held_figures['source']['exact']['f1']}",
            flush=True,
        )
        if best is None or score > best[0]:
            best = (score, epoch, held_figures)
            best_state = {name: value.clone() for name, value in net.state_dict().items()}
        elif epoch - best[1] >= args.patience:
            print(f"no better for {args.patience} epochs: stopping, epoch {best[1]} kept", flush=True)
            break
    assert best is not None
    net.load_state_dict(best_state)
    net.eval()
    decoding, decoded_figures = choose_decoding(held_out, torch_runner(net))
    print(f"decoding chosen on the held-out articles: {decoding}: {decoded_figures}", flush=True)
    head_seconds = time.perf_counter() - head_started

    out = args.out
    out.mkdir(parents=True, exist_ok=True)
    export(net, out / attribution_model.MODEL_FILE)
    settings = {
        "seed": args.seed,
        "epochs_run": epoch,
        "epoch_kept": best[1],
        "patience": args.patience,
        "lr": args.lr,
        "batch_tokens": args.batch_tokens,
        "projection": args.projection,
        "hidden": args.hidden,
        "layers": args.layers,
        "dropout": args.dropout,
        "held_out_articles": len(held_out),
        "held_out_figures": best[2],
        "held_out_figures_decoded": decoded_figures,
        "windows": {"fit": len(fit), "pieces": pieces},
        "torch": torch.__version__,
    }
    write_manifest(args, out, encoder, settings, {}, train_loss, dev_loss, time.perf_counter() - started, decoding)
    tagger = attribution_model.AttributionModel.load(out, encoder=encoder)

    def onnx_run(features: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        content, role = tagger.session.run(
            ["content_logits", "role_logits"], {"features": features[None].astype(np.float32)}
        )
        return attribution_model._softmax(content[0]), attribution_model._softmax(role[0])

    dev = figures(readings(dev_articles, onnx_run, decoding))
    timing = {"prepare": round(prepared), "head": round(head_seconds)}
    settings["seconds"] = timing
    manifest = write_manifest(
        args, out, encoder, settings, dev, train_loss, dev_loss, time.perf_counter() - started, decoding
    )
    print("dev (PolNeAR dev, the exported head):", json.dumps(manifest["dev"], indent=1))
    print(
        f"done in {manifest['training']['seconds_total'] / 60:.1f} min (data {prepared / 60:.1f} min, "
        f"head {head_seconds / 60:.1f} min); head {manifest['bytes'] / 1e6:.2f} MB"
    )


def export(net: Tagger, path: Path) -> None:
    """The head as ONNX (one window a run: batch 1, any length), float32."""
    import onnx

    plain = Path(tempfile.mkdtemp(prefix="thucydides-attr-")) / "attribution.onnx"
    features = torch.zeros((1, 12, FEATURES))
    torch.onnx.export(
        net,
        (features,),
        str(plain),
        input_names=["features"],
        output_names=["content_logits", "role_logits"],
        dynamic_axes={"features": {1: "length"}, "content_logits": {1: "length"}, "role_logits": {1: "length"}},
        opset_version=17,
        dynamo=False,
    )
    onnx.checker.check_model(str(plain))
    path.write_bytes(plain.read_bytes())


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def write_manifest(
    args: argparse.Namespace,
    out: Path,
    encoder: event_model.EventModel,
    settings: dict[str, Any],
    dev: dict[str, Any],
    train_loss: dict[str, Any],
    dev_loss: dict[str, Any],
    seconds: float,
    decoding: dict[str, Any],
) -> dict[str, Any]:
    model_path = out / attribution_model.MODEL_FILE
    split_files = [
        path
        for split in ("train", "dev")
        for path in sorted((args.data / "polnear" / split).glob("*/*"))
        if path.suffix in (".txt", ".ann")
    ]
    listing = hashlib.sha256()
    for path in split_files:
        listing.update(path.relative_to(args.data).as_posix().encode() + b"\0" + path.read_bytes())
    manifest = {
        "name": "attribution",
        "format": attribution_model.FORMAT,
        "file": attribution_model.MODEL_FILE,
        "sha256": sha256(model_path),
        "bytes": model_path.stat().st_size,
        "base": {"file": event_model.MODEL_FILE, "sha256": encoder.manifest["sha256"]},
        "inputs": list(attribution_model.INPUTS),
        "features": FEATURES,
        "labels": {"content": list(CONTENT_TAGS), "role": list(ROLE_TAGS)},
        "quantisation": "none (float32; the head is small)",
        "decoding": decoding,
        "window": {
            "policy": "consecutive candidate sentences of one paragraph (a cue lemma of data/cues.tsv or a "
            "stance verb, a quote mark, 'according to', a colon or transcript dash after a name or a verb, or "
            "inside a quotation a candidate opened), at "
            f"most {attribution_windows.WINDOW_PIECES} word pieces; the encoder reads each sentence alone "
            f"(at most {event_model.MAX_LENGTH} pieces), the head reads the window's sentences as one sequence",
            "filter_loss": {"train": train_loss, "dev": dev_loss},
        },
        "training": {
            "command": "python tools/train_attribution.py " + " ".join(sys.argv[1:]),
            "data": "PolNeAR (political news attribution relations), train split; research use",
            "files": [
                {
                    "path": "../shared/data/polnear/train + dev (text/*.txt, attributions/*.ann)",
                    "count": len(split_files),
                    "sha256": listing.hexdigest(),
                },
                {"path": "thucydides/data/cues.tsv", "sha256": sha256(REPO / "thucydides/data/cues.tsv")},
            ],
            **settings,
            "seconds_total": round(seconds),
        },
        "dev": {
            "dataset": "polnear/dev",
            "windows": "every sentence, paragraph windows (thucydides eval quotes gives the figures behind the filter)",
            **dev,
        },
    }
    (out / attribution_model.MANIFEST_FILE).write_text(json.dumps(manifest, indent=2) + "\n", "utf-8")
    return manifest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data")
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "thucydides-train-cache")
    parser.add_argument("--epochs", type=int, default=20)
    parser.add_argument("--patience", type=int, default=3)
    parser.add_argument("--lr", type=float, default=2e-3)
    parser.add_argument("--batch-tokens", type=int, default=4096)
    parser.add_argument("--projection", type=int, default=192)
    parser.add_argument("--hidden", type=int, default=128)
    parser.add_argument("--layers", type=int, default=2, help="BiLSTM layers")
    parser.add_argument("--dropout", type=float, default=0.2)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--out", type=Path, default=FILES, help="where the model files go (default: the package's)")
    parser.add_argument("--threads", type=int, default=2)
    train(parser.parse_args())


if __name__ == "__main__":
    main()
