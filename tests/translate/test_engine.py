import os
from pathlib import Path

import pytest

from corpus.errors import ModelError
from corpus.translate import (
    PackageTranslator,
    PivotTranslator,
    TranslateSettings,
    install_from_file,
    resolve_device,
)
from corpus.translate.engine import one_line, split_tokens
from corpus.translate.synthetic import build_argosmodel
from tests.translate.conftest import FAST


def test_translations_are_deterministic_single_lines(installed, seed_documents) -> None:
    from corpus.translate import installed_packages

    en_fr = next(p for p in installed_packages() if (p.source, p.target) == ("en", "fr"))
    sentences = [s for d in seed_documents if d.lang == "en" for s in d.sentence_texts()]
    sentences += ["", "   "]
    first = PackageTranslator(en_fr, FAST).translate_batch(sentences)
    again = PackageTranslator(en_fr, FAST).translate_batch(list(reversed(sentences)))
    assert first == list(reversed(again))  # order and batching do not change a translation
    assert first[-2:] == ["", ""]
    assert all(first[:-2]) and all("\n" not in t and t == t.strip() for t in first)


def test_a_translation_does_not_depend_on_the_other_sentences_of_the_run(
        installed, seed_documents) -> None:
    """What a resumed run still has to translate is a subset of a fresh run's sentences: each
    sentence must come out the same in both (the random-weight models run away to the cap, so a
    cap taken from the batch's longest sentence showed here)."""
    from corpus.translate import installed_packages

    en_fr = next(p for p in installed_packages() if (p.source, p.target) == ("en", "fr"))
    settings = TranslateSettings()  # caps of 12 or 60 tokens are the same for most sentences
    sentences = [s for d in seed_documents if d.lang == "en" for s in d.sentence_texts()]
    whole = dict(zip(sentences, PackageTranslator(en_fr, settings).translate_batch(sentences),
                     strict=True))
    rest = sentences[::3]
    part = PackageTranslator(en_fr, settings).translate_batch(rest)
    assert part == [whole[s] for s in rest]


def test_batches_are_length_sorted_and_token_bounded(installed) -> None:
    from corpus.translate import installed_packages

    settings = TranslateSettings(max_batch_tokens=40)
    translator = PackageTranslator(installed_packages()[0], settings)
    tokenized = [["a"] * n for n in (5, 30, 1, 12, 7, 7, 50)]
    batches = translator.batches(tokenized)
    assert sorted(i for b in batches for i in b) == list(range(7))
    lengths = [len(tokenized[i]) for b in batches for i in b]
    assert lengths == sorted(lengths)
    for batch in batches:
        longest = max(len(tokenized[i]) for i in batch)
        assert longest * len(batch) <= 40 or len(batch) == 1


def test_batches_keep_decoding_caps_close(installed) -> None:
    from corpus.translate import installed_packages

    package = installed_packages()[0]
    tokenized = [["a"] * n for n in range(1, 101)]
    loose = PackageTranslator(package, TranslateSettings(max_batch_tokens=10_000,
                                                         batch_length_spread=1000))
    assert len(loose.batches(tokenized)) == 1
    settings = TranslateSettings(max_batch_tokens=10_000, batch_length_spread=1.3)
    batches = PackageTranslator(package, settings).batches(tokenized)
    assert len(batches) > 3
    for batch in batches:
        # One cap a batch, each member's own length rounded up by less than the spread.
        assert len({settings.decoding_cap(len(tokenized[i])) for i in batch}) == 1
        for i in batch:
            own = settings.decoding_length(len(tokenized[i]))
            assert own <= settings.decoding_cap(len(tokenized[i])) <= 1.3 * own
    with pytest.raises(ValueError, match="batch_length_spread"):
        TranslateSettings(batch_length_spread=0.5)


def test_batches_come_back_while_later_ones_are_still_queued(installed, seed_documents) -> None:
    # A cache commits each chunk as it comes back; if every batch were queued at once, the first
    # answer came near the end and an interrupted run kept nothing.
    from corpus.translate import installed_packages
    from corpus.translate.engine import IN_FLIGHT_PER_TRANSLATOR

    en_fr = next(p for p in installed_packages() if (p.source, p.target) == ("en", "fr"))
    settings = TranslateSettings(max_decoding_length=12, max_batch_tokens=64, inter_threads=2)
    translator = PackageTranslator(en_fr, settings)
    engine, _ = translator._load()
    submitted = []

    class Counting:
        def translate_batch(self, source, **options):
            submitted.append(len(source))
            return engine.translate_batch(source, **options)

    translator._translator = Counting()
    sentences = [s for d in seed_documents if d.lang == "en" for s in d.sentence_texts()]
    seen = []
    for _ in translator.translate_chunks(sentences):
        seen.append(len(submitted))
    assert len(submitted) > 2 * IN_FLIGHT_PER_TRANSLATOR + 2
    assert seen[0] == 2 * IN_FLIGHT_PER_TRANSLATOR + 1  # the first answer, with 4 more queued
    assert seen[-1] == len(submitted)


def test_split_tokens_cuts_long_sentences_at_clauses() -> None:
    short = ["▁a", "▁b", "."]
    assert split_tokens(short, 8) == [short]
    words = [f"▁w{i}" for i in range(30)]
    words[13] = "▁end,"  # a clause ends near the even cut (15): the cut comes right after it
    pieces = split_tokens(words, 16)
    assert pieces == [words[:14], words[14:]]
    long = ["▁x" if i % 3 == 0 else "y" for i in range(1000)]
    pieces = split_tokens(long, 120)
    assert [t for p in pieces for t in p] == long and len(pieces) == 9  # fewest that fit
    assert all(len(p) <= 120 and p[0].startswith("▁") for p in pieces)
    assert max(map(len, pieces)) - min(map(len, pieces)) <= 120 // 2
    cut = split_tokens(["y"] * 50, 16)  # no word start anywhere: cut all the same
    assert [t for p in cut for t in p] == ["y"] * 50


def test_a_long_sentence_is_translated_whole(installed, seed_documents) -> None:
    """Decoded in one piece, an over-long sentence's translation stops at the decoding cap
    (the random test models always run to it); in pieces, each piece gets its own cap."""
    from corpus.translate import installed_packages

    en_fr = next(p for p in installed_packages() if (p.source, p.target) == ("en", "fr"))
    sentences = [s for d in seed_documents if d.lang == "en" for s in d.sentence_texts()]
    long = " ".join(sentences[:6])
    settings = TranslateSettings(max_decoding_length=12, max_piece_tokens=16)
    translator = PackageTranslator(en_fr, settings)
    translator._load()
    n_tokens = len(translator._tokenizer.encode(long))
    pieces = -(-n_tokens // 16)
    assert pieces >= 4
    whole = PackageTranslator(en_fr, TranslateSettings(max_decoding_length=12,
                                                       max_piece_tokens=10_000))
    out = translator.translate_batch([sentences[0], long, sentences[1]])
    assert out[0] == whole.translate_batch([sentences[0]])[0]  # short ones are not cut
    assert len(translator._tokenizer.encode(out[1])) > 12 * (pieces - 1)
    assert len(translator._tokenizer.encode(whole.translate_batch([long])[0])) <= 12
    with pytest.raises(ValueError, match="max_piece_tokens"):
        TranslateSettings(max_piece_tokens=4)


def test_pivot_chains_two_translators(installed) -> None:
    from corpus.translate import installed_packages

    by_pair = {(p.source, p.target): p for p in installed_packages()}
    fr_en = PackageTranslator(by_pair["fr", "en"], FAST)
    en_ar = PackageTranslator(by_pair["en", "ar"], FAST)
    pivot = PivotTranslator(fr_en, en_ar)
    text = ["Le président a parlé hier."]
    assert pivot.translate_batch(text) == en_ar.translate_batch(fr_en.translate_batch(text))
    assert (pivot.source, pivot.target) == ("fr", "ar")
    with pytest.raises(ValueError, match="cannot chain"):
        PivotTranslator(en_ar, fr_en)


def test_target_prefix_is_forced_and_stripped(tmp_path, seed_documents) -> None:
    lines = [s for d in seed_documents for s in d.sentence_texts()]
    package = install_from_file(build_argosmodel(tmp_path / "p.argosmodel", "en", "fr", lines,
                                                 target_prefix="__fr__"))
    assert package.target_prefix == "__fr__"
    out = PackageTranslator(package, FAST).translate_batch(["The president spoke."])
    assert out[0] and "__fr__" not in out[0]


def test_a_package_removed_after_listing_is_a_model_error(installed) -> None:
    """`corpus models remove` during a run: the run's plan still names the package, and the
    cache asks for its identity (a digest of model.bin) before anything is loaded."""
    from corpus.translate import installed_packages, remove_package

    en_fr = next(p for p in installed_packages() if (p.source, p.target) == ("en", "fr"))
    remove_package(en_fr)
    with pytest.raises(ModelError, match="cannot read the model") as caught:
        PackageTranslator(en_fr, FAST).identity  # noqa: B018
    assert "model.bin" in str(caught.value)


@pytest.mark.parametrize("damage", ["garbage", "empty"])
def test_a_damaged_sentencepiece_model_is_a_model_error(installed, damage: str) -> None:
    """argostranslate reads the SentencePiece file on the first encode, outside the load; it
    was a traceback (exit 1) in `translate` and `align`."""
    from corpus.translate import installed_packages

    en_fr = next(p for p in installed_packages() if (p.source, p.target) == ("en", "fr"))
    spm = Path(en_fr.path) / "sentencepiece.model"
    spm.write_bytes(os.urandom(100) if damage == "garbage" else b"")
    with pytest.raises(ModelError, match="cannot load the model"):
        PackageTranslator(en_fr, FAST).translate_batch(["The president spoke."])


def test_a_vocabulary_that_does_not_match_the_model_is_a_model_error(installed) -> None:
    from corpus.translate import installed_packages

    en_fr = next(p for p in installed_packages() if (p.source, p.target) == ("en", "fr"))
    (en_fr.model_dir / "shared_vocabulary.json").write_text('["<unk>", "<s>", "</s>"]')
    with pytest.raises(ModelError, match="cannot translate with the model"):
        PackageTranslator(en_fr, FAST).translate_batch(["The president spoke today."])


def test_one_line() -> None:
    assert one_line(" a\nb\r\nc\u2028d ") == "a b c d"


def test_cuda_without_gpu_is_one_clear_error(monkeypatch) -> None:
    import ctranslate2

    monkeypatch.setattr(ctranslate2, "get_cuda_device_count", lambda: 0)
    with pytest.raises(ModelError, match="no usable CUDA GPU") as caught:
        resolve_device(TranslateSettings(device="cuda"))
    assert "\n" not in str(caught.value)
    assert resolve_device(TranslateSettings(device="auto")) == ("cpu", "int8")
    with pytest.raises(ModelError, match="not supported"):
        resolve_device(TranslateSettings(compute_type="float8_nonsense"))


def test_settings_validate_and_cap_decoding() -> None:
    settings = TranslateSettings()
    assert settings.decoding_length(10) == 30
    assert settings.decoding_length(500) == 256
    with pytest.raises(ValueError):
        TranslateSettings(beam_size=0)
    with pytest.raises(ValueError):
        TranslateSettings(device="tpu")


@pytest.mark.parametrize("changes", [{"batch_length_spread": float("nan")},
                                     {"batch_length_spread": float("inf")},
                                     {"decoding_ratio": float("nan")},
                                     {"length_penalty": float("inf")}])
def test_numbers_that_would_fail_mid_run_are_refused(changes: dict[str, float]) -> None:
    with pytest.raises(ValueError, match="finite"):
        TranslateSettings(**changes)
