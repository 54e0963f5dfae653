"""The web page in a real browser: headless Chromium (Playwright) against the real app (uvicorn in
a thread) over a store of the bundled examples and one more hand-written article.

The extra article gives the page an India-Pakistan week with every kind of statement the page
must not show as plain fact: a reported shelling, an allegation, a refusal to negotiate
(negated) and threatened sanctions (hypothetical). Each test asks the API first and checks the
page against its answer, plus a few codes pinned from the article.

Needs Chromium at /usr/bin/chromium (Debian: ``apt-get install -y chromium``, or ``make browser``)
and never downloads a browser; without it the tests skip with that line.
"""

from __future__ import annotations

import datetime as dt
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from support import one_sided_analysis

from thucydides import Failure, Pipeline, Store
from thucydides.read import iter_documents, read_text

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SCREENSHOT = ROOT / "build" / "screenshot-page.png"
README_SCREENSHOT = ROOT / "docs" / "screenshot.png"
CHROMIUM = Path("/usr/bin/chromium")
INSTALL = "apt-get install -y chromium (Debian), or `make browser`"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
TIMEOUT_MS = 15_000

# Written for this test; the people and the incident are invented.
BORDER_WEEK = """Shelling resumes along the Line of Control

ISLAMABAD, March 12 — Pakistani troops shelled Indian army posts near Poonch on Monday, Indian \
officials said, a day after India accused Pakistan of sheltering militants.

Pakistan's foreign ministry rejected the charge. "We have shown restraint," said Ayesha Karim, a \
ministry spokeswoman. Pakistan will not negotiate with India under fire, she said.

India may impose new sanctions on Pakistan, a senior official said, speaking on condition of anonymity.

It is alleged by Pakistani officials that India is arming insurgents in Balochistan.

On Wednesday, the United States urged India and Pakistan to resume talks, and China offered to \
mediate between the two neighbours. Pakistan's prime minister met India's foreign minister in \
Geneva on Thursday and the two governments agreed to restore the ceasefire.
"""


# --- the store, the server and the browser -------------------------------------------------


@pytest.fixture(scope="module")
def store_path(pipeline: Pipeline, tmp_path_factory: pytest.TempPathFactory) -> Path:
    documents = [item for item in iter_documents([str(EXAMPLES)]) if not isinstance(item, Failure)]
    documents.append(
        read_text(BORDER_WEEK, "border-week.txt", doc_id="border-week.txt", published=dt.date(2024, 3, 15))
    )
    analyses = list(pipeline.run(documents))
    assert not [item for item in analyses if isinstance(item, Failure)]
    path = tmp_path_factory.mktemp("web") / "news.duckdb"
    with Store(path) as store:
        store.load(analyses)
    return path


@pytest.fixture(scope="module")
def base_url(store_path: Path) -> Iterator[str]:
    with serving(store_path) as url:
        yield url


@contextmanager
def serving(store_path: Path) -> Iterator[str]:
    """The app over the store, served by uvicorn in a thread on a free loopback port."""
    uvicorn = pytest.importorskip("uvicorn")
    from thucydides.web import create_app

    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(store_path), log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            pytest.fail("the app did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        listener.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.is_file():
        pytest.skip(f"Chromium not found at {CHROMIUM}; install it with: {INSTALL}")
    sync_api = pytest.importorskip("playwright.sync_api", reason="pip install 'thucydides[dev]' (playwright)")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture
def page(browser: Any, base_url: str) -> Iterator[Any]:
    """The page loaded, its network drawn and its first events listed; fails on a script error."""
    with opened(browser, base_url) as loaded:
        yield loaded


@contextmanager
def opened(browser: Any, base_url: str) -> Iterator[Any]:
    """The page at ``base_url`` loaded (see ``page``)."""
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    loaded = context.new_page()
    loaded.set_default_timeout(TIMEOUT_MS)
    script_errors: list[str] = []
    loaded.on("pageerror", lambda error: script_errors.append(str(error)))
    loaded.goto(base_url + "/")
    loaded.wait_for_selector('[data-testid="network"][data-state="ready"]')
    loaded.wait_for_selector('[data-testid="event-row"]')
    yield loaded
    banner_hidden = loaded.locator('[data-testid="error-banner"]').is_hidden()
    context.close()
    assert not script_errors, f"script errors in the page: {script_errors}"
    assert banner_hidden, "the page reported an error of its own"


def api(base_url: str, path: str, **params: str) -> dict[str, Any]:
    import httpx

    answer = httpx.get(base_url + path, params=params, timeout=10)
    answer.raise_for_status()
    return answer.json()


def involving(base_url: str, code: str) -> dict[tuple[str, str], dict[str, Any]]:
    """Every event with ``code`` as source or target, by (document hash, event id)."""
    found = {}
    for side in ("source", "target"):
        for item in api(base_url, "/events", **{side: code, "size": "200"})["items"]:
            found[(item["doc_hash"], item["event"])] = item
    return found


def rows(page: Any) -> list[dict[str, str]]:
    return page.locator('[data-testid="event-row"]').evaluate_all(
        """rows => rows.map(row => ({
            doc: row.dataset.doc, event: row.dataset.event, cameo: row.dataset.cameo,
            source: row.dataset.sourceCountry, target: row.dataset.targetCountry,
            modality: row.dataset.modality, marked: row.classList.contains("nonasserted"),
            badge: row.querySelector('[data-testid="modality-badge"]').textContent,
        }))"""
    )


def texts(page: Any, selector: str) -> list[str]:
    return page.locator(selector).all_text_contents()


# --- the tests -----------------------------------------------------------------------------


def test_the_network_shows_the_countries_with_their_dyads(page: Any, base_url: str) -> None:
    network = api(base_url, "/network")
    codes = sorted(node["code"] for node in network["nodes"])
    assert {"IND", "PAK", "USA", "IRN"} <= set(codes)
    drawn = page.locator('[data-testid="node"]').evaluate_all("nodes => nodes.map(node => node.dataset.code)")
    assert sorted(drawn) == codes
    edges = page.locator('[data-testid="edge"]')
    assert edges.count() == len(network["edges"])
    india_to_pakistan = page.locator('[data-testid="edge"][data-source="IND"][data-target="PAK"]')
    assert india_to_pakistan.get_attribute("data-sign") == "conflict"  # an accusation, Goldstein -2
    assert "conflict" in page.locator('[data-testid="network-legend"]').inner_text()


def test_clicking_a_node_filters_events_chart_and_quotes_to_that_actor(page: Any, base_url: str) -> None:
    assert "IRN" in {row["source"] for row in rows(page)}  # before the filter: Iran and the U.S. too

    page.locator('[data-testid="node"][data-code="PAK"]').click()
    page.wait_for_selector('[data-testid="events-note"]:has-text("involving PAK")')
    page.wait_for_selector('[data-testid="chart-note"]:has-text("PAK (as source or target)")')
    assert page.locator('[data-testid="filter-chip"]').inner_text() == "filter: PAK ×"

    shown = rows(page)
    expected = involving(base_url, "PAK")
    assert {(row["doc"], row["event"]) for row in shown} == set(expected)
    assert all("PAK" in (row["source"], row["target"]) for row in shown)
    assert {"194", "163", "046", "026", "072"} <= {row["cameo"] for row in shown}  # shelling, sanctions, talks …
    assert "IRN" not in {row["source"] for row in shown} | {row["target"] for row in shown}

    # The chart counts asserted, dated events: two from Pakistan to India, one back, one urging.
    dyads = texts(page, '[data-testid="chart-dyad"]')
    assert sorted(dyads) == ["IND → PAK", "PAK → IND", "USA → PAK"]
    series = {
        (row["period"], row["source"], row["target"])
        for side in ("source", "target")
        for row in api(base_url, "/dyads", by="month", **{side: "PAK"})["rows"]
    }
    assert {f"{source} → {target}" for _, source, target in series} == set(dyads)
    bars = page.locator('[data-testid="chart-bar"]').evaluate_all(
        "bars => bars.map(bar => [bar.dataset.period, bar.dataset.quad, Number(bar.dataset.value)])"
    )
    assert {period for period, _, _ in bars} == {"2024-03"}
    assert sum(value for _, _, value in bars) == 4

    groups = page.locator('[data-testid="speaker-group"]').evaluate_all("groups => groups.map(g => g.dataset.actor)")
    assert groups and all(actor.startswith("PAK") for actor in groups)

    page.locator('[data-testid="filter-chip"]').click()
    page.wait_for_selector('[data-testid="filter-chip"]', state="hidden")
    page.wait_for_function(
        """() => [...document.querySelectorAll('[data-testid="event-row"]')]
                 .some(row => row.dataset.sourceCountry === "IRN")"""
    )


def test_clicking_an_edge_filters_to_that_dyad(page: Any) -> None:
    page.locator('[data-testid="edge"][data-source="IND"][data-target="PAK"]').dispatch_event("click")
    page.wait_for_selector('[data-testid="events-note"]:has-text("involving IND → PAK")')
    # The chart has its own request: wait for its note to name the filter before reading it.
    page.wait_for_selector('[data-testid="chart-note"]:has-text("IND → PAK ·")')
    assert page.locator('[data-testid="filter-chip"]').inner_text() == "filter: IND → PAK ×"
    shown = rows(page)
    assert shown and all((row["source"], row["target"]) == ("IND", "PAK") for row in shown)
    assert {"112", "163", "040"} <= {row["cameo"] for row in shown}  # accused, may impose, to resume talks
    assert texts(page, '[data-testid="chart-dyad"]') == ["IND → PAK"]


def test_an_event_opens_with_its_evidence_sentence_and_parts_marked(page: Any, base_url: str) -> None:
    (event,) = api(base_url, "/events", source="PAK", cameo="194")["items"]
    assert (event["source"]["actor"], event["target"]["actor"], event["trigger"]["text"]) == (
        "PAKMIL",
        "INDMIL",
        "shelled",
    )
    document = api(base_url, f"/documents/{event['doc_hash']}")["document"]
    start, end = event["sentence_span"]

    row = page.locator(f'[data-testid="event-row"][data-doc="{event["doc_hash"]}"][data-event="{event["event"]}"]')
    row.locator('[data-testid="open-event"]').click()
    page.wait_for_selector('[data-testid="doc-view"][data-state="ready"]')
    assert page.evaluate("location.hash") == f"#doc/{event['doc_hash']}/event/{event['event']}"

    view = page.locator('[data-testid="doc-view"]')
    assert view.locator('[data-testid="doc-title"]').inner_text() == "Shelling resumes along the Line of Control"
    assert view.locator('[data-testid="doc-text"]').text_content() == document["text"]
    evidence = view.locator('[data-testid="hl-evidence"]')
    assert evidence.count() == 1
    assert evidence.text_content() == document["text"][start:end] == event["evidence"]
    # The parts sit inside the evidence sentence, each marked on its own.
    assert "".join(texts(page, '[data-testid="hl-evidence"] [data-testid="hl-trigger"]')) == event["trigger"]["text"]
    assert "".join(texts(page, '[data-testid="hl-source"]')) == event["source"]["text"] == "Pakistani troops"
    assert "".join(texts(page, '[data-testid="hl-target"]')) == event["target"]["text"] == "Indian army posts"
    styles = page.evaluate(
        """() => ["hl-evidence", "hl-source", "hl-target", "hl-trigger"].map(id =>
             getComputedStyle(document.querySelector(`[data-testid="${id}"]`)).backgroundColor)"""
    )
    assert len(set(styles)) == 4, styles
    assert "reported" in view.locator('[data-testid="doc-focus"]').inner_text()

    page.locator('[data-testid="doc-close"]').click()
    page.wait_for_selector('[data-testid="doc-view"]', state="hidden")


def test_removed_boilerplate_is_listed_apart(page: Any, base_url: str) -> None:
    (sahel,) = api(base_url, "/documents", q="Mali")["items"]
    removed = api(base_url, f"/documents/{sahel['hash']}")["document"]["removed"]
    # the dateline, the newsletter line, the "Read more" aside, the social-media footer
    assert len(removed) == 4
    assert removed[0] == "BAMAKO, Oct. 10 -"
    page.locator('[data-testid="open-document"]', has_text="Mali").click()
    page.wait_for_selector('[data-testid="doc-view"][data-state="ready"]')
    assert page.locator('[data-testid="removed-summary"]').inner_text() == "Removed boilerplate (4)"
    page.locator('[data-testid="removed-summary"]').click()
    assert texts(page, '[data-testid="removed-list"] li') == removed
    text = page.locator('[data-testid="doc-text"]').text_content()
    assert all(line not in text for line in removed)


def test_events_that_are_not_plain_facts_are_marked(page: Any, base_url: str) -> None:
    by_modality = {}
    for modality in ("reported", "alleged", "negated", "hypothetical"):
        found = api(base_url, "/events", modality=modality)["items"]
        assert found, f"the store should hold a {modality} event"
        by_modality[modality] = found
    shown = {(row["doc"], row["event"]): row for row in rows(page)}
    for modality, items in by_modality.items():
        for item in items:
            row = shown[(item["doc_hash"], item["event"])]
            assert (row["modality"], row["badge"], row["marked"]) == (modality, modality, True)
    # "Pakistan will not negotiate with India": a refusal, never a negotiation.
    negated = shown[next((i["doc_hash"], i["event"]) for i in by_modality["negated"])]
    assert negated["cameo"] == "046"
    assert all(not row["marked"] for row in shown.values() if row["modality"] == "asserted")
    legend = page.locator('[data-testid="modality-legend"]').inner_text()
    assert all(name in legend for name in ("asserted", "reported", "alleged", "negated", "hypothetical", "future"))
    assert page.locator('[data-testid="anonymous-badge"]').count() >= 1  # "a senior official …"


def test_api_errors_are_shown_not_swallowed(page: Any) -> None:
    page.fill('[data-testid="from"]', "2024-03-20")
    page.fill('[data-testid="to"]', "2024-03-01")
    page.locator('[data-testid="to"]').dispatch_event("change")
    for panel in ("network-error", "chart-error", "events-error"):
        page.wait_for_selector(f'[data-testid="{panel}"]:has-text("is after to 2024-03-01")')

    page.evaluate("location.hash = '#doc/' + '0'.repeat(64)")
    page.wait_for_selector('[data-testid="doc-error"]:has-text("no document")')


def test_events_with_one_side_show_a_dash_for_the_side_the_text_does_not_name(browser: Any, tmp_path: Path) -> None:
    path = tmp_path / "kadugli.duckdb"
    with Store(path) as store:
        store.load([one_sided_analysis()], model="hand-made")
    with serving(path) as url, opened(browser, url) as page:
        parties = page.locator('[data-testid="event-row"]').evaluate_all(
            "rows => rows.map(row => [row.dataset.event, row.dataset.source, row.dataset.target, "
            "row.querySelectorAll('td')[1].textContent])"
        )
        assert parties == [
            ["e1", "SDNMIL", "", "SDNMIL Sudanese troops → —"],
            ["e2", "", "SDNMIL", "— → SDNMIL Three Sudanese soldiers"],
            ["e3", "SDNGOV", "TCD", "SDNGOV Sudanese officials → TCD Chad"],
        ]
        # the network leaves the one-sided events out, and says so
        assert page.locator('[data-testid="node"]').count() == 2
        assert "2 with one side only" in page.locator('[data-testid="network-note"]').inner_text()

        page.locator('[data-testid="event-row"][data-event="e2"] [data-testid="open-event"]').click()
        page.wait_for_selector('[data-testid="doc-view"][data-state="ready"]')
        focus = page.locator('[data-testid="doc-focus"]').inner_text()
        assert focus.startswith("— → SDNMIL · 1823 Kill by physical assault")
        assert texts(page, '[data-testid="hl-target"]') == ["Three Sudanese soldiers"]
        assert page.locator('[data-testid="hl-source"]').count() == 0
        assert "".join(texts(page, '[data-testid="hl-trigger"]')) == "killed"


def test_screenshot_of_the_page(page: Any) -> None:
    page.locator('[data-testid="node"][data-code="PAK"]').click()
    page.wait_for_selector('[data-testid="chart-note"]:has-text("PAK (as source or target)")')
    page.wait_for_selector('[data-testid="events-note"]:has-text("involving PAK")')
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT))
    assert SCREENSHOT.stat().st_size > 20_000
    README_SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(SCREENSHOT, README_SCREENSHOT)
