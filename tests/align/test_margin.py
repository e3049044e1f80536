"""Ratio margins and the relatedness test of comparable pairs (`corpus.align.margin`)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from corpus.align import align_sentences
from corpus.align.margin import MIN_TESTED_LINKS, chance_links, ratio_margins
from corpus.align.similarity import Channel, GroupSimilarity
from corpus.align.vectors import char_vectors
from corpus.read import read_document
from tests.conftest import SEEDS, TEXTBERG

SENTENCES = [
    "The mountain guide climbed the north face in 1988.",
    "Snow fell heavily during the whole night near the hut.",
    "Three young climbers waited for the helicopter at dawn.",
    "Parliament voted on the new budget for public railways.",
    "Cheese exports rose sharply compared with the last quarter.",
    "The orchestra will perform Mozart symphonies at the festival.",
]


def similarity(src: list[str], tgt: list[str]) -> GroupSimilarity:
    return GroupSimilarity([Channel(*char_vectors(src, tgt, 3, 4), 1.0)], 2, 2)


def test_a_counterpart_stands_out_and_a_stranger_among_alike_sentences_does_not() -> None:
    sim = similarity(SENTENCES, SENTENCES)
    assert (ratio_margins(sim, [((i,), (i,)) for i in range(6)]) > 3).all()
    # Four near copies of one sentence: linking one of them is no better than the others.
    copies = [f"The guide climbed the north face in 198{d}." for d in range(4)]
    sim = similarity(copies + SENTENCES[3:], copies + SENTENCES[3:])
    crowd = ratio_margins(sim, [((0,), (1,))])[0]
    assert 0.5 < crowd < 1.5


def test_a_merged_link_is_judged_by_its_most_similar_pair() -> None:
    sim = similarity(SENTENCES, SENTENCES)
    whole = ratio_margins(sim, [((2,), (2, 3))])[0]
    assert whole == pytest.approx(ratio_margins(sim, [((2,), (2,))])[0])


def test_few_links_are_never_called_chance() -> None:
    sim = similarity(SENTENCES, list(reversed(SENTENCES)))
    links = [((i,), (i,)) for i in range(6)]
    assert len(links) < MIN_TESTED_LINKS
    assert chance_links(sim, links) == [False] * 6


@pytest.mark.skipif(not (TEXTBERG / "docs").is_dir(), reason="Text+Berg data not available")
def test_two_unrelated_articles_keep_only_links_that_stand_out() -> None:
    # Two mountaineering articles, German and French, without MT: the comparable search linked
    # 99 pairs of strangers (81 scored above 0.8) before the test.
    docs = TEXTBERG / "docs"
    de = (docs / "dev.de").read_text(encoding="utf-8").splitlines()
    fr = (docs / "test1.fr").read_text(encoding="utf-8").splitlines()
    links = [b for b in align_sentences(de, fr, src_lang="de", tgt_lang="fr") if b.src and b.tgt]
    assert len(links) <= 5


@pytest.mark.parametrize(("first", "second", "count"), [("002", "003", 6), ("002", "004", 7),
                                                         ("003", "004", 7)])
def test_the_seeds_comparable_reports_keep_their_links(first: str, second: str,
                                                        count: int) -> None:
    a, b = (read_document(next(Path(SEEDS).glob(f"{k}_*.txt"))) for k in (first, second))
    beads = align_sentences(a.sentence_texts(), b.sentence_texts(), src_lang=a.lang,
                            tgt_lang=b.lang)
    assert sum(1 for x in beads if x.src and x.tgt) == count


def test_the_aligner_imports_without_scipy_stats() -> None:
    """The binomial tail comes from scipy.special: scipy.stats took 1.7 s to import."""
    script = ("import sys\nimport corpus.align.aligner\n"
              "assert 'scipy.stats' not in sys.modules, 'scipy.stats imported'\n")
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          check=False)
    assert proc.returncode == 0, proc.stderr
