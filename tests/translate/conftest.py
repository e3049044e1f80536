"""Tiny real Argos packages (en↔fr, en↔ar), built once per session from the seeds."""

from __future__ import annotations

from pathlib import Path

import pytest

from corpus.model import Document
from corpus.read import read_folder
from corpus.translate import TranslateSettings, install_from_file
from corpus.translate.synthetic import build_argosmodel
from tests.conftest import SEEDS

PAIRS = (("en", "fr"), ("fr", "en"), ("en", "ar"), ("ar", "en"))
# A short decoding cap keeps the random-weight models fast; everything else is the default.
FAST = TranslateSettings(max_decoding_length=12)


@pytest.fixture(scope="session")
def seed_documents() -> tuple[Document, ...]:
    return read_folder(SEEDS).documents


@pytest.fixture(scope="session")
def argosmodels(tmp_path_factory: pytest.TempPathFactory,
                seed_documents: tuple[Document, ...]) -> dict[tuple[str, str], Path]:
    lines = [s for d in seed_documents for s in d.sentence_texts()]
    folder = tmp_path_factory.mktemp("argosmodels")
    return {(a, b): build_argosmodel(folder / f"translate-{a}_{b}.argosmodel", a, b, lines,
                                     seed=i)
            for i, (a, b) in enumerate(PAIRS)}


@pytest.fixture
def installed(argosmodels: dict[tuple[str, str], Path]) -> None:
    """All four packages installed in this test's private ARGOS_PACKAGES_DIR."""
    for path in argosmodels.values():
        install_from_file(path)
