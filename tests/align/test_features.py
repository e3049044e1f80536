
import numpy as np

from corpus.align import align_sentences, features
from corpus.align.vectors import (
    PUNCTUATION_KINDS,
    char_vectors,
    count_matrix,
    ngram_keys,
    number_keys,
    of_orders,
    punctuation_keys,
    word_keys,
    word_vectors,
)


def test_normalize_folds_case_accents_and_punctuation() -> None:
    assert features.normalize("L' Été ( BO ) , déjà !") == "l ete bo deja"
    assert features.normalize("ELEVÉ") == features.normalize("élevé")


def test_normalize_arabic_drops_diacritics_keeps_letters() -> None:
    assert features.normalize("كَتَبَ، الولد") == "كتب الولد"


def test_normalize_writes_digits_of_every_script_in_ascii() -> None:
    # Arabic-Indic, Persian, Devanagari and fullwidth digits: the year meets its Latin spelling.
    assert features.normalize("عام ٢٠١٨ و ۱۳۹۷ ९ ４５") == "عام 2018 و 1397 9 45"
    assert features.normalize_all(["قال في ٢٠١٨"]) == ["قال في 2018"]


def test_a_year_in_arabic_indic_digits_links_its_english_sentence() -> None:
    arabic = ["قال الوزير في عام ٢٠١٨ إن الشركة ستغلق", "وأضاف أن ٣٥ موظفا فقدوا وظائفهم",
              "ولم يعلق المتحدث على الأمر", "وبلغت الخسائر ١٢٠ مليون دولار"]
    english = ["The minister said in 2018 that the company would close.",
               "He added that 35 employees lost their jobs.", "The spokesman did not comment.",
               "Losses reached 120 million dollars."]
    links = {(b.src, b.tgt) for b in align_sentences(arabic, english, src_lang="ar",
                                                      tgt_lang="en") if b.src and b.tgt}
    assert {((0,), (0,)), ((1,), (1,)), ((3,), (3,))} <= links


def test_normalize_all_equals_normalize_per_text() -> None:
    # Compositions NFKC makes and casefold expands (Hangul jamo, kana voicing marks, Greek
    # ypogegrammeni, dotted capital I, ligatures), then random code points and marks.
    texts = ["\u1100\u1161\u11a8 한국어", "ΣΑΣ ᾳ ᾼ \u0345", "ｶﾞｷﾞ ﾊﾟ", "ǅungla", "İstanbul I\u0307",
             "ﬁ ﬀ ½ ² ß ẞ", "e\u0301\u0323 o\u0308", "ا\u064eل\u0651", "  ( BO ) , ", ""]
    rng = np.random.default_rng(7)
    marks = [0x0300, 0x0308, 0x0327, 0x0345, 0x064E, 0x3099, 0x20DD]
    for _ in range(300):
        codes = [int(c) if rng.random() < 0.7 else marks[int(c) % len(marks)]
                 for c in rng.integers(0x20, 0x2FFFF, size=int(rng.integers(0, 12)))]
        texts.append("".join(chr(c) for c in codes if not 0xD800 <= c < 0xE000))
    assert features.normalize_all(texts) == [features.normalize(t) for t in texts]


def test_tokens_any_script() -> None:
    assert features.tokens("Der Berg, 4 000 m hoch; جبل") == ["der", "berg", "4", "000", "m",
                                                             "hoch", "جبل"]


def test_numbers_normalised() -> None:
    assert features.numbers("1 000 Leute, 1,000 people, 1.000 Mann, ١٠٠٠ شخص") == [
        "1000", "1000", "1000", "1000"]
    assert features.numbers("3,5 km und 12.75 m am 9. September 1988") == [
        "3.5", "12.75", "9", "1988"]


def test_latin_names_skip_sentence_initial_word_but_keep_acronyms() -> None:
    assert features.latin_names("Yesterday Obama met NATO in Brüssel") == ["obama", "nato",
                                                                         "brussel"]
    assert features.latin_names("NASA said so") == ["nasa"]
    assert features.latin_names("قال أوباما إن NATO") == ["nato"]


def test_latin_names_written_against_chinese_or_arabic_letters_are_found() -> None:
    # No word boundary between a name and the Chinese around it; and among caseless letters a
    # sentence-initial capital is a name too.
    assert features.latin_names("Facebook网络安全负责人Nathaniel Gleicher召集了会议") == [
        "facebook", "nathaniel", "gleicher"]
    assert features.latin_names("Facebook تعقد اجتماعا مع شركات التكنولوجيا الكبرى") == [
        "facebook"]
    # Elided French articles still leave the name, as before.
    assert features.latin_names("Il a vu l'Europe et d'Obama, anti-NATO") == [
        "europe", "obama", "nato"]


def test_cognate_keys_meet_across_languages() -> None:
    de = set(features.cognate_keys("Die Expedition erreichte den Nationalpark 1988"))
    fr = set(features.cognate_keys("L'expédition atteignit le parc national en 1988"))
    assert {"expe", "nati", "1988"} <= de & fr


def test_length_in_characters_without_spaces() -> None:
    assert features.length_chars(" a b\tc ") == 3


def test_punctuation_keys_by_kind_in_every_script() -> None:
    rows, kinds = punctuation_keys(["Was? « Nein! »", "a\tb, c.", "لماذا؟ (50 ٪)", ""])
    assert rows.tolist() == [0, 0, 0, 0, 2, 2, 2, 2]
    question, exclamation, brackets, percent, quotes = (PUNCTUATION_KINDS[m]
                                                        for m in "?!(%«")
    assert kinds.tolist() == [question, quotes, exclamation, quotes,
                              question, brackets, percent, brackets]
    assert PUNCTUATION_KINDS["؟"] == question and PUNCTUATION_KINDS["»"] == quotes
    # A typographic apostrophe inside a word is no quotation mark; around a quote it is.
    _, kinds = punctuation_keys(["L’homme d’affaires l’a dit.", "‘Yes’, it’s John’s."])
    assert kinds.tolist() == [quotes, quotes]
    # Chinese title marks are quotes, 【】 brackets; `...` is one ellipsis, as `…` is.
    _, kinds = punctuation_keys(["《人民日报》【北京】", "Nie ... mehr …", "a....b"])
    assert kinds.tolist() == [quotes, quotes, brackets, brackets] + [PUNCTUATION_KINDS["…"]] * 3


def test_vectors_group_sum_is_the_vector_of_the_joined_text() -> None:
    left = ["le chat dort", "le chien aboie"]
    right = ["le chat dort le chien aboie"]
    a, b = word_vectors(left, right)
    assert (a[0] + a[1] - b[0]).count_nonzero() == 0
    ca, cb = char_vectors(["chat"], ["chat", "xyz"], 2, 4)
    assert ca.shape[1] == cb.shape[1]
    assert (ca[0] - cb[0]).count_nonzero() == 0


def test_each_chinese_or_japanese_character_is_a_word() -> None:
    text = features.normalize("今天天气很好，Facebook 2018年。東京タワー")
    assert features.tokens(text) == ["今", "天", "天", "气", "很", "好", "facebook", "2018", "年",
                                     "東", "京", "タ", "ワ", "ー"]
    # The aligner's vectorised words are the same tokens: as if they were spaced out.
    spaced = word_keys([" ".join(features.tokens(text))])
    assert all((a == b).all() for a, b in zip(word_keys([text]), spaced, strict=True))
    # MT that words a sentence a little differently still shares words with it: before, a
    # sentence without spaces was one "word", and the guide pass's word channel saw nothing.
    a, b = word_vectors(["今天天气很好。"], ["今天天气不错。", "我们去公园散步吧。"])
    cos = (a @ b.T).toarray()[0] / (np.linalg.norm(a.toarray()) *
                                     np.linalg.norm(b.toarray(), axis=1))
    assert cos[0] > 0.3 and cos[1] == 0.0


def test_word_keys_hash_each_word_the_same_wherever_it_stands() -> None:
    rows, keys = word_keys(["ab cd", "ab", "", "x cd ab"])
    assert rows.tolist() == [0, 0, 1, 3, 3, 3]
    ab, cd = keys[0], keys[1]
    assert keys[2] == ab and keys[4] == cd and keys[5] == ab
    assert len({int(k) for k in keys}) == 3  # ab, cd, x


def test_ngram_keys_rows_sorted_orders_recoverable_and_counts_summed() -> None:
    rows, keys = ngram_keys(["ab", "abab"], 2, 3)
    assert rows.tolist() == sorted(rows.tolist())
    # " ab " has 3 bigrams and 2 trigrams; " abab " 5 bigrams and 4 trigrams.
    assert rows.tolist().count(0) == 5 and rows.tolist().count(1) == 9
    trigram_rows, _ = of_orders((rows, keys), 3)
    assert trigram_rows.tolist() == [0, 0, 1, 1, 1, 1]
    matrix = count_matrix(rows, keys.astype(np.int64) % 97, 2, 97)
    assert matrix.sum(axis=1).tolist() == [[5.0], [9.0]]
    assert matrix.has_canonical_format  # duplicates summed: "ab" counted twice in row 1
    assert matrix[1].max() == 2.0


def test_length_chars_ignores_every_kind_of_space() -> None:
    assert features.length_chars("a\u00a0b\u2009c\u3000d\n") == 4


def test_number_keys_meet_by_their_digits() -> None:
    rows, keys = number_keys(["Im Jahr 1988 kostete es 1'000 Fr. und 3,5 %",
                              "En 1988, 1.000 fr. et 3.5 %.", "عام ١٩٨٨", "no number", "x²"])
    assert rows.tolist() == [0, 0, 0, 1, 1, 1, 2]
    assert keys[:3].tolist() == keys[3:6].tolist()  # 1988, 1'000 / 1.000, 3,5 / 3.5
    assert keys[6] == keys[0]  # Arabic-Indic digits are digits
    assert len(set(keys[:3].tolist())) == 3
