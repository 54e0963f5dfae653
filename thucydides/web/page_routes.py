"""The web page: ``/`` gives ``static/index.html``, and ``/static`` the files it loads (its script
and style), read from the package; neither is part of ``/openapi.json``."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles

from . import params

STATIC = Path(__file__).resolve().parent / "static"


def add_page_routes(app: FastAPI) -> None:
    """Add ``/`` (the page; 404 ``not_found`` when it is not installed) and mount ``/static``."""

    @app.get("/", include_in_schema=False)
    def page() -> FileResponse:
        index = STATIC / "index.html"
        if not index.is_file():
            raise params.ApiError("not_found", "the web page is not installed (thucydides/web/static/index.html)")
        return FileResponse(index)

    app.mount("/static", StaticFiles(directory=STATIC, check_dir=False), name="static")
