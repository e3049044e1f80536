"""corpus: build multilingual, sentence-aligned corpora from news articles.

Pipeline: reading → segmentation → translation → document pairing → sentence alignment → writers.
Importing this package has no side effects: no folders are created and no model is loaded.
"""

__version__ = "0.1.0"

from corpus.errors import CorpusError, InputError, ModelError
from corpus.model import (
    AlignedCorpus,
    Alignment,
    Bead,
    Document,
    Link,
    MachineTranslation,
    MultiLink,
    PairRelation,
    Paragraph,
    Sentence,
)

__all__ = [
    "AlignedCorpus",
    "Alignment",
    "Bead",
    "CorpusError",
    "Document",
    "InputError",
    "Link",
    "MachineTranslation",
    "ModelError",
    "MultiLink",
    "PairRelation",
    "Paragraph",
    "Sentence",
    "__version__",
]
