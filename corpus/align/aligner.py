"""`align_sentences`: the whole sentence-alignment flow for one pair of texts."""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import cache

import numpy as np

from corpus.align.beads import BeadType, Pair, bead_types
from corpus.align.channels import (
    LEXICON_WEIGHT,
    build_channels,
    cognate_channel,
    number_channel,
    punctuation_channel,
)
from corpus.align.costs import CostModel
from corpus.align.evidence import (
    chance_similarity,
    lengths_in_order,
    linked_beyond_chance,
    placed_beyond_chance,
    placed_or_in_order,
)
from corpus.align.features import length_chars
from corpus.align.lexicon import lexical_vectors
from corpus.align.margin import chance_links
from corpus.align.refine import BeadFScore, absorb_lone_sentences, lone_neighbourhood
from corpus.align.reorder import Move, Rules, recover_links
from corpus.align.scoring import bead_features, link_features, link_probability
from corpus.align.search import Path, monotone_path
from corpus.align.settings import DEFAULT_SETTINGS, AlignSettings
from corpus.align.similarity import Channel, GroupSimilarity
from corpus.align.vectors import Keys
from corpus.errors import InputError
from corpus.model import Bead

Embeddings = tuple[np.ndarray, np.ndarray]  # (source rows, target rows), one per sentence
# Share of the first pass's 1-1 links, by similarity, that teach the lexicon and length variance.
CONFIDENT_SHARE = 0.5
SHARED_ALPHABET = 0.5  # share of letters found across that makes two texts one script
GUIDE_MAX_BEAD = 3  # bead shapes of the first, whole-lattice pass: up to 1-3, 3-1, 2-2


def shared_alphabet(src: Sequence[str], tgt: Sequence[str]) -> bool:
    """Whether most letters written on each side are letters the other side uses (one script).

    Counted by occurrence, so the Latin acronyms of an Arabic text do not make it Latin.
    """
    counts = [Counter(ch for ch in "".join(side).casefold() if ch.isalpha()) for side in (src, tgt)]
    shares = [sum(c for ch, c in mine.items() if ch in other) / max(1, sum(mine.values()))
              for mine, other in ((counts[0], counts[1]), (counts[1], counts[0]))]
    return min(shares) >= SHARED_ALPHABET


def _letters_and_digits(sentence: str) -> int:
    return sum(map(str.isalnum, sentence))


def _reordered(model: CostModel, pairs: list[Pair], src: Sequence[str], tgt: Sequence[str],
               settings: AlignSettings) -> list[Pair]:
    """The path with the out-of-order links (`reorder.py`) whose calibrated score is high.

    With sentence embeddings links stay whole: a quarter of the right members of dev's
    merged links add no more to their link than glued debris, and the embeddings give loosely
    related sentences enough similarity to find such a member a partner elsewhere (dev without
    MT 0.870 -> 0.829 when members could leave).
    """
    def eligible(side: Sequence[str]) -> Callable[[int], bool]:
        # Asked of the candidates only, once each (the pass asks again every round): counting
        # every sentence's letters costs 0.15 s at x8.
        @cache
        def ok(i: int) -> bool:
            return _letters_and_digits(side[i]) >= settings.reorder_min_chars

        return ok

    member_gain, weak_link = settings.reorder_member_gain, settings.reorder_weak_link
    if not all(c.textual for c in model.similarity.channels):
        member_gain = weak_link = None

    def confident(moves: list[Move]) -> list[bool]:
        found = link_probability(link_features(model, [(m.src.sentence,) for m in moves],
                                               [(m.tgt.sentence,) for m in moves]),
                                 np.ones(len(moves), dtype=bool))
        return list(found >= settings.reorder_min_probability)

    rules = Rules(settings.reorder_min_similarity, eligible(src), eligible(tgt), member_gain,
                  weak_link, settings.reorder_window)
    return recover_links(pairs, model.similarity, rules, confident)


def _check_mt(name: str, mt: Sequence[str] | None, side: Sequence[str]) -> None:
    if mt is not None and len(mt) != len(side):
        raise InputError(f"{name} has {len(mt)} sentences but the text it translates has "
                         f"{len(side)}")


def _checked_embeddings(src_emb: np.ndarray | None, tgt_emb: np.ndarray | None, n: int,
                        m: int) -> Embeddings | None:
    if src_emb is None and tgt_emb is None:
        return None
    if src_emb is None or tgt_emb is None:
        raise InputError("sentence embeddings are needed for both sides or for neither")
    for name, emb, count in (("source", src_emb, n), ("target", tgt_emb, m)):
        if emb.ndim != 2 or emb.shape[0] != count:
            raise InputError(f"{name} embeddings have shape {emb.shape} but the text has "
                             f"{count} sentences")
    if src_emb.shape[1] != tgt_emb.shape[1]:
        raise InputError(f"source and target embeddings differ in size ({src_emb.shape[1]} and "
                         f"{tgt_emb.shape[1]}): they must come from one model")
    return src_emb, tgt_emb


def _unlinked(kind: BeadType, i: int, j: int) -> Path:
    """The step of `kind` ending at (i, j) as 1-0 then 0-1 steps between the same corners."""
    return ([(BeadType.DELETE, i - kind.src + d, j - kind.tgt) for d in range(1, kind.src + 1)]
            + [(BeadType.INSERT, i, j - kind.tgt + d) for d in range(1, kind.tgt + 1)])


def _without_chance_links(model: CostModel, path: Path) -> Path:
    """A comparable `path` with the links `margin.chance_links` calls chance taken apart: two
    unrelated texts get a chain of the best-matching strangers, few of which stand out."""
    pairs = _pairs(path)
    links = [k for k, (s, t) in enumerate(pairs) if s and t]
    chance = chance_links(model.similarity, [pairs[k] for k in links])
    dropped = {k for k, weak in zip(links, chance, strict=True) if weak}
    return [step for k, (kind, i, j) in enumerate(path)
            for step in (_unlinked(kind, i, j) if k in dropped else [(kind, i, j)])]


def _pairs(path: Path) -> list[Pair]:
    return [(tuple(range(i - k.src, i)), tuple(range(j - k.tgt, j))) for k, i, j in path]


def _confident_links(model: CostModel, path: Path) -> list[tuple[int, int]]:
    ones = [(i - 1, j - 1) for k, i, j in path if k is BeadType.ONE_ONE]
    if not ones:
        return []
    sims = model.similarity.of_beads([(i,) for i, _ in ones], [(j,) for _, j in ones])
    cut = np.quantile(sims, 1 - CONFIDENT_SHARE)
    return [p for p, s in zip(ones, sims, strict=True) if s >= cut]


def _text_variance(model: CostModel, links: list[tuple[int, int]]) -> float | None:
    """Variance of the length difference per source character, from the text's own links."""
    if len(links) < 10:
        return None
    src = np.array([model.src_cum[i + 1] - model.src_cum[i] for i, _ in links])
    tgt = np.array([model.tgt_cum[j + 1] - model.tgt_cum[j] for _, j in links])
    scale = np.maximum((src + tgt / model.ratio) / 2, 1.0)
    return float(max(np.mean((tgt - model.ratio * src) ** 2 / scale), 1.0))


def _across_scripts(model: CostModel, requested: AlignSettings,
                    types: Sequence[BeadType]) -> CostModel:
    """`model` with the costs of one script if the pair reads as a translation, else as it is.

    Across two scripts without MT the default costs are cautious (skips cheaper than a link
    with nothing shared), which keeps two reports of a story from being linked by position but
    leaves a translation almost unlinked (Text+Berg test with its French in Cyrillic: 0.064).
    Whether sentence lengths follow each other in order (`evidence.lengths_in_order`, on the
    texts' own channels so that embeddings do not change the decision) tells a translation,
    which then gets the costs of one script, lexicon pass included.
    """
    parallel = replace(requested.without_mt(True), pair_kind="parallel")
    sim, src_len, tgt_len = model.similarity, np.diff(model.src_cum), np.diff(model.tgt_cum)
    textual = GroupSimilarity([c for c in sim.channels if c.textual], sim.max_src, sim.max_tgt)
    if not lengths_in_order(CostModel(textual, src_len, tgt_len, parallel), types):
        return model
    return CostModel(sim, src_len, tgt_len, parallel)


def score_beads(model: CostModel, pairs: list[Pair]) -> list[Bead]:
    """Beads with their calibrated probability of being right."""
    scores = bead_features(model, pairs).scores(len(pairs))
    return [Bead(s, t, float(round(p, 6))) for (s, t), p in zip(pairs, scores, strict=True)]


def _comparable(model: CostModel, mt_given: bool, one_language: bool, order_asked: bool,
                path: Path, types: Sequence[BeadType]) -> bool:
    """Whether a pair gets the comparable costs (`evidence.py`); `model` prices the guide path
    with the channels that may judge.

    Decided from the texts only without MT: with MT the tests also fire on translations by a
    weak MT system (docs/DESIGN.md), so there the comparable costs must be asked for. Two
    versions in one language are judged by the share of links at chance similarity, two
    languages by where the links sit against their shifts, and a short pair of one script also
    by its order (across scripts the order test has already been asked, `_across_scripts`).
    """
    settings = model.settings
    if settings.pair_kind != "auto":
        return settings.pair_kind == "comparable"
    if mt_given:
        return False
    links = [p for p in _pairs(path) if p[0] and p[1]]
    src, tgt = [s for s, _ in links], [t for _, t in links]
    if one_language:
        return not linked_beyond_chance(model.similarity, src, tgt)
    if order_asked:
        return not placed_beyond_chance(model.similarity, src, tgt)
    return not placed_or_in_order(model, src, tgt, types)


def build_model(src: Sequence[str], tgt: Sequence[str], src_mt: Sequence[str] | None,
                tgt_mt: Sequence[str] | None, settings: AlignSettings,
                same_language: bool, names: bool = False,
                embeddings: Embeddings | None = None) -> tuple[CostModel, Keys, Keys]:
    """The cost model of all channels, and both sides' word keys for the lexicon pass."""
    types = bead_types(settings.max_bead)
    channels, src_words, tgt_words = build_channels(src, tgt, src_mt, tgt_mt, settings,
                                                  same_language, names, embeddings)
    similarity = GroupSimilarity(channels, max(t.src for t in types), max(t.tgt for t in types))
    model = CostModel(similarity, np.array([length_chars(s) for s in src]),
                      np.array([length_chars(t) for t in tgt]), settings)
    return model, src_words, tgt_words


def _with_channels(model: CostModel, channels: Sequence[Channel],
                   variance: float | None) -> CostModel:
    sim = model.similarity
    return CostModel(GroupSimilarity(channels, sim.max_src, sim.max_tgt), np.diff(model.src_cum),
                     np.diff(model.tgt_cum), model.settings, variance)


def solve(src: Sequence[str], tgt: Sequence[str], *, src_lang: str, tgt_lang: str,
          src_mt: Sequence[str] | None = None, tgt_mt: Sequence[str] | None = None,
          settings: AlignSettings = DEFAULT_SETTINGS, embeddings: Embeddings | None = None
          ) -> tuple[CostModel, list[Pair]]:
    """The unscored beads of `align_sentences` and the model that priced them (for calibration).

    Both sides must be non-empty. Two passes: the cheap guide channels (words of the MT, or of
    the texts in one language; all channels across languages without MT) search the whole
    lattice coarse-to-fine; then every channel, plus the
    lexicon learnt from the first path, prices a narrow band around that path.
    """
    types = bead_types(settings.max_bead)
    mt_given = ((src_mt is not None and settings.use_src_mt)
                or (tgt_mt is not None and settings.use_tgt_mt))
    names = False  # name skeletons: only across two scripts, where nothing else bridges names
    requested = settings  # before the costs of a regime replace its constants
    one_language = src_lang == tgt_lang
    if one_language:
        settings = settings.same_language()
    elif not mt_given:
        shared = shared_alphabet(src, tgt)
        names = not shared
        settings = settings.without_mt(shared or settings.pair_kind == "parallel")
    model, src_words, tgt_words = build_model(src, tgt, src_mt, tgt_mt, settings,
                                            one_language, names, embeddings)
    # The first path only guides the band and teaches the lexicon: small beads suffice there.
    guide_types = bead_types(min(settings.max_bead, GUIDE_MAX_BEAD))
    if names and settings.pair_kind == "auto":
        model = _across_scripts(model, requested, guide_types)
        settings = model.settings
    channels = list(model.similarity.channels)
    guide = [c for c in channels if c.guide]
    first = _with_channels(model, guide, None) if guide else model
    path = monotone_path(first, guide_types)
    # Sentence embeddings stay out of the parallel-or-comparable test and the comparable search
    # where the texts' own channels can judge (one script, or MT): multilingual-e5-small finds
    # short lines alike (a French caption and `About the author` at 0.25 on the seeds), and in a
    # comparable pair those are what is left once the counterparts are linked. Across scripts
    # without MT they are the only bridge besides names, and stay.
    judged = model.similarity
    textual = [c for c in channels if c.textual]
    if not names and len(textual) < len(channels):
        judged = GroupSimilarity(textual, judged.max_src, judged.max_tgt)
    judged_model = CostModel(judged, np.diff(model.src_cum), np.diff(model.tgt_cum), settings)
    if _comparable(judged_model, mt_given, one_language, names, path, guide_types):
        # Comparable articles: the parallel costs linked by position, and a lexicon taught by
        # those links would be noise. Search again, linking only what beats chance.
        similarity = judged
        if not mt_given:
            similarity = GroupSimilarity([*similarity.channels, cognate_channel(src, tgt)],
                                         similarity.max_src, similarity.max_tgt)
        settings = settings.comparable(chance_similarity(similarity), one_language)
        model = CostModel(similarity, np.diff(model.src_cum), np.diff(model.tgt_cum), settings,
                          ratio=1.0)
        path = _without_chance_links(model, monotone_path(model, types))
    else:
        variance = None
        # Punctuation and numbers, for a translation without MT: not across two scripts unless
        # the pair reads as a translation (`_across_scripts`), where the cautious costs would
        # let a shared question mark or year link two sentences of two reports.
        if not (mt_given or one_language) and (not names or settings.pair_kind == "parallel"):
            channels += [punctuation_channel(src, tgt), number_channel(src, tgt)]
        if settings.bootstrap_lexicon:
            links = _confident_links(first, path)
            channels.append(Channel(*lexical_vectors(src_words, len(src), tgt_words, len(tgt),
                                                     links), LEXICON_WEIGHT))
            variance = _text_variance(first, links)
        if len(channels) > len(first.similarity.channels):
            model = _with_channels(model, channels, variance)
            # The second pass only corrects the first locally: a band around its path suffices.
            path = monotone_path(model, types, guide=path)
    pairs = _pairs(path)
    if settings.refine_merges and (mt_given or one_language):
        # In one language the source is its own rendering in the target's language.
        forward = src if one_language and not mt_given else (
            src_mt if settings.use_src_mt else None)
        score = BeadFScore(src, tgt, forward, tgt_mt if settings.use_tgt_mt else None,
                           *lone_neighbourhood(pairs))
        pairs = absorb_lone_sentences(pairs, score, max(t.src + t.tgt for t in types))
    if settings.reorder:
        pairs = _reordered(model, pairs, src, tgt, settings)
    return model, pairs


def _written(side: Sequence[str]) -> list[int]:
    """Indices of the lines that hold text (not empty, not only white space)."""
    return [i for i, line in enumerate(side) if line.strip()]


def with_blank_lines(beads: Sequence[Bead], src_kept: Sequence[int], tgt_kept: Sequence[int],
                     n_src: int, n_tgt: int) -> list[Bead]:
    """Beads over the lines with text, renumbered to all `n_src` and `n_tgt` lines, with every
    blank line a 1-0 or 0-1 bead of its own (score 1: surely no counterpart), placed before the
    first bead that comes after it on its side.

    Ladder and gold files (Vecalign, Bleualign) number every line, so a blank line keeps its
    index; it is never part of a link, as it says nothing a counterpart could say.
    """
    blank_src = deque(sorted(set(range(n_src)) - set(src_kept)))
    blank_tgt = deque(sorted(set(range(n_tgt)) - set(tgt_kept)))
    out: list[Bead] = []
    for bead in beads:
        src, tgt = tuple(src_kept[i] for i in bead.src), tuple(tgt_kept[j] for j in bead.tgt)
        while blank_src and src and blank_src[0] < src[0]:
            out.append(Bead((blank_src.popleft(),), ()))
        while blank_tgt and tgt and blank_tgt[0] < tgt[0]:
            out.append(Bead((), (blank_tgt.popleft(),)))
        out.append(Bead(src, tgt, bead.score))
    out.extend(Bead((i,), ()) for i in blank_src)
    out.extend(Bead((), (j,)) for j in blank_tgt)
    return out


def align_sentences(src: Sequence[str], tgt: Sequence[str], *, src_lang: str, tgt_lang: str,
                    src_mt: Sequence[str] | None = None, tgt_mt: Sequence[str] | None = None,
                    settings: AlignSettings = DEFAULT_SETTINGS,
                    src_emb: np.ndarray | None = None, tgt_emb: np.ndarray | None = None
                    ) -> list[Bead]:
    """Align two sentence lists; beads follow the monotone path (see `reorder` for extra links).

    `src_mt[i]` translates `src[i]` into `tgt_lang`, `tgt_mt[j]` translates `tgt[j]` into
    `src_lang`; either, both or neither may be given. `src_emb` and `tgt_emb` (both or neither)
    hold one sentence embedding a row from one multilingual model (`corpus.embed`). Every bead's
    score is the calibrated probability that it is right. Blank lines (one-sentence-a-line input
    keeps paragraph breaks) are aligned around, never linked (`with_blank_lines`).
    """
    _check_mt("source MT", src_mt, src)
    _check_mt("target MT", tgt_mt, tgt)
    embeddings = _checked_embeddings(src_emb, tgt_emb, len(src), len(tgt))
    src_kept, tgt_kept = _written(src), _written(tgt)
    if len(src_kept) < len(src) or len(tgt_kept) < len(tgt):
        beads = align_sentences(
            [src[i] for i in src_kept], [tgt[j] for j in tgt_kept], src_lang=src_lang,
            tgt_lang=tgt_lang, settings=settings,
            src_mt=None if src_mt is None else [src_mt[i] for i in src_kept],
            tgt_mt=None if tgt_mt is None else [tgt_mt[j] for j in tgt_kept],
            src_emb=None if embeddings is None else embeddings[0][src_kept],
            tgt_emb=None if embeddings is None else embeddings[1][tgt_kept])
        return with_blank_lines(beads, src_kept, tgt_kept, len(src), len(tgt))
    if not src or not tgt:
        return ([Bead((i,), (), 1.0) for i in range(len(src))]
                + [Bead((), (j,), 1.0) for j in range(len(tgt))])
    model, pairs = solve(src, tgt, src_lang=src_lang, tgt_lang=tgt_lang, src_mt=src_mt,
                         tgt_mt=tgt_mt, settings=settings, embeddings=embeddings)
    return score_beads(model, pairs)
