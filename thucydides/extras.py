"""Optional dependencies: import them through ``require`` to get the exact install line.

``require("ray", extra="ray", feature="the ray engine")`` gives the module, or raises
:class:`MissingExtra` whose message is ``pip install 'thucydides[ray]'``.
"""

from __future__ import annotations

import importlib
from types import ModuleType

from .errors import MissingExtra


def require(module: str, *, extra: str, feature: str) -> ModuleType:
    """The imported ``module``; :class:`MissingExtra` naming the extra when it is absent."""
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name and module.split(".")[0] == exc.name.split(".")[0]:
            raise MissingExtra(feature, extra) from None
        raise
