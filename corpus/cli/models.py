"""`corpus models list|install|remove`: the Argos packages translation runs on."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from corpus.cli.common import CorpusTyper, app, note, reports_errors, warn
from corpus.errors import InputError, ModelError

models_app = CorpusTyper(help="List, install and remove translation packages.",
                       no_args_is_help=True)
app.add_typer(models_app, name="models")


@models_app.command("list")
@reports_errors
def list_command(
    langs: Annotated[list[str] | None, typer.Argument(
        metavar="LANG",
        help="Languages the corpus needs (e.g. ar en fr): also say what is missing.")] = None,
) -> None:
    """Installed packages with languages, version, size and path."""
    from corpus.language import language_code
    from corpus.translate import installed_packages, packages_dir, plan_routes
    from corpus.translate.packages import unusable_folders

    langs = [language_code(lang, "LANG") for lang in langs or []]
    packages = installed_packages()
    for folder, problem in unusable_folders():
        warn(f"{folder}: not a usable translation package ({problem}); ignored "
             f"(remove it with: corpus models remove {folder.name})")
    if not packages:
        typer.echo(f"no translation packages installed in {packages_dir()}")
    for p in packages:
        typer.echo(f"{p.name:<18} {p.source}→{p.target}  v{p.version:<6} "
                   f"{p.size_bytes / 1e6:8.1f} MB  {p.path}")
    if langs:
        pairs = [(s, t) for s in langs for t in langs if s != t]
        plan = plan_routes(pairs, packages)
        for (s, t), route in sorted(plan.routes.items()):
            typer.echo(f"{s}→{t}: {route.label}")
        if plan.missing:
            typer.echo("missing: " + ", ".join(f"{s}→{t}" for s, t in plan.missing)
                       + f" (packages: {', '.join(plan.missing_packages)})")
            typer.echo(f"install with: {plan.install_command(langs)}")


@models_app.command("install")
@reports_errors
def install_command(
    langs: Annotated[list[str] | None, typer.Argument(
        metavar="LANG|FILE", help="Languages to make translatable into each other (e.g. ar en "
        "fr), or downloaded .argosmodel files.")] = None,
    file: Annotated[list[Path] | None, typer.Option(
        "--file", metavar="FILE",
        help="Install a downloaded .argosmodel (offline); repeatable.")] = None,
) -> None:
    """Install packages from the Argos index (direct pairs, else through English), or files."""
    from corpus.translate import install_from_file, installed_packages
    from corpus.translate.index import install_languages
    from corpus.translate.packages import is_argos_language

    files = [*(file or []), *(Path(a) for a in langs or [] if a.endswith(".argosmodel"))]
    langs = [a for a in langs or [] if not a.endswith(".argosmodel")]
    if not langs and not files:
        raise InputError("give languages (e.g. ar en fr) or --file X.argosmodel")
    odd = [a for a in langs if not is_argos_language(a)]
    if odd:
        raise InputError(f"not a language code or .argosmodel file: {', '.join(map(repr, odd))}")
    for path in files:
        package = install_from_file(path)
        note(f"installed {package.name} v{package.version} in {package.path}")
    if langs:
        done, plan = install_languages(langs, installed_packages())
        for package in done:
            note(f"installed {package.name} v{package.version} in {package.path}")
        if not done and not plan.impossible:
            note("every pair is already covered by installed packages")
        if plan.impossible:
            pairs = ", ".join(f"{s}→{t}" for s, t in plan.impossible)
            raise ModelError(f"the Argos index has no package (direct or through English) for "
                             f"{pairs}")


@models_app.command("remove")
@reports_errors
def remove_command(
    names: Annotated[list[str], typer.Argument(
        metavar="PACKAGE", help="Packages to remove: translate-fr_en, fr_en or fr-en, or the "
        "folder name of one that `corpus models list` says is not usable.")],
) -> None:
    """Remove installed packages, or folders that `models list` says are not usable."""
    from corpus.translate import remove_package
    from corpus.translate.packages import find_packages, remove_folder

    found = find_packages(names)
    for package in found.packages:
        remove_package(package)
        note(f"removed {package.name} v{package.version} ({package.path})")
    for folder in found.unusable:
        remove_folder(folder)
        note(f"removed {folder}")
    if found.unknown:
        raise InputError(f"not installed: {', '.join(found.unknown)} (see: corpus models list)")
