"""`corpus eval --gold G… --pred P…`: strict and lax P/R/F1 of ladder files, pooled."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from corpus.cli.common import ManyValuesCommand, app, reports_errors


@app.command("eval", cls=ManyValuesCommand)
@reports_errors
def eval_command(
    gold: Annotated[list[Path], typer.Option(
        "--gold", metavar="FILE...",
        help="Gold ladder files (--gold G1 G2 … or --gold G1 --gold G2).")],
    pred: Annotated[list[Path], typer.Option(
        "--pred", metavar="FILE...",
        help="Predicted ladder files, in the order of the gold files.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Score predicted alignments against gold (Sennrich & Volk 2011 / Vecalign definitions)."""
    from corpus.errors import InputError
    from corpus.evaluate import read_ladder_pairs, score_alignments

    if len(gold) != len(pred):
        raise InputError(f"{len(gold)} --gold files but {len(pred)} --pred files; pair them up")
    scores = score_alignments(*read_ladder_pairs(gold, pred))
    if as_json:
        typer.echo(json.dumps({
            "files": len(gold),
            "strict": {"precision": scores.strict_precision, "recall": scores.strict_recall,
                       "f1": scores.strict_f1},
            "lax": {"precision": scores.lax_precision, "recall": scores.lax_recall,
                    "f1": scores.lax_f1},
        }))
        return
    typer.echo("         precision  recall  f1")
    typer.echo(f"strict   {scores.strict_precision:9.4f}  {scores.strict_recall:6.4f}  "
               f"{scores.strict_f1:.4f}")
    typer.echo(f"lax      {scores.lax_precision:9.4f}  {scores.lax_recall:6.4f}  "
               f"{scores.lax_f1:.4f}")
