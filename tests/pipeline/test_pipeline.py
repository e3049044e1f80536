"""The align pipeline's own steps: links from beads, score filter, timestamps, manifest rules."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from corpus.errors import CorpusError, InputError
from corpus.model import Bead, PairRelation
from corpus.pair import PairDecision
from corpus.pipeline import OutputSettings, align_folder, build_alignment, creation_time, to_links
from corpus.read import build_document
from tests.conftest import SEEDS

SRC = build_document("Un. Deux. Trois.", "a", lang="fr")
TGT = build_document("One. Two. Three. Four.", "b", lang="en")


def test_beads_become_id_links_without_the_unlinked_ones() -> None:
    beads = [Bead((0,), (0,), 0.9), Bead((1,), (), 0.8), Bead((2,), (1, 2), 0.4),
             Bead((), (3,), 0.7)]
    links = to_links(beads, SRC, TGT)
    assert [(lk.source_ids, lk.target_ids, lk.score) for lk in links] == [
        (("a.s1",), ("b.s1",), 0.9), (("a.s3",), ("b.s2", "b.s3"), 0.4)]


def test_min_score_drops_links_and_leaves_sentences_unaligned() -> None:
    beads = (Bead((0,), (0,), 0.9), Bead((1,), (1,), 0.3), Bead((2,), (2, 3), 0.6))
    decision = PairDecision(SRC, TGT, 0.5, "anchors", PairRelation.COMPARABLE, beads)
    report = build_alignment(decision, [], 0.5)
    assert [lk.score for lk in report.alignment.links] == [0.9, 0.6]
    assert report.dropped == 1
    assert report.alignment.unaligned_source == [SRC.sentences[1].id]
    assert report.bands() == {"high": 1, "medium": 1, "low": 0}


@pytest.mark.parametrize("min_score", [-0.1, 1.5, float("nan")])
def test_min_score_outside_the_scores_is_refused(min_score: float) -> None:
    with pytest.raises(ValueError, match="min score must be between 0 and 1"):
        OutputSettings(min_score=min_score)


def test_creation_time_honours_source_date_epoch() -> None:
    assert creation_time({"SOURCE_DATE_EPOCH": "1795000000"}) == "2026-11-18T11:06:40Z"
    assert creation_time({}).endswith("Z")
    assert creation_time({"SOURCE_DATE_EPOCH": "0"}) == "1970-01-01T00:00:00Z"
    for bad in ("yesterday", "-1", "+5", " 5", "1_000", "1.5", "", "\u0661\u0662",
                "99999999999999999"):
        with pytest.raises(InputError) as caught:
            creation_time({"SOURCE_DATE_EPOCH": bad})
        assert str(caught.value) == ("SOURCE_DATE_EPOCH must be a non-negative integer (seconds "
                                     f"since 1970), not {bad!r}")


def seed_folder(tmp_path: Path, manifest: dict) -> Path:
    folder = tmp_path / "in"
    shutil.copytree(SEEDS, folder)
    (folder / "corpus.json").write_text(json.dumps(manifest), encoding="utf-8")
    return folder


def test_manifest_forces_and_forbids_pairs(tmp_path: Path) -> None:
    ids = sorted(p.stem for p in SEEDS.glob("*.txt"))
    folder = seed_folder(tmp_path, {"pairs": {"force": [[ids[1], ids[3]]],
                                              "forbid": [[ids[2], ids[3]]]}})
    notes: list[str] = []
    report = align_folder(folder, tmp_path / "out", formats=["xces"], on_note=notes.append)
    pairs = {frozenset((d.source.id, d.target.id)): d for d in report.decisions}
    assert frozenset((ids[2], ids[3])) not in pairs
    forced = pairs[frozenset((ids[1], ids[3]))]
    assert forced.forced and forced.counterpart
    aligned = {frozenset((a.source.id, a.target.id)) for a in report.corpus.alignments}
    assert frozenset((ids[1], ids[3])) in aligned and frozenset((ids[2], ids[3])) not in aligned
    assert notes and "without machine translation" in notes[0]


def test_manifest_naming_unknown_document_is_an_error(tmp_path: Path) -> None:
    folder = seed_folder(tmp_path, {"pairs": {"force": [["nope", "003_b2a5d163e2d1a4b6"]]}})
    with pytest.raises(InputError) as caught:
        align_folder(folder, tmp_path / "out", formats=["xces"])
    assert str(caught.value) == (f"{folder / 'corpus.json'}: pairs.force: no document nope in "
                                 "the folder")
    assert not (tmp_path / "out").exists()


def test_pair_both_forced_and_forbidden_is_an_error(tmp_path: Path) -> None:
    pair = ["002_f3321088fa17899b", "003_b2a5d163e2d1a4b6"]
    folder = seed_folder(tmp_path, {"pairs": {"force": [pair], "forbid": [pair[::-1]]}})
    with pytest.raises(InputError) as caught:
        align_folder(folder, tmp_path / "out", formats=["xces"])
    assert str(caught.value) == (f"{folder / 'corpus.json'}: pairs.force and pairs.forbid both "
                                 f"name the pair(s) {pair[0]} {pair[1]}")
    assert not (tmp_path / "out").exists()


def test_unknown_format_and_lonely_article_are_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="unknown output format"):
        align_folder(SEEDS, tmp_path / "out", formats=["pdf"])
    folder = tmp_path / "one"
    folder.mkdir()
    (folder / "a.txt").write_text("Just one article here, about the weather in the mountains.",
                                   encoding="utf-8")
    with pytest.raises(InputError, match="at least two") as caught:
        align_folder(folder, tmp_path / "out")
    assert "could not be read" not in str(caught.value)
    # When a file is missing because it could not be read, the message says which and why.
    (folder / "b.txt").write_bytes(b"")
    with pytest.raises(InputError, match=r"found 1; 1 could not be read, first .*b\.txt: empty"):
        align_folder(folder, tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_missing_translations_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="translations folder does not exist"):
        align_folder(SEEDS, tmp_path / "out", translations=tmp_path / "nowhere")


def test_signature_names_every_stage(tmp_path: Path) -> None:
    report = align_folder(SEEDS, tmp_path / "out", formats=["xces"],
                          output=OutputSettings(min_score=0.05))
    assert "pair.word_similarity" in report.corpus.signature
    assert "align.max_bead" in report.corpus.signature
    assert "out.min_score:0.05" in report.corpus.signature
    assert all(lk.score >= 0.05 for a in report.corpus.alignments for lk in a.links)
    assert "|read.lang:none|read.manifest:none|" in report.corpus.signature


def test_signature_names_what_the_user_said_of_the_articles(tmp_path: Path) -> None:
    """A forced language and the manifest change what is paired and aligned: both are signed,
    the manifest by what it says, not by its spacing."""
    folder = tmp_path / "in"
    shutil.copytree(SEEDS, folder)
    forced = align_folder(folder, tmp_path / "a", formats=["xces"], lang="EN")
    assert "|read.lang:en|read.manifest:none|" in forced.corpus.signature
    manifest = {"pairs": {"forbid": [["002_f3321088fa17899b", "003_b2a5d163e2d1a4b6"]]}}
    signatures = []
    for text in (json.dumps(manifest), json.dumps(manifest, indent=4)):
        (folder / "corpus.json").write_text(text, encoding="utf-8")
        signatures.append(align_folder(folder, tmp_path / "b", formats=["xces"]).corpus.signature)
    assert signatures[0] == signatures[1]
    assert "|read.lang:none|read.manifest:none|" not in signatures[0]
    assert "|read.manifest:" in signatures[0]
    # A pair in the other order, or given twice, says the same; an empty manifest says nothing.
    (forbidden,) = manifest["pairs"]["forbid"]
    same = {"pairs": {"forbid": [forbidden[::-1], forbidden]}, "documents": {forbidden[0]: {}}}
    for text in (json.dumps(same), "{}"):
        (folder / "corpus.json").write_text(text, encoding="utf-8")
        signatures.append(align_folder(folder, tmp_path / "b", formats=["xces"]).corpus.signature)
    assert signatures[2] == signatures[0]
    assert "|read.lang:none|read.manifest:none|" in signatures[3]


def test_translations_folder_feeds_the_aligner_and_the_outputs(tmp_path: Path) -> None:
    from corpus.read import read_folder
    from corpus.translate.workdir import (
        FileRecord,
        source_digest,
        translation_file,
        write_translations,
    )

    documents = read_folder(SEEDS).documents
    workdir = tmp_path / "mt"
    for document in documents:  # stand-in "translations": the sentences themselves
        if document.id.startswith("004"):  # as if the translate run stopped before it
            continue
        for lang in {"ar", "fr", "en"} - {document.lang}:
            record = FileRecord(translation_file(document.id, lang), document.id, document.lang,
                                lang, len(document.sentences), source_digest(document),
                                ({"name": "test", "version": "1"},), "direct",
                                {"beam_size": 4, "device": "cpu"}, "2026-11-22T10:00:00Z")
            write_translations(workdir, [(record, document.sentence_texts())])
    notes: list[str] = []
    report = align_folder(SEEDS, tmp_path / "out", translations=workdir, formats=["tei"],
                          on_note=notes.append)
    assert notes == [f"using 8 machine translation(s) from {workdir}",
                     f"1 of 5 article(s) have no translation in {workdir} and are aligned "
                     "without MT from their side: 004_5c79676636db07d4"]
    assert len(report.corpus.translations) == 8
    # the models and their recorded options are signed, although no TranslateSettings of this
    # run apply
    assert report.corpus.signature.endswith("|mt.models:test@1|mt.options:beam_size=4 device=cpu")
    fr_en = next(a for a in report.corpus.alignments
                 if (a.source.lang, a.target.lang) == ("fr", "en"))
    assert len(fr_en.source_mt) == len(fr_en.source.sentences)
    assert all(d.evidence in ("mt", "anchors", "same-language") for d in report.decisions)


GREEK = ("Η συνάντηση θα γίνει την Παρασκευή στην Αθήνα. Όλοι οι υπουργοί θα είναι εκεί "
         "για να συζητήσουν τον προϋπολογισμό.\n")


def test_an_undetermined_language_is_warned_of_and_never_a_translation_route(
        tmp_path: Path) -> None:
    """A Greek article (not among the detector's languages) came out "und", and the run said
    `install with: corpus models install en fr und`."""
    from corpus.errors import InputWarning
    from corpus.pipeline import resolve_translations
    from corpus.read import read_folder
    from corpus.translate import TranslateSettings

    for seed in ("002_f3321088fa17899b.txt", "003_b2a5d163e2d1a4b6.txt"):
        shutil.copy(SEEDS / seed, tmp_path)
    (tmp_path / "greek.txt").write_text(GREEK, encoding="utf-8")
    with pytest.warns(InputWarning) as caught:
        result = read_folder(tmp_path)
    assert [str(w.message) for w in caught] == [
        f"{tmp_path / 'greek.txt'}: language could not be identified; set it in corpus.json "
        "(documents.greek.lang)"]
    assert sorted(d.lang for d in result.documents) == ["en", "fr", "und"]
    _, notes = resolve_translations(result.documents, tmp_path / "out", None, True,
                                    TranslateSettings())
    assert notes == ["aligning without machine translation: no models installed for en, fr "
                     "(install with: corpus models install en fr)"]


def test_no_translation_job_from_or_into_an_undetermined_language() -> None:
    from corpus.translate.pipeline import _jobs

    docs = [build_document("Un. Deux.", "a", lang="fr"), build_document("One.", "b", lang="en"),
            build_document(GREEK, "c", lang="und")]
    assert {pair: [d.id for d in group] for pair, group in
            _jobs(docs, ["en", "fr", "und"]).items()} == {("fr", "en"): ["a"],
                                                          ("en", "fr"): ["b"]}


@pytest.mark.parametrize(("names", "clash", "said"), [
    (("a--b", "c", "a", "b--c"), "a--b--c.xces.xml", "xces, named after 'a--b' and 'c'"),
    (("x b", "x_u20_b"), "x_u20_b.xml", "xces, named after 'x b'; xces, named after 'x_u20_b'"),
    (("corpus.tei", "b"), "corpus.tei.xml", "tei; xces, named after 'corpus.tei'"),
    (("a", "b", "a--b.xces"), "a--b.xces.xml", "xces, named after 'a' and 'b'"),
])
def test_output_name_clashes_are_refused_before_translating_or_aligning(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, names: tuple[str, ...], clash: str,
        said: str) -> None:
    """They were found only when writing, after all the translating and aligning."""
    def too_late(*args: object, **kwargs: object) -> None:
        raise AssertionError("the run got past reading")

    monkeypatch.setattr("corpus.pipeline.resolve_translations", too_late)
    folder = tmp_path / "in"
    folder.mkdir()
    for name in names:
        (folder / f"{name}.txt").write_text(f"The story {name} is told here. It ends.\n",
                                            encoding="utf-8")
    with pytest.raises(CorpusError) as caught:
        align_folder(folder, tmp_path / "out", lang="en")
    assert caught.value.path == str(tmp_path / "out" / clash)
    assert "could be written to this file" in str(caught.value) and said in str(caught.value)
    assert str(caught.value).endswith("rename an article so that they differ")


class _PastTheCheckError(Exception):
    """Raised by a stand-in for the translation step: the run got past the output check."""


def _stop_after_the_check(*args: object, **kwargs: object) -> None:
    raise _PastTheCheckError


def test_two_long_names_are_refused_before_translating_or_aligning(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("corpus.pipeline.resolve_translations", _stop_after_the_check)
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("a" * 200, "b" * 200, "c"):  # three texts, not three copies of one
        (folder / f"{name}.txt").write_text(f"The story of {name[:1]} is told here.\n",
                                            encoding="utf-8")
    with pytest.raises(CorpusError, match=r"file name too long \(xces, named after 'a+' and "
                                          r"'b+': 411 bytes"):
        align_folder(folder, tmp_path / "out", lang="en")
    # Without XCES no file is named after two articles.
    with pytest.raises(_PastTheCheckError):
        align_folder(folder, tmp_path / "out", lang="en", formats=("tmx", "tei", "html"))


def test_a_tei_id_clash_is_known_before_translating(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("corpus.pipeline.resolve_translations", _stop_after_the_check)
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("café", "caf_ue9_", "other"):
        (folder / f"{name}.txt").write_text(f"The story of {name} is told here.\n",
                                            encoding="utf-8")
    with pytest.raises(CorpusError, match=r"articles 'caf_ue9_' and 'café' would share the "
                                          r"xml:id 'd-caf_ue9_': rename one of them"):
        align_folder(folder, tmp_path / "out", lang="en")
    with pytest.raises(_PastTheCheckError):  # without TEI the two ids are no clash
        align_folder(folder, tmp_path / "out", lang="en", formats=("tmx", "xces"))


def test_ids_with_the_separator_that_give_no_clash_are_aligned(tmp_path: Path) -> None:
    for name, end in (("a--b", "It ends."), ("c", "It ends there.")):
        (tmp_path / f"{name}.txt").write_text(f"The story is told here. {end}\n",
                                              encoding="utf-8")
    report = align_folder(tmp_path, tmp_path / "out", lang="en", translate=False)
    assert (tmp_path / "out" / "a--b.xml").is_file() and report.pairs


def test_one_article_saved_twice_is_not_aligned_with_itself(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    shutil.copytree(SEEDS, folder)
    french = next(folder.glob("002_*.txt"))
    (folder / "copy of the french.txt").write_bytes(french.read_bytes())
    notes: list[str] = []
    report = align_folder(folder, tmp_path / "out", formats=["xces"], on_note=notes.append)
    twins = {french.stem, "copy of the french"}
    assert f"{french.stem}, copy of the french have the same text: not aligned with each other " \
           "(corpus.json pairs.force aligns two of them)" in notes
    assert not [d for d in report.decisions if {d.source.id, d.target.id} == twins]
    # Three copies: no two of them are aligned with each other.
    (folder / "another copy.txt").write_bytes(french.read_bytes())
    report = align_folder(folder, tmp_path / "out3", formats=["xces"])
    copies = twins | {"another copy"}
    assert not [d for d in report.decisions if {d.source.id, d.target.id} <= copies]
    (folder / "another copy.txt").unlink()
    # Both still pair with their counterparts in the other languages.
    assert any("copy of the french" in {d.source.id, d.target.id} and d.counterpart
               for d in report.decisions)
    (folder / "corpus.json").write_text(json.dumps({"pairs": {"force": [sorted(twins)]}}),
                                        encoding="utf-8")
    notes.clear()
    report = align_folder(folder, tmp_path / "out2", formats=["xces"], on_note=notes.append)
    assert not [n for n in notes if "same text" in n]
    assert [d for d in report.decisions if {d.source.id, d.target.id} == twins]
