"""Reading: article files → normalised, language-tagged, segmented `Document`s."""

from corpus.read.decode import Decoded, decode_bytes
from corpus.read.document import build_document, read_document
from corpus.read.folder import ReadResult, ReadSettings, check_output_folder, read_folder
from corpus.read.langid import identify_language
from corpus.read.manifest import Manifest, parse_manifest, read_manifest
from corpus.read.normalize import normalize_text

__all__ = [
    "Decoded",
    "Manifest",
    "ReadResult",
    "ReadSettings",
    "build_document",
    "check_output_folder",
    "decode_bytes",
    "identify_language",
    "normalize_text",
    "parse_manifest",
    "read_document",
    "read_folder",
    "read_manifest",
]
