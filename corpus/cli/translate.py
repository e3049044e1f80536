"""`corpus translate DIR`: render every article into the corpus's other languages, offline.

Also `corpus translate --text "…" --from fr --to en` for a quick look. Exit code 4 means the run
was incomplete because packages are missing (the message names them and the install command).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from corpus.cli.common import app, is_terminal, note, on_interrupt, reports_errors, warn
from corpus.errors import CorpusError, InputError, ModelError

if TYPE_CHECKING:
    from corpus.translate import TranslateSettings

INCOMPLETE = 4


def _langs(value: str | None, flag: str) -> list[str]:
    """The codes of a comma-separated list, each checked as every other language option is: a
    typo would only surface later as a package to install that does not exist."""
    from corpus.language import language_code

    return [language_code(code, flag) for code in (value or "").split(",") if code.strip()]


@app.command("translate")
@reports_errors
def translate_command(
    folder: Annotated[Path | None, typer.Argument(
        metavar="DIR", help="A folder of article files.")] = None,
    to: Annotated[str | None, typer.Option(
        "--to", metavar="LANGS", help="Target languages, e.g. ar,fr,en (default: every "
        "language of the corpus).")] = None,
    output: Annotated[Path | None, typer.Option(
        "-o", "--output", metavar="WORKDIR",
        help="Work directory (default: DIR/translations).")] = None,
    text: Annotated[str | None, typer.Option("--text", help="Translate this text and print "
                                             "it (needs --from and --to).")] = None,
    source: Annotated[str | None, typer.Option(
        "--from", metavar="LANG", help="Language of --text.")] = None,
    beam_size: Annotated[int, typer.Option(
        "--beam-size", min=1, metavar="N", help="CTranslate2 beam width: hypotheses kept at "
        "each decoding step (1: greedy, fastest; 4: argostranslate's setting, about 1.4x "
        "slower than 2).")] = 2,
    device: Annotated[str, typer.Option("--device", help="cpu, cuda or auto.")] = "cpu",
    compute_type: Annotated[str, typer.Option(
        "--compute-type", metavar="TYPE",
        help="auto: int8 on CPU, float16 on CUDA.")] = "auto",
    max_batch_tokens: Annotated[int | None, typer.Option(
        "--max-batch-tokens", min=1, metavar="N", help="Padded source tokens per batch (lower "
        "it to save memory; default: measured, see docs/DESIGN.md).")] = None,
    threads: Annotated[int, typer.Option(
        "--threads", min=0, metavar="N", help="Threads per translator (0: the usable cores "
        "shared between the translators, two of them from two cores on).")] = 0,
    cache: Annotated[Path | None, typer.Option(
        "--cache", metavar="FILE",
        help="Translation cache file (default: WORKDIR/cache.sqlite3).")] = None,
    lang: Annotated[str | None, typer.Option("--lang", help="Language of every article "
                                             "(skips detection).")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Translate every sentence of every article into each other target language."""
    from corpus.language import language_code
    from corpus.translate import TranslateSettings

    try:
        batching = {} if max_batch_tokens is None else {"max_batch_tokens": max_batch_tokens}
        settings = TranslateSettings(beam_size=beam_size, device=device,
                                     compute_type=compute_type, intra_threads=threads,
                                     **batching)
    except ValueError as exc:
        raise CorpusError(str(exc)) from None
    targets = _langs(to, "--to")
    if lang is not None:
        lang = language_code(lang, "--lang")
    if text is not None:
        _translate_text(text, _langs(source, "--from"), targets, settings)
        return
    if folder is None:
        raise InputError("give a folder of articles, or --text with --from and --to")
    _translate_folder(folder, targets, output, cache, lang, settings,
                      progress=not quiet and is_terminal())


def _translate_text(text: str, sources: list[str], targets: list[str],
                    settings: TranslateSettings) -> None:
    from corpus.translate import PackageTranslator, PivotTranslator, available_routes

    if len(sources) != 1 or len(targets) != 1:
        raise InputError("--text needs --from LANG and exactly one --to LANG")
    source, target = sources[0], targets[0]
    if source == target:
        raise InputError(f"--from and --to are both {source}: nothing to translate")
    plan = available_routes([source, target], settings.pivot)
    route = plan.routes.get((source, target))
    if route is None:
        raise ModelError(f"no installed package translates {source}→{target}; install with: "
                         f"{plan.install_command([source, target])}")
    legs = [PackageTranslator(p, settings) for p in route.hops]
    translator = legs[0] if len(legs) == 1 else PivotTranslator(*legs)
    typer.echo(translator.translate_batch([text])[0])


def _translate_folder(folder: Path, targets: list[str], output: Path | None,
                      cache: Path | None, lang: str | None, settings: TranslateSettings, *,
                      progress: bool) -> None:
    from corpus.language import UNDETERMINED
    from corpus.read import check_output_folder, read_folder
    from corpus.translate import default_workdir, translate_documents
    from corpus.translate.pipeline import CACHE_NAME

    workdir = output or default_workdir(folder)
    check_output_folder(folder, workdir, "-o")
    if cache is not None:
        check_output_folder(folder, cache.parent, "--cache")
    result = read_folder(folder, lang=lang)
    for exc in result.errors:
        warn(f"{exc} (skipped)")
    documents = result.documents
    targets = targets or sorted({d.lang for d in documents} - {UNDETERMINED})
    cache_file = cache or workdir / CACHE_NAME
    with on_interrupt(lambda: f"the translations done so far are kept in {cache_file} and "
                              f"{workdir} (re-run to resume)"):
        report = translate_documents(documents, targets, workdir, settings, progress=progress,
                                     cache_path=cache)
    for notice in report.notices:
        warn(notice)
    rate = report.translated / report.seconds if report.seconds else 0.0
    note(f"{len(report.produced)} file(s) in {workdir}: {report.sentences} sentence "
         f"translation(s), {report.translated} decoded ({rate:.1f}/s), "
         f"{report.cache_hits} from the cache")
    if not report.complete:
        pairs = ", ".join(f"{s}→{t}" for s, t in report.missing_pairs)
        warn(f"not translated (no installed package): {pairs}; "
             f"missing packages: {', '.join(report.missing_packages)}")
        warn(f"install them with: {report.install_command}")
        raise typer.Exit(INCOMPLETE)
