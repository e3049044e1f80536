"""`corpus align-pair SRC TGT`: sentence-align two texts, optionally bridged by their MT."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from corpus.cli.common import app, output_file, reports_errors


def _sentences(path: Path, lang: str | None, presegmented: bool) -> tuple[list[str], str]:
    """Sentences and language of one side; presegmented input detects a missing language."""
    from corpus.errors import InputError

    if presegmented:
        from corpus.align.pairio import read_sentences

        sentences = read_sentences(path)
        if lang is None:
            from corpus.read import identify_language

            lang, _ = identify_language("\n".join(sentences))
            if lang == "und":
                raise InputError("cannot tell the language; give it with --src-lang/--tgt-lang",
                                 path)
        return sentences, lang
    from corpus.read import read_document

    document = read_document(path, lang=lang)
    if not document.sentences:
        raise InputError("empty text: no sentences to align", path)
    return document.sentence_texts(), document.lang


@app.command("align-pair")
@reports_errors
def align_pair_command(
    src: Annotated[Path, typer.Argument(
        metavar="SRC", help="Source text (article, or one sentence a line).")],
    tgt: Annotated[Path, typer.Argument(help="Target text.")],
    src_lang: Annotated[str | None, typer.Option(
        "--src-lang", metavar="LANG", help="Source language code.")] = None,
    tgt_lang: Annotated[str | None, typer.Option(
        "--tgt-lang", metavar="LANG", help="Target language code.")] = None,
    presegmented: Annotated[bool, typer.Option(
        "--presegmented", help="Inputs hold one sentence per line (UTF-8).")] = False,
    src_mt: Annotated[Path | None, typer.Option(
        "--src-mt", metavar="FILE",
        help="MT of the source into the target language, one line per sentence.")]
    = None,
    tgt_mt: Annotated[Path | None, typer.Option(
        "--tgt-mt", metavar="FILE",
        help="MT of the target into the source language, one line per sentence.")]
    = None,
    max_bead: Annotated[int, typer.Option(
        "--max-bead", metavar="N", help="Largest bead: a+b <= N+1 sentences (1..4).")] = 4,
    pair_kind: Annotated[str, typer.Option(
        "--pair-kind", metavar="KIND", help="parallel, comparable (only links that beat "
        "chance), or auto: decided from the texts without MT, parallel with MT.")] = "auto",
    monotone: Annotated[bool, typer.Option(
        "--monotone", help="Keep every link in order: no out-of-order pass for sentences that "
        "moved.")] = False,
    embed: Annotated[bool, typer.Option(
        "--embed", help="Add multilingual sentence embeddings to the similarity (the embed "
        "extra). Helps most without MT.")] = False,
    fmt: Annotated[str, typer.Option(
        "--format",
        help="ladder, tsv (source, target, score: tab-separated, unquoted) or json.")] = "ladder",
    output: Annotated[Path | None, typer.Option(
        "-o", "--output", metavar="FILE",
        help="Write here, not to stdout ('-': stdout).")] = None,
) -> None:
    """Align the sentences of SRC and TGT; every bead carries the probability it is right."""
    from corpus.align import AlignSettings, align_sentences
    from corpus.align.pairio import FORMATS, read_translation, render
    from corpus.errors import InputError
    from corpus.fileio import check_not_an_input, write_text_atomic
    from corpus.language import language_code

    if src_lang is not None:
        src_lang = language_code(src_lang, "--src-lang")
    if tgt_lang is not None:
        tgt_lang = language_code(tgt_lang, "--tgt-lang")
    if fmt not in FORMATS:
        raise InputError(f"unknown format {fmt!r}; choose one of: {', '.join(FORMATS)}")
    # Before any input is read: a wrong option is one line naming it (AlignSettings checks).
    for option, field, value in (("--max-bead", "max_bead", max_bead),
                                 ("--pair-kind", "pair_kind", pair_kind)):
        try:
            AlignSettings(**{field: value})
        except ValueError as exc:
            raise InputError(f"{option}: {exc}") from None
    settings = AlignSettings(max_bead=max_bead, pair_kind=pair_kind, reorder=not monotone)
    output = output_file(output)
    if output is not None:
        check_not_an_input(output, {"SRC": src, "TGT": tgt, "--src-mt": src_mt,
                                    "--tgt-mt": tgt_mt})
    src_sents, src_code = _sentences(src, src_lang, presegmented)
    tgt_sents, tgt_code = _sentences(tgt, tgt_lang, presegmented)
    src_tr = read_translation(src_mt, src_sents, "source", presegmented) if src_mt else None
    tgt_tr = read_translation(tgt_mt, tgt_sents, "target", presegmented) if tgt_mt else None
    src_emb = tgt_emb = None
    if embed:
        from corpus.embed import SentenceEmbedder

        embedder = SentenceEmbedder()
        src_emb, tgt_emb = embedder.embed(src_sents), embedder.embed(tgt_sents)
    beads = align_sentences(src_sents, tgt_sents, src_lang=src_code, tgt_lang=tgt_code,
                            src_mt=src_tr, tgt_mt=tgt_tr, settings=settings,
                            src_emb=src_emb, tgt_emb=tgt_emb)
    text = render(beads, src_sents, tgt_sents, fmt)
    if output is None:
        # color=True: click would strip escape sequences from the text on a pipe, and the TSV
        # and ladder on stdout must be the bytes `-o FILE` writes.
        typer.echo(text, nl=False, color=True)
    else:
        write_text_atomic(output, text)
