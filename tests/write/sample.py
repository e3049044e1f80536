"""A small but demanding `AlignedCorpus` for writer tests.

Three languages, RTL text, several bead types, an unaligned sentence on each side, MT layers, a
cross-language link, and hostile characters.
"""

from __future__ import annotations

from corpus.model import (
    AlignedCorpus,
    Alignment,
    Document,
    Link,
    MachineTranslation,
    MultiLink,
    PairRelation,
    Paragraph,
    Sentence,
)

HOSTILE = "Tom & Jerry <b>bold</b> ]]> \"quoted\" 'single' 😀 e\u0301 \u200d"


def make_document(
    doc_id: str, lang: str, sentences: list[str], title: str | None = None
) -> Document:
    """Build a one-paragraph-per-sentence document with exact offsets."""
    text = "\n\n".join(sentences)
    spans, paragraphs, pos = [], [], 0
    for i, s in enumerate(sentences):
        spans.append(Sentence(id=f"{doc_id}.s{i + 1}", index=i, text=s, start=pos,
                              end=pos + len(s), paragraph=i))
        paragraphs.append(Paragraph(index=i, start=pos, end=pos + len(s),
                                    is_heading=(i == 0 and title is not None)))
        pos += len(s) + 2
    return Document(id=doc_id, lang=lang, text=text, sentences=tuple(spans),
                    paragraphs=tuple(paragraphs), title=title, source=f"seeds/{doc_id}.txt")


def sample_corpus() -> AlignedCorpus:
    fr = make_document("002_fr", "fr", [
        "Réunion des géants de la tech",
        "Facebook et Twitter ont organisé une réunion vendredi.",
        "Ils ont partagé leurs tactiques.",
        "Les élections ont lieu en novembre.",
        f"Texte hostile : {HOSTILE}",
        "Une phrase sans équivalent.",
    ], title="Réunion des géants de la tech")
    en = make_document("003_en", "en", [
        "Tech giants meet",
        "Facebook and Twitter held a meeting on Friday.",
        "They shared their tactics. The elections are in November.",
        f"Hostile text: {HOSTILE}",
        "An extra English sentence.",
    ], title="Tech giants meet")
    ar = make_document("000_ar", "ar", [
        "شركات التكنولوجيا تجتمع",
        "عقدت فيسبوك وتويتر اجتماعًا يوم الجمعة.",
        "الانتخابات في نوفمبر 2018.",
    ], title="شركات التكنولوجيا تجتمع")
    fr_en = Alignment(
        source=fr, target=en, relation=PairRelation.PARALLEL, pair_score=0.93,
        links=(
            Link(("002_fr.s1",), ("003_en.s1",), 0.91),
            Link(("002_fr.s2",), ("003_en.s2",), 0.97),
            Link(("002_fr.s3", "002_fr.s4"), ("003_en.s3",), 0.88),
            Link(("002_fr.s5",), ("003_en.s4",), 0.42),
        ),
        source_mt={"002_fr.s2": "Facebook and Twitter organised a meeting on Friday."},
        target_mt={"003_en.s2": "Facebook et Twitter ont tenu une réunion vendredi."},
    )
    ar_en = Alignment(
        source=ar, target=en, relation=PairRelation.COMPARABLE, pair_score=0.55,
        links=(
            Link(("000_ar.s2",), ("003_en.s2",), 0.81),
            Link(("000_ar.s3",), ("003_en.s3",), 0.35),
        ),
    )
    ar_fr = Alignment(
        source=ar, target=fr, relation=PairRelation.COMPARABLE, pair_score=0.51,
        links=(Link(("000_ar.s2",), ("002_fr.s2",), 0.79),),
    )
    translations = (
        MachineTranslation(document_id="002_fr", lang="en",
                           sentences=tuple(f"[en] {s.text}" for s in fr.sentences),
                           model="translate-fr_en", model_version="1.9", route="direct",
                           created="2026-11-22T10:00:00Z", options="beam_size=2 device=cpu"),
        MachineTranslation(document_id="000_ar", lang="fr",
                           sentences=tuple(f"[fr] {s.text}" for s in ar.sentences),
                           model="translate-ar_en+translate-en_fr", model_version="1.0+1.9",
                           route="ar>en>fr", created="2026-11-22T10:00:00Z"),
    )
    multilinks = (
        MultiLink(members=(("000_ar", ("000_ar.s2",)), ("002_fr", ("002_fr.s2",)),
                           ("003_en", ("003_en.s2",))), score=0.79),
    )
    return AlignedCorpus(
        documents=(ar, fr, en),
        alignments=(fr_en, ar_en, ar_fr),
        signature="corpus:0.1.0|seg.rules:v1|align.max_bead:3|align.mt:both",
        created="2026-11-22T10:00:00Z",
        translations=translations,
        multilinks=multilinks,
    )
