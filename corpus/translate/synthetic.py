"""Build small but real `.argosmodel` packages: a CTranslate2 Transformer with seeded random
weights and a SentencePiece model trained on given text.

Tests install these instead of downloading real models, and the benchmark builds one with the
shapes of a real Argos package (Transformer-base, 32k vocabulary), so the speed measured is the
speed of real work. Weights come from a seeded generator, so outputs are deterministic.
"""

from __future__ import annotations

import io
import json
import tempfile
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np


@dataclass(frozen=True)
class ModelShape:
    """Transformer dimensions; `vocab_size` is the CTranslate2 vocabulary (SentencePiece pieces
    first, then filler pieces up to this size)."""

    layers: int = 1
    d_model: int = 32
    heads: int = 2
    ffn: int = 64
    vocab_size: int = 0  # 0: exactly the SentencePiece vocabulary
    spm_vocab_size: int = 400


TINY = ModelShape()
TRANSFORMER_BASE = ModelShape(layers=6, d_model=512, heads=8, ffn=2048, vocab_size=32000,
                              spm_vocab_size=2000)


def train_sentencepiece(lines: Iterable[str], vocab_size: int) -> bytes:
    """A unigram SentencePiece model trained on `lines` (vocabulary shrunk to what fits)."""
    import sentencepiece as spm

    buffer = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter([line for line in lines if line.strip()]),
        model_writer=buffer, vocab_size=vocab_size, hard_vocab_limit=False,
        character_coverage=1.0, model_type="unigram", minloglevel=2,
        bos_id=-1, eos_id=-1, unk_id=0, num_threads=1,
    )
    return buffer.getvalue()


def _spm_pieces(model: bytes) -> list[str]:
    import sentencepiece as spm

    processor = spm.SentencePieceProcessor(model_proto=model)
    return [processor.id_to_piece(i) for i in range(processor.get_piece_size())]


def _vocabulary(model: bytes, size: int, extra: Iterable[str] = ()) -> list[str]:
    """CTranslate2 vocabulary: `<unk> <s> </s>`, `extra` (e.g. a target prefix token), the
    pieces, then fillers up to `size`."""
    pieces = [p for p in _spm_pieces(model) if p not in {"<unk>", "<s>", "</s>"}]
    vocab = ["<unk>", "<s>", "</s>", *extra, *pieces]
    vocab += [f"▁x{i}" for i in range(max(0, size - len(vocab)))]
    return vocab


def _fill(spec: object, shape: ModelShape, vocab: int, rng: np.random.Generator) -> None:
    """Give every required (None) weight of a CTranslate2 spec a seeded random value."""
    from ctranslate2.specs import common_spec

    d, scale = shape.d_model, 1.0 / np.sqrt(shape.d_model)

    def rand(*dims: int) -> np.ndarray:
        return (rng.standard_normal(dims) * scale).astype(np.float32)

    def walk(node: object, path: str) -> None:
        for name, value in list(vars(node).items()):
            if name.startswith("_"):
                continue
            if isinstance(value, list):
                for i, item in enumerate(value):
                    walk(item, f"{path}/{name}_{i}")
            elif hasattr(value, "__dict__") and not isinstance(value, np.generic):
                walk(value, f"{path}/{name}")
            elif value is None:
                setattr(node, name, weight(node, name, path))

    def weight(node: object, name: str, path: str) -> np.ndarray:
        if isinstance(node, common_spec.LayerNormSpec):
            return np.ones(d, np.float32) if name == "gamma" else np.zeros(d, np.float32)
        if isinstance(node, common_spec.EmbeddingsSpec):
            return rand(vocab, d) * np.float32(np.sqrt(d))
        if path.endswith("/projection"):
            return rand(vocab, d)
        if "/ffn/" in path + "/":
            return rand(shape.ffn, d) if path.endswith("linear_0") else rand(d, shape.ffn)
        last = path.rsplit("/", 1)[-1]
        if "/self_attention" in path:
            return rand(3 * d, d) if last == "linear_0" else rand(d, d)
        # encoder-decoder attention: query, fused key/value, output
        return rand(2 * d, d) if last == "linear_1" else rand(d, d)

    walk(spec, "")


def build_model_dir(out_dir: Path, spm_model: bytes, shape: ModelShape, seed: int,
                    extra_tokens: Iterable[str] = ()) -> None:
    """Write a CTranslate2 model folder (`model.bin`, vocabularies, config) to `out_dir`."""
    from ctranslate2.specs import transformer_spec

    vocab = _vocabulary(spm_model, shape.vocab_size, extra_tokens)
    spec = transformer_spec.TransformerSpec.from_config(shape.layers, shape.heads)
    _fill(spec, shape, len(vocab), np.random.default_rng(seed))
    spec.register_source_vocabulary(vocab)
    spec.register_target_vocabulary(vocab)
    spec.validate()
    spec.optimize(quantization="int8" if shape.d_model >= 256 else None)
    out_dir.mkdir(parents=True, exist_ok=True)
    spec.save(str(out_dir))


def build_argosmodel(path: Path, source: str, target: str, lines: Iterable[str], *,
                     shape: ModelShape = TINY, seed: int = 0, version: str = "1.0",
                     target_prefix: str = "") -> Path:
    """Write a complete `.argosmodel` (zip of one folder) translating `source` → `target`."""
    folder = f"translate-{source}_{target}-{version.replace('.', '_')}"
    spm_model = train_sentencepiece(list(lines), shape.spm_vocab_size)
    metadata = {"package_version": version, "argos_version": "1.0", "from_code": source,
                "to_code": target, "from_name": source, "to_name": target, "type": "translate",
                "code": f"translate-{source}_{target}", "links": []}
    if target_prefix:
        metadata["target_prefix"] = target_prefix
    with tempfile.TemporaryDirectory() as tmp:
        model_dir = Path(tmp) / "model"
        build_model_dir(model_dir, spm_model, shape, seed,
                        [target_prefix] if target_prefix else [])
        path.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(f"{folder}/metadata.json", json.dumps(metadata, indent=2))
            archive.writestr(f"{folder}/sentencepiece.model", spm_model)
            for file in sorted(model_dir.iterdir()):
                archive.write(file, f"{folder}/model/{file.name}")
    return path
