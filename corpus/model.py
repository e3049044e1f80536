"""The typed records that flow between pipeline stages.

Every stage reads and returns these frozen dataclasses, never dicts: a `Document` owns its
`Sentence`s (with stable ids and character offsets into the normalised text), an aligner returns
`Bead`s over sentence indices, and a document-level `Alignment` holds id-based `Link`s.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

# What produces every machine translation: Argos Translate models run by CTranslate2.
MT_ENGINE = "argos-translate/ctranslate2"

# Confidence bands of link scores, by lower bound, best first: the per-pair report of `corpus
# align` counts links by them and the HTML review colours them.
SCORE_BANDS = ((0.8, "high"), (0.5, "medium"), (0.0, "low"))


def score_band(score: float) -> str:
    """The band of `score`; anything below every bound (a NaN too) is the last one."""
    return next((name for bound, name in SCORE_BANDS if score >= bound), SCORE_BANDS[-1][1])


@dataclass(frozen=True)
class Sentence:
    """One segment of a document.

    `start`/`end` are offsets into `Document.text` (the normalised text), so
    `document.text[s.start:s.end] == s.text` always holds.
    """

    id: str
    index: int
    text: str
    start: int
    end: int
    paragraph: int


@dataclass(frozen=True)
class Paragraph:
    """A block of text between blank lines (or one line of a one-line-per-paragraph file)."""

    index: int
    start: int
    end: int
    is_heading: bool = False


@dataclass(frozen=True)
class Document:
    """An article: its normalised text, how it was read, and its segmentation."""

    id: str
    lang: str
    text: str
    sentences: tuple[Sentence, ...]
    paragraphs: tuple[Paragraph, ...]
    title: str | None = None
    source: str = ""
    encoding: str = "utf-8"
    lang_confidence: float = 1.0

    def sentence_texts(self) -> list[str]:
        return [s.text for s in self.sentences]

    def sentence(self, sentence_id: str) -> Sentence:
        for s in self.sentences:
            if s.id == sentence_id:
                return s
        raise KeyError(sentence_id)


@dataclass(frozen=True)
class Bead:
    """One step of a sentence alignment over indices; `src`/`tgt` are sorted, either may be empty.

    `score` is the calibrated probability that the link is right (for 1-0/0-1 beads: that the
    sentence really has no counterpart).
    """

    src: tuple[int, ...]
    tgt: tuple[int, ...]
    score: float = 1.0

    @property
    def is_link(self) -> bool:
        return bool(self.src) and bool(self.tgt)


class PairRelation(str, Enum):
    """How two documents relate, as decided by document pairing."""

    PARALLEL = "parallel"
    COMPARABLE = "comparable"
    UNRELATED = "unrelated"


@dataclass(frozen=True)
class Link:
    """A sentence link between two documents, by stable sentence ids."""

    source_ids: tuple[str, ...]
    target_ids: tuple[str, ...]
    score: float

    @property
    def kind(self) -> str:
        return f"{len(self.source_ids)}-{len(self.target_ids)}"


@dataclass(frozen=True)
class Alignment:
    """The sentence alignment of one document pair, ready for the writers."""

    source: Document
    target: Document
    links: tuple[Link, ...]
    relation: PairRelation = PairRelation.PARALLEL
    pair_score: float = 1.0
    # Machine translations used as a bridge, by sentence id (source sentence -> its MT into the
    # target language and vice versa); empty when the alignment was MT-free.
    source_mt: dict[str, str] = field(default_factory=dict, compare=False, hash=False)
    target_mt: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

    @property
    def unaligned_source(self) -> list[str]:
        linked = {i for link in self.links for i in link.source_ids}
        return [s.id for s in self.source.sentences if s.id not in linked]

    @property
    def unaligned_target(self) -> list[str]:
        linked = {i for link in self.links for i in link.target_ids}
        return [s.id for s in self.target.sentences if s.id not in linked]


@dataclass(frozen=True)
class MachineTranslation:
    """One document rendered into another language, sentence by sentence, with its provenance."""

    document_id: str
    lang: str
    sentences: tuple[str, ...]
    engine: str = MT_ENGINE
    model: str = ""
    model_version: str = ""
    route: str = "direct"  # "direct" or e.g. "fr>en>ar" for a pivot
    created: str = ""  # ISO 8601 UTC
    # How it was decoded, as its work directory's manifest records it: `beam_size=2 device=cpu …`
    options: str = ""


@dataclass(frozen=True)
class MultiLink:
    """A sentence group linked across 3+ documents: (document id, sentence ids) members."""

    members: tuple[tuple[str, tuple[str, ...]], ...]
    score: float


@dataclass(frozen=True)
class AlignedCorpus:
    """Everything the writers need: documents, pairwise alignments, cross links and provenance."""

    documents: tuple[Document, ...]
    alignments: tuple[Alignment, ...]
    signature: str
    created: str  # ISO 8601 UTC, stamped once per run so every output agrees
    translations: tuple[MachineTranslation, ...] = ()
    multilinks: tuple[MultiLink, ...] = ()

    def document(self, document_id: str) -> Document:
        for d in self.documents:
            if d.id == document_id:
                return d
        raise KeyError(document_id)
