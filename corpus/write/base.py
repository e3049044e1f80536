"""The writer interface: every output format is a `Writer` subclass behind one registry.

`Writer.write()` holds the shared flow (validate the corpus, name the files, write each one
atomically); a format fills `outputs()` (which files it makes) and `write_file()` (how one file is
serialised). Formats are looked up by name and imported lazily, so `lxml` is only loaded when a
writer is used.
"""

from __future__ import annotations

import importlib
from abc import ABC, abstractmethod
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, ClassVar

from corpus.errors import CorpusError
from corpus.fileio import atomic_open, check_folder
from corpus.model import AlignedCorpus, Alignment


@dataclass(frozen=True)
class OutputFile:
    """One file a writer will produce, and the alignments that go into it."""

    name: str
    alignments: tuple[Alignment, ...]


class Writer(ABC):
    """Serialise an `AlignedCorpus` to one format."""

    name: ClassVar[str]
    binary: ClassVar[bool] = True

    def write(self, corpus: AlignedCorpus, out_dir: str | Path) -> list[Path]:
        """Write every output file of this format into `out_dir`; return their paths."""
        out_dir = Path(out_dir)
        check_folder(out_dir)
        written = []
        for output in self.outputs(corpus):
            path = out_dir / output.name
            with atomic_open(path, "wb" if self.binary else "w") as handle:
                self.write_file(corpus, output, handle)
            written.append(path)
        return written

    @abstractmethod
    def outputs(self, corpus: AlignedCorpus) -> Iterable[OutputFile]:
        """The files this format makes for `corpus`."""

    @abstractmethod
    def write_file(self, corpus: AlignedCorpus, output: OutputFile, handle: IO) -> None:
        """Serialise one output file to an open handle (streaming where the format allows)."""


# name -> "module:Class", imported on first use.
_WRITERS: dict[str, str] = {
    "tmx": "corpus.write.tmx:TmxWriter",
    "tei": "corpus.write.tei:TeiWriter",
    "xces": "corpus.write.xces:XcesWriter",
    "html": "corpus.write.html:HtmlWriter",
}


def writer_names() -> list[str]:
    return list(_WRITERS)


def get_writer(name: str) -> Writer:
    """Instantiate the writer registered as `name`; unknown names list the valid ones."""
    try:
        target = _WRITERS[name]
    except KeyError:
        raise CorpusError(
            f"unknown output format {name!r}; choose from {', '.join(_WRITERS)}"
        ) from None
    module_name, class_name = target.split(":")
    cls = getattr(importlib.import_module(module_name), class_name)
    return cls()
