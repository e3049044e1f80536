"""corpus: build multilingual, sentence-aligned corpora from news articles.

Pipeline: reading → segmentation → translation → document pairing → sentence alignment → writers.
Importing this package has no side effects: no folders are created and no model is loaded.
"""

__version__ = "0.1.0"

from corpus.errors import CorpusError, InputError, ModelError  # noqa: E402
from corpus.model import (  # noqa: E402
    Alignment,
    Bead,
    Document,
    Link,
    PairRelation,
    Paragraph,
    Sentence,
)

__all__ = [
    "Alignment",
    "Bead",
    "CorpusError",
    "Document",
    "InputError",
    "Link",
    "ModelError",
    "PairRelation",
    "Paragraph",
    "Sentence",
    "__version__",
]
