"""The numeric kernels of the aligner against plain reference implementations."""

import numpy as np
import pytest
import scipy.sparse as sp

from corpus.align import AlignSettings, BeadType, bead_types
from corpus.align.aligner import build_model
from corpus.align.costs import CostModel
from corpus.align.dp import Band, cheapest_path, fill_and_trace
from corpus.align.features import normalize_all
from corpus.align.search import monotone_path
from corpus.align.similarity import Channel, GroupSimilarity, group_sq_norms
from corpus.align.vectors import count_matrix, ngram_keys, prefix_keys, word_keys


def _reference_cost(n, m, band, types, costs, delete, insert):
    """Cheapest path cost by the textbook cell-by-cell recursion, in the band only."""
    def inside(i, j):
        return 0 <= i <= n and band.offsets[i] <= j < band.offsets[i] + band.widths[i] and j <= m

    best = np.full((n + 1, m + 1), np.inf)
    best[0, 0] = 0.0
    for i in range(n + 1):
        for j in range(band.offsets[i], min(m, band.offsets[i] + band.widths[i] - 1) + 1):
            if (i, j) == (0, 0):
                continue
            options = []
            if i >= 1 and inside(i - 1, j):
                options.append(best[i - 1, j] + delete[i - 1])
            if j >= 1 and inside(i, j - 1):
                options.append(best[i, j - 1] + insert[j - 1])
            for t in types:
                if i >= t.src and j >= t.tgt and inside(i - t.src, j - t.tgt):
                    options.append(best[i - t.src, j - t.tgt] + costs[t][i, j])
            best[i, j] = min(options, default=np.inf)
    return best[n, m]


def _path_cost(path, costs, delete, insert):
    total = 0.0
    for kind, i, j in path:
        if kind is BeadType.DELETE:
            total += delete[i - 1]
        elif kind is BeadType.INSERT:
            total += insert[j - 1]
        else:
            total += costs[kind][i, j]
    return total


@pytest.mark.parametrize("seed", range(10))
def test_dp_finds_the_cheapest_path_in_the_band(seed: int) -> None:
    rng = np.random.default_rng(seed)
    # Seeds 6 to 9: several row blocks, priced ahead in threads.
    low, high = (5, 40) if seed < 6 else (300, 400)
    n, m = int(rng.integers(low, high)), int(rng.integers(low, high))
    types = bead_types(int(rng.integers(1, 5)))
    costs = {t: rng.uniform(0, 3, (n + 1, m + 1)) for t in types}
    delete, insert = rng.uniform(1, 3, n), rng.uniform(1, 3, m)
    if seed >= 8:  # rows of their own widths, one of them most of the text wide
        widths = rng.integers(6, 30, n + 1)
        widths[n // 2] = m // 2
        widths = np.minimum(widths, m + 1)
        centre = np.arange(n + 1) * m / n
        offsets = np.clip(np.round(centre - widths / 2), 0, m + 1 - widths).astype(np.int64)
        band = Band(offsets, widths)
        band.offsets[0] = 0
        assert len(band.row_blocks()) > len(range(1, n + 1, 192))  # sized by cells, not rows
    elif seed % 2:  # a band of width 12 along the diagonal
        width = min(12, m + 1)
        offsets = np.clip(np.round(np.arange(n + 1) * m / n) - width // 2, 0, m + 1 - width)
        band = Band.uniform(offsets.astype(np.int64), width)
        band.offsets[0] = 0
    else:
        band = Band.full(n, m)

    def block(i0, i1):
        rows = np.arange(i0, i1)[:, None]
        cols = np.minimum(band.offsets[rows] + np.arange(band.widest), m)
        return {t: c[rows, cols] for t, c in costs.items()}

    path, cost = cheapest_path(n, m, band, types, block, delete, insert)
    assert path == fill_and_trace(n, m, band, types, block, delete, insert)
    assert cost == pytest.approx(_path_cost(path, costs, delete, insert), rel=1e-9)
    assert (path[-1][1], path[-1][2]) == (n, m)
    steps = [(0, 0)] + [(i, j) for _, i, j in path]
    for (kind, i, j), (pi, pj) in zip(path, steps, strict=False):
        assert (i - pi, j - pj) == (kind.src, kind.tgt)
    assert _path_cost(path, costs, delete, insert) == pytest.approx(
        _reference_cost(n, m, band, types, costs, delete, insert), rel=1e-9)


def test_bead_similarity_from_kept_band_dots_equals_direct() -> None:
    rng = np.random.default_rng(3)
    words = [f"w{k}" for k in range(400)]
    src = [" ".join(rng.choice(words, 9)) for _ in range(300)]
    tgt = [" ".join(rng.choice(words, 9)) for _ in range(310)]
    settings = AlignSettings(full_matrix_cells=10_000)
    model, _, _ = build_model(src, tgt, None, None, settings, same_language=True)
    types = bead_types(settings.max_bead)
    path = monotone_path(model, types)
    direct = GroupSimilarity(model.similarity.channels, 4, 4)  # has searched no band
    groups = [(tuple(range(i - k.src, i)), tuple(range(j - k.tgt, j)))
              for k, i, j in path if k.src and k.tgt]
    far = [((0,), (309,)), ((298, 299), ())]  # outside any band, and an empty group
    far += [((5, 7), (6,)), ((40,), (40, 43))]  # groups with a gap (the out-of-order pass's)
    src_groups = [s for s, _ in groups + far]
    tgt_groups = [t for _, t in groups + far]
    assert model.similarity.of_beads(src_groups, tgt_groups) == pytest.approx(
        direct.of_beads(src_groups, tgt_groups), abs=1e-6)
    channels = model.similarity.channels
    total = sum(c.weight for c in channels)
    for s, t in far[2:]:
        cosines = []
        for c in channels:
            a = np.asarray(c.src[list(s)].sum(axis=0)).ravel()
            b = np.asarray(c.tgt[list(t)].sum(axis=0)).ravel()
            cosines.append(c.weight * (a @ b) / np.sqrt((a @ a) * (b @ b)) / total)
        assert direct.of_beads([s], [t])[0] == pytest.approx(sum(cosines), abs=1e-5)


def test_a_channel_with_another_target_keeps_only_the_source_norms() -> None:
    rng = np.random.default_rng(3)
    src, tgt = (sp.csr_matrix(rng.poisson(0.3, (9, 20)).astype(np.float32)) for _ in range(2))
    channel = Channel(src, tgt, 1.0)
    source_norms = channel.group_norms("src", 2)
    channel.group_norms("tgt", 2)
    order = rng.permutation(9)
    moved = channel.with_target(tgt[order])
    assert moved.group_norms("src", 2) is source_norms
    np.testing.assert_allclose(moved.group_norms("tgt", 2),
                               Channel(src, tgt[order], 1.0).group_norms("tgt", 2))


def test_group_sq_norms_match_dense_group_sums() -> None:
    rng = np.random.default_rng(5)
    dense = rng.uniform(0, 1, (40, 30)) * (rng.uniform(0, 1, (40, 30)) < 0.2)
    matrix = sp.csr_matrix(dense.astype(np.float32))
    out = group_sq_norms(matrix, 4)
    for g in range(1, 5):
        for i in range(g, 41):
            assert out[g, i] == pytest.approx(np.sum(dense[i - g:i].sum(axis=0) ** 2), rel=1e-4)
        assert np.isnan(out[g, :g]).all()


def test_count_matrix_counts_and_sorts_each_row() -> None:
    rng = np.random.default_rng(6)
    rows = np.sort(rng.integers(0, 50, 2000))
    columns = rng.integers(0, 70, 2000)
    matrix = count_matrix(rows, columns, 52, 70)
    expected = np.zeros((52, 70))
    np.add.at(expected, (rows, columns), 1)
    assert matrix.has_canonical_format
    assert np.array_equal(matrix.toarray(), expected)


def test_ngram_keys_of_texts_shorter_than_the_order() -> None:
    # Punctuation normalises to nothing: only the padding spaces are left, and orders longer
    # than the padded text have no n-grams (this raised before).
    rows, keys = ngram_keys(normalize_all([":"]), 1, 6)
    assert sorted(int(k) & 7 for k in keys) == [1, 1, 2]
    rows, keys = ngram_keys(normalize_all(["ab"]), 1, 6)  # " ab ": word boundaries count
    assert sorted(int(k) & 7 for k in keys) == [1, 1, 1, 1, 2, 2, 2, 3, 3, 4]
    assert set(rows.tolist()) == {0}


def test_prefix_keys_are_cognate_prefixes_and_whole_numbers() -> None:
    texts = normalize_all(["Des représentants, en 2018 : 13 466 vues.",
                        "The representatives in 2018 had 13,466 views"])
    rows, keys = prefix_keys(texts, 4)
    french, english = set(keys[rows == 0]), set(keys[rows == 1])
    # repr(esentants), 2018, 13, 466 are shared; vues/views differ at the third letter; short
    # words (des, en, the, in, had) are left out.
    assert len(french & english) == 4
    assert np.sum(rows == 0) == 5 and np.sum(rows == 1) == 5
    _, whole = prefix_keys(normalize_all(["20181 20182"]), 4)
    assert whole[0] != whole[1]  # numbers are never cut
    prefix = prefix_keys(normalize_all(["representatives"]), 4)[1][0]
    assert word_keys(normalize_all(["repr"]))[1][0] == prefix  # one hash for words and prefixes


def test_block_member_similarities_equal_direct_group_similarities() -> None:
    rng = np.random.default_rng(11)
    words = [f"w{k}" for k in range(60)]
    src = [" ".join(rng.choice(words, 6)) for _ in range(14)]
    tgt = [" ".join(rng.choice(words, 6)) for _ in range(16)]
    settings = AlignSettings()
    model, _, _ = build_model(src, tgt, None, None, settings, same_language=True)
    sim = model.similarity
    types = bead_types(settings.max_bead)
    band = Band.full(sim.n, sim.m)
    rows = np.arange(0, sim.n + 1)[:, None]
    block = sim.block(rows, band.offsets[rows] + np.arange(band.widest), types)
    for kind in types:
        for i, j in ((5, 7), (9, 12), (14, 16)):
            group_src, group_tgt = tuple(range(i - kind.src, i)), tuple(range(j - kind.tgt, j))
            assert block.groups[kind][i, j] == pytest.approx(
                sim.of_beads([group_src], [group_tgt])[0], abs=1e-5)
            if kind.src + kind.tgt == 2:
                assert kind not in block.member_keys
                continue
            for side, k, other in block.member_keys[kind]:
                if side == "src":
                    direct = sim.of_beads([(i - 1 - k,)], [group_tgt])[0]
                else:
                    direct = sim.of_beads([group_src], [(j - 1 - k,)])[0]
                assert block.members[(side, k, other)][i, j] == pytest.approx(direct, abs=1e-5)


@pytest.mark.parametrize("norms", [(1.0, 1.0), (4.0, 1.0), (1.0, 9.0)])
def test_a_merge_of_two_independent_pairs_never_costs_less_than_the_two_links(norms) -> None:
    # Two sentence pairs sharing nothing across: as one 2-2 link their similarity must not buy
    # a discount, however unequal their sizes (the cosine of the sums would be carried by the
    # larger pair; the member costs are not).
    rng = np.random.default_rng(2)
    first, second = rng.uniform(0, 1, (2, 8)) * np.array([[1] * 4 + [0] * 4, [0] * 4 + [1] * 4])
    noise = rng.uniform(0, 0.3, (2, 8)) * (first + second > 0)
    src = sp.csr_matrix(np.array([norms[0] * first, norms[1] * second], dtype=np.float32))
    tgt = sp.csr_matrix(np.array([norms[0] * first + noise[0], norms[1] * second + noise[1]],
                                 dtype=np.float32))
    settings = AlignSettings()
    model = CostModel(GroupSimilarity([Channel(src, tgt, 1.0)], 2, 2), np.ones(2), np.ones(2),
                      settings)
    sim = model.similarity
    no_length = np.zeros(1)
    ones = [model.link_cost(BeadType.ONE_ONE, sim.of_beads([(i,)], [(i,)]), no_length)[0]
            for i in (0, 1)]
    members = [sim.of_beads([(i,)], [(0, 1)]) for i in (0, 1)]
    members += [sim.of_beads([(0, 1)], [(j,)]) for j in (0, 1)]
    merged = model.link_cost(BeadType.TWO_TWO, sim.of_beads([(0, 1)], [(0, 1)]), no_length,
                             members, [model.dissimilarity(s) for s in members])[0]
    assert merged - 2 * settings.merge_penalty >= sum(ones) - 1e-9
