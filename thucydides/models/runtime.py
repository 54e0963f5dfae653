"""Loading a shipped model: its manifest, the checks on its files, the ONNX session.

A model is a folder entry of three files: ``NAME.onnx``, ``NAME.json`` (the manifest) and the
tokenizer the manifest names. Loading checks each file against the manifest (present, the size
and sha256 it records) before handing it to onnxruntime, so a missing, truncated or foreign file
is a :class:`~thucydides.errors.ModelFileError` naming the file and what was expected, not an
opaque failure inside the runtime.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from ..errors import MissingExtra, ModelFileError

FILES = Path(__file__).resolve().parent / "files"


def read_manifest(path: Path, format: int) -> dict[str, Any]:
    """A model's manifest; ModelFileError when it is missing, not JSON, or of another format."""
    if not path.exists():
        raise ModelFileError(
            f"{path}: the model's manifest is missing; reinstall thucydides, or retrain with tools/train_events.py"
        )
    try:
        manifest = json.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ModelFileError(f"{path}: the model's manifest is not readable JSON ({exc})") from None
    if not isinstance(manifest, dict) or manifest.get("format") != format:
        found = manifest.get("format") if isinstance(manifest, dict) else None
        raise ModelFileError(f"{path}: expected a model manifest of format {format}, found format {found!r}")
    return manifest


def checked_file(folder: Path, name: str, sha256: str, size: int | None = None) -> Path:
    """``folder / name`` once it is there with the size and sha256 the manifest records."""
    path = folder / name
    if not path.exists():
        raise ModelFileError(f"{path}: the model file is missing (expected sha256 {sha256})")
    if size is not None and path.stat().st_size != size:
        raise ModelFileError(
            f"{path}: the model file has {path.stat().st_size} bytes, the manifest expects {size} "
            f"(sha256 {sha256}): it is cut short or another file"
        )
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest != sha256:
        raise ModelFileError(f"{path}: the model file's sha256 is {digest}, the manifest expects {sha256}")
    return path


def session(path: Path, threads: int | None = None) -> Any:
    """An onnxruntime inference session on the CPU, ``threads`` intra-op threads (default: the
    ``THUCYDIDES_MODEL_THREADS`` variable, else onnxruntime's own choice)."""
    try:
        import onnxruntime
    except ImportError:  # pragma: no cover - a dependency of the package
        raise MissingExtra("the learned coders", "learned") from None
    options = onnxruntime.SessionOptions()
    threads = threads or int(os.environ.get("THUCYDIDES_MODEL_THREADS", "0") or 0)
    if threads:
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
    options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
    try:
        return onnxruntime.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
    except Exception as exc:  # onnxruntime raises its own types for a file it cannot read
        raise ModelFileError(f"{path}: onnxruntime cannot load the model file ({exc})") from None
