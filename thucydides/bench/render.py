"""The bench's result as a rich renderable: the modes, the ratio to bare spaCy against its
target, where the time goes by stage, the long-document check and the engines' corpus runs."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from .pipeline import MODES, BenchResult

MODE_LABELS = {
    "tokenizer": "spaCy tokenizer only (ceiling)",
    "spacy": "bare spaCy pipeline",
    "thucydides": "full thucydides pipeline",
}


def render_bench(result: BenchResult) -> RenderableType:
    """A readable report: the corpus, the modes side by side, the ratio against the target,
    the per-stage breakdown, memory and environment."""
    return Group(
        _header(result),
        _modes_table(result),
        _ratio_panel(result),
        _stages_table(result),
        *([_engines_table(result)] if result.get("corpus_runs") else []),
        *([_long_table(result)] if result.get("long_document") else []),
        _footer(result),
    )


def _engines_table(result: BenchResult) -> Table:
    runs = result["corpus_runs"]
    assert runs is not None
    scaling = f"process pool scaling over local: {runs['scaling']:.2f}x" if runs["scaling"] else ""
    overhead = (
        f"; ray overhead against process: {runs['ray_overhead']:+.0%}" if runs["ray_overhead"] is not None else ""
    )
    table = Table(
        title="Corpus runs (read, clean, dedup, analyse, load into DuckDB; workers warmed up first)",
        title_justify="left",
        caption=scaling + overhead,
        caption_justify="left",
    )
    for column in ("engine", "workers", "seconds", "words/s", "docs/s", "vs spaCy", "worker peak RSS", "DuckDB rows/s"):
        table.add_column(column, justify="left" if column == "engine" else "right")
    for run in runs["engines"]:
        table.add_row(
            run["engine"],
            str(run["workers"]),
            f"{run['seconds']:.1f}",
            f"{run['words_per_second']:,.0f}",
            f"{run['docs_per_second']:.1f}",
            f"{run['ratio_to_spacy']:.2f}x" if run["ratio_to_spacy"] is not None else "—",
            f"{run['peak_worker_rss_mib']:,.0f} MiB",
            f"{run['load_rows_per_second']:,.0f}",
        )
    return table


def _long_table(result: BenchResult) -> Table:
    long = result["long_document"]
    assert long is not None
    stages = ", ".join(f"{stage} {seconds:.2f}" for stage, seconds in long["stages"].items())
    table = Table(
        title="One long document (the corpus's texts joined; timed once)",
        title_justify="left",
        caption=f"our stages on it, seconds: {stages}",
        caption_justify="left",
    )
    for column in ("sentences", "words", "bare spaCy s", "thucydides s", "vs spaCy", "s / 1,000 sentences"):
        table.add_column(column, justify="right")
    table.add_row(
        f"{long['sentences']:,}",
        f"{long['words']:,}",
        f"{long['spacy_seconds']:.1f}",
        f"{long['thucydides_seconds']:.1f}",
        f"{long['ratio']:.2f}x",
        f"{long['seconds_per_1000_sentences']:.2f} (a tenth of it, {long['short_sentences']:,} sentences: "
        f"{long['short_seconds_per_1000_sentences']:.2f}; growth {long['growth']:.2f}x)",
    )
    return table


def _header(result: BenchResult) -> Text:
    failures = ", ".join(f"{stage} {count}" for stage, count in result["failures_by_stage"].items()) or "none"
    return Text.assemble(
        ("thucydides bench", "bold"),
        f"  {result['corpus']}\n",
        f"{result['documents']:,} documents, {result['words']:,} words, {result['characters']:,} characters; ",
        f"best of {result['repeat']} pass(es) per batch, modes interleaved batch by batch\nfailures: {failures}",
    )


def _modes_table(result: BenchResult) -> Table:
    table = Table(title="Throughput (one process)", title_justify="left")
    table.add_column("mode")
    table.add_column("seconds", justify="right")
    table.add_column("words/s", justify="right")
    table.add_column("docs/s", justify="right")
    table.add_column("vs spaCy", justify="right")
    spacy_rate = result["modes"]["spacy"]["words_per_second"]
    for mode in MODES:
        timing = result["modes"][mode]
        table.add_row(
            MODE_LABELS[mode],
            f"{timing['seconds']:.3f}",
            f"{timing['words_per_second']:,.0f}",
            f"{timing['documents_per_second']:,.1f}",
            f"{timing['words_per_second'] / spacy_rate:.2f}×",
            style="bold" if mode == "thucydides" else None,
        )
    return table


def _ratio_panel(result: BenchResult) -> Panel:
    met = result["target_met"]
    verdict = Text("target met", style="bold green") if met else Text("target missed", style="bold red")
    line = Text.assemble(
        ("ratio ", "bold"),
        (f"{result['ratio']:.3f}", "bold green" if met else "bold red"),
        "  thucydides words/s ÷ bare spaCy words/s\n",
        f"target for the {result['event_coder']} event coder ≥ {result['target_ratio']:.2f}: ",
        verdict,
        f"\noverhead on top of the parser: {result['overhead_percent']:+.1f}% time",
    )
    if result["ratio"] > 1.0:
        # We add work to spaCy's; faster than spaCy alone can only be the machine's noise.
        line.append(
            "\nratio above 1.0: within this machine's timing noise; use more documents or --repeat", style="yellow"
        )
    return Panel(line, border_style="green" if met else "red", expand=False)


def _stages_table(result: BenchResult) -> Table:
    table = Table(title="Where the time goes (texts parsed once, stages timed alone)", title_justify="left")
    table.add_column("stage")
    table.add_column("seconds", justify="right")
    table.add_column("share of all", justify="right")
    table.add_column("share of our overhead", justify="right")
    for stage in result["stages"]:
        ours = stage["overhead_share"]
        table.add_row(
            stage["stage"] + (" (spaCy)" if stage["stage"] == "parse" else ""),
            f"{stage['seconds']:.3f}",
            f"{stage['share']:.1%}",
            "—" if ours is None else f"{ours:.1%}",
        )
    return table


def _footer(result: BenchResult) -> Text:
    env = result["environment"]
    encoder = result["encoder"]
    read = (
        f"encoder, within the reading stage: {encoder['sentences']:,} candidate sentences in "
        f"{encoder['seconds']:.2f} s, {encoder['sentences_per_second']:,.0f} sentences/s\n"
        if encoder is not None
        else ""
    )
    return Text(
        read + f"peak memory (RSS high-water mark) {result['peak_rss_mib']:,.0f} MiB\n"
        f"model {env['model']}; spaCy {env['spacy']}; Python {env['python']}; {env['cpus']} CPU(s); {env['platform']}\n"
        f"command: {env['command']}",
        style="dim",
    )
