"""The writer interface: every output format is a `Writer` subclass behind one registry.

`write_formats()` holds the shared flow (name every file of every format, check the names, write
them all under temporary names, then rename them into place) and `Writer.write()` runs it for one
format; a format fills `outputs()` (which files it makes) and `write_file()` (how one file is
serialised). Formats are looked up by name and imported lazily, so `lxml` is only loaded when a
writer is used.
"""

from __future__ import annotations

import importlib
import os
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, ClassVar

from corpus.errors import CorpusError
from corpus.fileio import NAME_MAX, StagedFiles, check_folder
from corpus.model import AlignedCorpus, Alignment, Document


@dataclass(frozen=True)
class OutputFile:
    """One file a writer will produce, and the alignments that go into it.

    `named_after` holds the documents whose ids make up `name` (XCES), so that a clash with
    another output can name the article to rename.
    """

    name: str
    alignments: tuple[Alignment, ...]
    named_after: tuple[Document, ...] = ()


class Writer(ABC):
    """Serialise an `AlignedCorpus` to one format."""

    name: ClassVar[str]
    binary: ClassVar[bool] = True

    def write(self, corpus: AlignedCorpus, out_dir: str | Path) -> list[Path]:
        """Write every output file of this format into `out_dir`; return their paths."""
        return write_formats([self], corpus, out_dir)

    @abstractmethod
    def outputs(self, corpus: AlignedCorpus) -> Iterable[OutputFile]:
        """The files this format makes for `corpus`."""

    def pairs_to_check(self, documents: Sequence[Document]
                       ) -> Iterable[tuple[Document, Document]]:
        """The document pairs whose outputs `check_possible_outputs` must see to find every
        clash or overlong name this format could make for `documents` (either way round)."""
        return ()

    def check_documents(self, documents: Sequence[Document], out_dir: Path) -> None:
        """Refuse documents this format could not tell apart inside a file (a `CorpusError`
        naming them); `check_possible_outputs` asks before the long work. Most formats
        name everything inside a file after the document ids themselves: nothing to refuse."""
        return None

    @abstractmethod
    def write_file(self, corpus: AlignedCorpus, output: OutputFile, handle: IO) -> None:
        """Serialise one output file to an open handle (streaming where the format allows)."""


def write_formats(writers: Sequence[Writer], corpus: AlignedCorpus, out_dir: str | Path,
                  stage: StagedFiles | None = None) -> list[Path]:
    """Write every file of every writer into `out_dir`; return their paths.

    The files are renamed into place only once all are written, so an error or Ctrl-C leaves the
    folder as it was. Given a `stage`, they are only written to it: the caller commits them with
    the rest of its outputs (`corpus align` with its record).

    File names come partly from document ids, so two outputs can meet on one name (an article
    `corpus.tei.txt` gives the XCES file `corpus.tei.xml`, the TEI corpus's name; ids `a--b`
    and `c` give the pair file of `a` and `b--c`). The later would silently replace the earlier,
    so every name is checked before anything is written, as are its length (a name too long
    for the file system would otherwise fail after the first formats were written) and a folder
    standing at it (the rename onto it would fail just as late).
    """
    if stage is None:
        with StagedFiles() as own:
            written = write_formats(writers, corpus, out_dir, own)
            own.commit()
        return written
    out_dir = Path(out_dir)
    check_folder(out_dir)
    planned = [(writer, output) for writer in writers for output in writer.outputs(corpus)]
    check_outputs(planned, out_dir)
    written = []
    for writer, output in planned:
        path = out_dir / output.name
        with stage.open(path, "wb" if writer.binary else "w") as handle:
            writer.write_file(corpus, output, handle)
        written.append(path)
    return written


def check_outputs(planned: Iterable[tuple[Writer, OutputFile]], out_dir: Path, *,
                  possible: bool = False) -> None:
    """Refuse, before anything is written, two outputs on one name, a name longer than the file
    system takes, or a folder standing where an output goes (`write_formats`). `possible`: the
    outputs are those a run could write (`check_possible_outputs`), not yet those it will."""
    owners: dict[str, str] = {}
    would = "could" if possible else "would"
    for writer, output in planned:
        path = out_dir / output.name
        ids = " and ".join(repr(document.id) for document in output.named_after)
        owner = f"{writer.name}, named after {ids}" if ids else writer.name
        size = len(os.fsencode(output.name))
        if size > NAME_MAX:
            raise CorpusError(f"file name too long ({owner}: {size} bytes, most file systems "
                              f"take {NAME_MAX}): shorten the article's name", path)
        if output.name in owners:
            raise CorpusError(f"two outputs of this run {would} be written to this file "
                              f"({owners[output.name]}; {owner}): rename an article so that "
                              "they differ", path)
        owners[output.name] = owner
        if path.is_dir():
            raise CorpusError(f"a folder stands where an output goes ({owner}): move it away",
                              path)


def check_possible_outputs(writers: Sequence[Writer], documents: Sequence[Document],
                           orient: Callable[[Document, Document], tuple[Document, Document]],
                           out_dir: str | Path) -> None:
    """`check_outputs` right after reading, for the files a run of `documents` could write:
    a clash found by `write_formats` came after all the translating and aligning.

    Which pairs will be linked is not known yet, so every writer names the document pairs
    whose files could clash or be too long (`Writer.pairs_to_check`); `orient` puts each the
    way round a run aligns it (its file names depend on it), and the writers' own `outputs`
    name the files, as they will when writing. Each writer also checks the documents it must
    tell apart inside a file (`Writer.check_documents`).
    """
    pairs: dict[frozenset[str], tuple[Document, Document]] = {}
    for writer in writers:
        for a, b in writer.pairs_to_check(documents):
            if a.id != b.id:
                pairs.setdefault(frozenset((a.id, b.id)), (a, b))
    probe = AlignedCorpus(tuple(documents),
                          tuple(Alignment(*orient(a, b), ()) for a, b in pairs.values()), "", "")
    check_outputs(((writer, output) for writer in writers for output in writer.outputs(probe)),
                  Path(out_dir), possible=True)
    for writer in writers:
        writer.check_documents(documents, Path(out_dir))


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
