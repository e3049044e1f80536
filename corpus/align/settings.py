"""Options of the sentence aligner; every field ends up in the provenance signature."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import ClassVar


@dataclass(frozen=True)
class AlignSettings:
    """How `align_sentences` searches and scores.

    The cost constants were tuned on Text+Berg dev only (docs/design/alignment.md); change them
    only with a benchmark run.
    """

    SIGNATURE_PREFIX: ClassVar[str] = "align"

    max_bead: int = 3  # linking beads with a+b <= max_bead+1 sentences (3: up to 1-3, 3-1, 2-2)
    use_src_mt: bool = True  # compare MT(source) with the target when given
    use_tgt_mt: bool = True  # compare the source with MT(target) when given
    ngram_low: int = 3  # character n-gram orders of the MT channels
    ngram_high: int = 4
    direct_ngram_low: int = 2  # lowest order of the direct channel without MT
    similarity_weight: float = 1.0  # cost per unit of -log(similarity + floor) of a link
    similarity_floor: float = 0.01  # keeps -log finite; about the similarity of unrelated text
    length_weight: float = 0.15  # cost per unit of Gale-Church length surprise
    skip_cost: float = 2.0  # cost of leaving one sentence unlinked
    merge_penalty: float = 0.4  # extra cost per sentence beyond 1-1 in a link
    # Without MT across two languages the similarity is weaker and noisier (direct n-grams and
    # the learnt lexicon): skipping and merging must cost more, length counts more.
    skip_cost_no_mt: float = 3.0
    merge_penalty_no_mt: float = 0.9
    length_weight_no_mt: float = 0.3
    member_weight: float = 0.3  # cost per unit of -log(similarity) of a merge's weakest member
    full_matrix_cells: int = 250_000  # search the whole lattice up to this size, else a band
    band_width: int = 48  # minimal band width around the coarse path (grows if hit)
    bootstrap_lexicon: bool = True  # learn a word table from confident links, then realign
    reorder: bool = True  # recover confident out-of-order links among unlinked sentences
    reorder_min_similarity: float = 0.3


    def without_mt(self) -> AlignSettings:
        """These settings with the no-MT costs in place of the MT ones."""
        return replace(self, skip_cost=self.skip_cost_no_mt,
                       merge_penalty=self.merge_penalty_no_mt,
                       length_weight=self.length_weight_no_mt)


DEFAULT_SETTINGS = AlignSettings()
