"""`corpus align DIR -o OUT`: find the counterpart articles, align their sentences, link them
across languages and write TMX, TEI, XCES and the HTML review page.

The pairing table and the per-pair report go to stdout; how machine translation was handled,
unreadable files and the list of outputs go to stderr. Exit 2 when some file could not be read
(the others were still aligned), as `corpus info` does.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from corpus.cli.common import app, is_terminal, note, on_interrupt, reports_errors, warn
from corpus.errors import CorpusError

if TYPE_CHECKING:
    from corpus.pair import PairDecision
    from corpus.pipeline import PairReport

PARTIAL = 2


def pairing_table(decisions: list[PairDecision]) -> list[str]:
    """One line per document pair: ids, languages, scores and the decision."""
    lines = ["doc_a\tdoc_b\tlangs\tscore\tsimilarity\tevidence\tcoverage_a\tcoverage_b\tdecision"]
    for d in decisions:
        decision = d.relation.value + (" (forced)" if d.forced else "")
        lines.append(f"{d.source.id}\t{d.target.id}\t{d.source.lang}-{d.target.lang}\t"
                     f"{d.score:.3f}\t{d.similarity:.3f}\t{d.evidence}\t"
                     f"{d.coverage_source:.2f}\t{d.coverage_target:.2f}\t{decision}")
    return lines


def pair_lines(reports: list[PairReport]) -> list[str]:
    """Per aligned pair: links, sentences linked and left alone per side, score summary."""
    lines = []
    for r in reports:
        a = r.alignment
        scores = r.scores
        summary = (f"mean {sum(scores) / len(scores):.2f}, min {min(scores):.2f}" if scores
                   else "no links")
        bands = ", ".join(f"{name} {count}" for name, count in r.bands().items())
        dropped = f"; {r.dropped} under --min-score dropped" if r.dropped else ""
        lines.append(
            f"{a.source.id} ({a.source.lang}) -> {a.target.id} ({a.target.lang}), "
            f"{a.relation.value}: {len(a.links)} links; linked {r.linked_source}/"
            f"{len(a.source.sentences)} + {r.linked_target}/{len(a.target.sentences)}, "
            f"left alone {len(a.unaligned_source)} + {len(a.unaligned_target)}; "
            f"score {summary} ({bands}){dropped}")
    return lines


def kept_after_interrupt(output: Path) -> str:
    """What an interrupted `corpus align` leaves: the outputs appear only once all are written
    (OUT stays as it was), so only the caches of machine translations and embeddings in OUT
    carry work over to the next run, and only when this run (or an earlier one) made them."""
    caches = [output / name for name in ("translations", "embeddings")
              if (output / name).is_dir()]
    if not caches:
        return f"nothing was kept ({output} is as it was; re-run to start over)"
    return (f"the caches in {', '.join(map(str, caches))} are kept and the next run reuses "
            f"them; no output was written ({output} is otherwise as it was)")


def _probability(value: float) -> float:
    """A score from 0 to 1 (click's own range test called NaN greater than the maximum)."""
    if math.isnan(value):
        raise typer.BadParameter("not a number")
    if not 0.0 <= value <= 1.0:
        raise typer.BadParameter(f"{value:g} is not a score from 0 to 1")
    return value


@app.command("align")
@reports_errors
def align_command(
    folder: Annotated[Path, typer.Argument(metavar="DIR", help="A folder of article files.")],
    output: Annotated[Path, typer.Option("-o", "--output", metavar="OUT",
                                                    help="Output folder.")],
    translations: Annotated[Path | None, typer.Option(
        "--translations", metavar="WORKDIR", help="Work directory of `corpus translate` to use "
        "(default: translate into OUT/translations when models are installed, else align "
        "without MT).")] = None,
    min_score: Annotated[float, typer.Option(
        "--min-score", metavar="SCORE", callback=_probability,
        help="Leave out links scoring below this (0 to 1).")] = 0.0,
    formats: Annotated[str, typer.Option(
        "--formats", help="Comma-separated outputs: tmx, tei, xces, html.")] = "tmx,tei,xces,html",
    regional_codes: Annotated[bool, typer.Option(
        "--regional-codes", help="TMX language codes ar-SA, fr-FR, en-US (Trados, memoQ).")]
    = False,
    no_translate: Annotated[bool, typer.Option(
        "--no-translate", help="Never translate; align without MT unless --translations.")]
    = False,
    strict: Annotated[bool, typer.Option("--strict", help="Stop at the first unreadable file.")]
    = False,
    lang: Annotated[str | None, typer.Option("--lang", help="Language of every article "
                                             "(skips detection).")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    embed: Annotated[bool, typer.Option(
        "--embed", help="Add multilingual sentence embeddings to the similarity (the embed "
        "extra; cached in OUT/embeddings). Helps most without MT.")] = False,
) -> None:
    """Pair the articles, align every counterpart pair, and write the aligned corpus."""
    from corpus.language import language_code
    from corpus.pipeline import OutputSettings, align_folder

    if lang is not None:
        lang = language_code(lang, "--lang")
    names = [f.strip() for f in formats.split(",") if f.strip()]
    try:
        settings = OutputSettings(min_score=min_score, regional_codes=regional_codes)
    except ValueError as exc:
        raise CorpusError(str(exc)) from None
    with on_interrupt(lambda: kept_after_interrupt(output)):
        report = align_folder(folder, output, translations=translations,
                              translate=not no_translate, formats=names, strict=strict,
                              lang=lang, output=settings, progress=not quiet and is_terminal(),
                              on_note=note, on_skipped=lambda exc: warn(f"{exc} (skipped)"),
                              embed=embed)
    for line in pairing_table(list(report.decisions)):
        typer.echo(line)
    typer.echo("")
    for line in pair_lines(list(report.pairs)):
        typer.echo(line)
    multilinks = report.corpus.multilinks
    note(f"{len(report.pairs)} pair(s) aligned, {len(multilinks)} cross-document link(s); "
         f"{len(report.files)} file(s) written to {output}")
    if report.errors:
        raise typer.Exit(PARTIAL)
