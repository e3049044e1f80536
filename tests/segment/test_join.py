import pytest

from corpus.align.pairio import render
from corpus.model import Bead
from corpus.segment.join import join_sentences


@pytest.mark.parametrize(("sentences", "joined"), [
    (["今天很好。", "我们走吧！"], "今天很好。我们走吧！"),
    (["他说：“好的。”", "我们走吧。"], "他说：“好的。”我们走吧。"),
    (["東京です。", "「はい」と言った。"], "東京です。「はい」と言った。"),
    (["Hello.", "World."], "Hello. World."),
    (["東京です。", "Tokyo is sunny."], "東京です。 Tokyo is sunny."),
    (["It said 好.", "Yes."], "It said 好. Yes."),  # a Latin mark ends the Latin sentence
    (["مرحبا.", "شكرا."], "مرحبا. شكرا."),
    (["one"], "one"),
    ([], ""),
])
def test_a_space_between_sentences_except_between_cjk_ones(sentences: list[str],
                                                             joined: str) -> None:
    assert join_sentences(sentences) == joined


def test_tsv_and_json_join_cjk_sentences_without_a_space() -> None:
    src, tgt = ["Es regnet. Wir bleiben."], ["下雨了。", "我们留下。"]
    beads = [Bead((0,), (0, 1), 0.9)]
    assert render(beads, src, tgt, "tsv") == "Es regnet. Wir bleiben.\t下雨了。我们留下。\t0.9000\n"
    assert '"tgt_text": "下雨了。我们留下。"' in render(beads, src, tgt, "json")
