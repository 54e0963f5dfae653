"""The HTTP side: a read-only JSON API over a store (FastAPI) and the web page.

``create_app(db)`` gives the application (``thucydides.web.app``); ``thucydides serve`` runs it.
The API needs the ``web`` extra: without it ``create_app`` raises
:class:`~thucydides.errors.MissingExtra` with the pip line to run.

- ``app``: the app factory and the one error shape every answer takes
- ``api_routes``: the JSON read endpoints and their query parameters
- ``analyze_route``: POST /analyze and the checks of its body
- ``page_routes``: the web page (``static/``)
- ``pool``: the connections to the store a server holds, and the answers it has computed
- ``params``: request values checked before they reach SQL; ``models``: the answers' shapes
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import MissingExtra

if TYPE_CHECKING:
    from fastapi import FastAPI

__all__ = ["bind_warning", "create_app"]


def create_app(
    db_path: str | Path, *, allow_analyze: bool = False, pipeline_factory: Callable[[], Any] | None = None
) -> FastAPI:
    """The API over the store at ``db_path``, opened read-only (see ``thucydides.web.app``)."""
    try:
        import fastapi  # noqa: F401
    except ImportError:
        raise MissingExtra("thucydides serve", "web") from None
    from .app import create_app as create

    return create(db_path, allow_analyze=allow_analyze, pipeline_factory=pipeline_factory)


def bind_warning(host: str, *, allow_analyze: bool = False) -> str | None:
    """A warning when ``host`` is reachable from other machines; ``None`` for a loopback address."""
    if host == "localhost":
        return None
    try:
        if ipaddress.ip_address(host).is_loopback:
            return None
    except ValueError:
        pass  # a host name: it may resolve to any interface
    exposed = "the whole store" + (" and the model (POST /analyze)" if allow_analyze else "")
    return (
        f"serving on {host}, not 127.0.0.1: anyone who can reach this machine there can read {exposed}; "
        "the API has no authentication. Bind 127.0.0.1 (the default) unless that is what you want."
    )
