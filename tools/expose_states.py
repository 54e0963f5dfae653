"""Give the shipped event model's encoder states as graph outputs, the weights left as they are.

The attribution tagger (``tools/train_attribution.py``) reads the encoder's token states rather
than running an encoder of its own, so one encoder pass per sentence serves the event heads and
the tagger. This adds two outputs to ``events.onnx``, each through an ``Identity`` node (no
weight, no other node changes):

- ``hidden_states``: the last layer's token states, the tensor the event heads read
  ``[batch, length, 384]``;
- ``middle_states``: the third layer's token states, same shape (span edges and clause
  structure are plainer there than in the last layer, which the event heads tuned).

It then checks, on the sentences of PolNeAR dev (``--check`` of them), that the three event
outputs are bit-identical before and after, and rewrites the manifest's ``sha256`` and ``bytes``.
Run it in the training environment (it needs the ``onnx`` package)::

    .venv-train/bin/python tools/expose_states.py [--check 300]

``tools/train_events.py`` exports these outputs itself, so a retrained model has them already;
on such a file this script changes nothing.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import tempfile
from pathlib import Path

import numpy as np
import onnx
from onnx import TensorProto, helper

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from thucydides.models import event_model  # noqa: E402
from thucydides.models.runtime import FILES  # noqa: E402

HIDDEN = "/encoder/encoder/layer.5/output/LayerNorm/LayerNormalization_output_0"
MIDDLE = "/encoder/encoder/layer.2/output/LayerNorm/LayerNormalization_output_0"
OUTPUTS = {event_model.STATES_OUTPUT: HIDDEN, event_model.MIDDLE_OUTPUT: MIDDLE}
EVENT_OUTPUTS = ["quad_logits", "type_logits", "tag_logits"]


def with_states(model: onnx.ModelProto) -> onnx.ModelProto:
    graph = model.graph
    present = {output.name for output in graph.output}
    produced = {name for node in graph.node for name in node.output}
    for output, tensor in OUTPUTS.items():
        if output in present:
            continue
        if tensor not in produced:
            raise SystemExit(f"no tensor {tensor} in the graph: is this the event model's export?")
        graph.node.append(helper.make_node("Identity", [tensor], [output], name=f"{output}_identity"))
        graph.output.append(helper.make_tensor_value_info(output, TensorProto.FLOAT, ["batch", "length", 384]))
    return model


def sentences(count: int) -> list[str]:
    """Sentences to compare the outputs on: PolNeAR dev's lines cut at full stops (no parser
    needed for a numerical check)."""
    folder = REPO.parent / "shared" / "data" / "polnear" / "dev" / "text"
    found: list[str] = []
    for path in sorted(folder.glob("*.txt")):
        for part in path.read_text("utf-8").replace("\n", " ").split(". "):
            if len(part.split()) >= 2:
                found.append(part.strip() + ".")
            if len(found) >= count:
                return found
    return found


def run_heads(folder: Path, texts: list[str]) -> list[np.ndarray]:
    model = event_model.EventModel.load(folder, threads=2)
    outputs: list[np.ndarray] = []
    for text in texts:
        encoding = model.tokenizer.encode(text)
        ids = np.array([encoding.ids[: event_model.MAX_LENGTH]], dtype=np.int64)
        mask = np.ones_like(ids)
        outputs.extend(model.session.run(EVENT_OUTPUTS, {"input_ids": ids, "attention_mask": mask}))
    return outputs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--folder", type=Path, default=FILES)
    parser.add_argument("--check", type=int, default=300, help="sentences the outputs are compared on")
    args = parser.parse_args()
    manifest_path = args.folder / event_model.MANIFEST_FILE
    manifest = json.loads(manifest_path.read_text("utf-8"))
    path = args.folder / manifest["file"]
    model = onnx.load(str(path))
    if all(name in {o.name for o in model.graph.output} for name in OUTPUTS):
        print(f"{path} already gives {', '.join(OUTPUTS)}")
        return
    texts = sentences(args.check)
    before = run_heads(args.folder, texts)
    work = Path(tempfile.mkdtemp(prefix="thucydides-states-"))
    for name in (event_model.MANIFEST_FILE, event_model.TOKENIZER_FILE):
        (work / name).write_bytes((args.folder / name).read_bytes())
    onnx.save(with_states(model), str(work / manifest["file"]))
    onnx.checker.check_model(str(work / manifest["file"]))
    data = (work / manifest["file"]).read_bytes()
    manifest["sha256"] = hashlib.sha256(data).hexdigest()
    manifest["bytes"] = len(data)
    (work / event_model.MANIFEST_FILE).write_text(json.dumps(manifest, indent=2) + "\n", "utf-8")
    after = run_heads(work, texts)
    differ = sum(not np.array_equal(a, b) for a, b in zip(before, after, strict=True))
    if differ:
        raise SystemExit(f"{differ} of {len(before)} event outputs differ after the change: file left as it was")
    print(f"{len(texts)} sentences: the event heads' outputs are identical")
    path.write_bytes(data)
    manifest_path.write_text(json.dumps(manifest, indent=2) + "\n", "utf-8")
    print(f"{path}: {len(data)} bytes, sha256 {manifest['sha256']}")


if __name__ == "__main__":
    main()
