"""Learned models that sit beside the rules: their run time (``onnxruntime`` and ``tokenizers``,
never torch, never a download) and the model files the package ships (``files/``), each with a
manifest that says what it was trained on and how well it measured."""
