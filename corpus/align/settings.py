"""Options of the sentence aligner; every field ends up in the provenance signature."""

from __future__ import annotations

import math
from dataclasses import dataclass, fields, replace
from functools import cache
from numbers import Integral, Real
from typing import Any, ClassVar, get_type_hints

from corpus.align.beads import LARGEST_MAX_BEAD

# Threads computing the channels' group norms (scipy releases the GIL in those products; the band
# pricing uses the calling thread and one worker, `dp._priced_blocks`). Not a setting: results do
# not depend on it. Below PARALLEL_SENTENCES sentences a side, starting the threads costs more
# (~4 ms CPU an alignment of 36 sentences) than it saves.
KERNEL_THREADS = 2
PARALLEL_SENTENCES = 1000
# An n-gram key keeps its order in 3 bits (`vectors.ngram_keys`): higher orders would wrap.
LARGEST_NGRAM = 7


@cache
def _field_types() -> dict[str, Any]:
    """The fields' declared types, resolved once: resolving the string annotations took 0.5 ms,
    and settings are made several times for every pair a corpus aligns."""
    return get_type_hints(AlignSettings)


def _finite(value: Real) -> bool:
    try:
        return math.isfinite(value)
    except OverflowError:  # an int too large for a float
        return False


def _check_types(settings: AlignSettings) -> None:
    """Every field of its declared type, numbers finite and not negative: a NaN cost failed
    deep in the search ("no path through the band"), `max_bead=2.5` searched other shapes, and
    a negative cost makes a longer path cheaper. numpy's numbers count as numbers."""
    hints = _field_types()
    for name in (f.name for f in fields(settings)):
        value, declared = getattr(settings, name), hints[name]
        if declared is bool or declared is str:
            right = isinstance(value, declared)
        else:  # int, float or float | None
            kind = Integral if declared is int else Real
            right = ((value is None and declared is not int and declared is not float)
                     or (isinstance(value, kind) and not isinstance(value, bool)
                         and _finite(value) and value >= 0))
        if not right:
            wanted = declared.__name__ if declared in (bool, str) else "non-negative " + (
                declared.__name__ if declared in (int, float) else "float or None")
            raise ValueError(f"{name} must be a {wanted}, not {value!r}")


@dataclass(frozen=True)
class AlignSettings:
    """How `align_sentences` searches and scores.

    The cost constants were tuned on Text+Berg dev only (docs/DESIGN.md); change them
    only with a benchmark run.
    """

    SIGNATURE_PREFIX: ClassVar[str] = "align"
    PAIR_KINDS: ClassVar[tuple[str, ...]] = ("auto", "parallel", "comparable")

    max_bead: int = 4  # linking beads with a+b <= max_bead+1 sentences (4: up to 1-4, 2-3, ...)
    use_src_mt: bool = True  # compare MT(source) with the target when given
    use_tgt_mt: bool = True  # compare the source with MT(target) when given
    ngram_low: int = 3  # character n-gram orders of the MT channels
    ngram_high: int = 4
    direct_ngram_low: int = 2  # lowest order of the direct channel without MT
    similarity_weight: float = 1.0  # cost per unit of -log(similarity + floor) of a link
    similarity_floor: float = 0.01  # keeps -log finite; about the similarity of unrelated text
    length_weight: float = 0.3  # cost per unit of Gale-Church length surprise
    skip_cost: float = 4.0  # cost of leaving one sentence unlinked
    merge_penalty: float = 0.8  # extra cost per sentence beyond 1-1 in a link
    # Without MT across two languages the similarity is weaker and noisier (direct n-grams and
    # the learnt lexicon), so its costs are tuned apart (on Text+Berg dev, like the rest).
    skip_cost_no_mt: float = 3.0
    merge_penalty_no_mt: float = 0.9
    length_weight_no_mt: float = 0.3
    unrelated_similarity_no_mt: float = 0.0  # without MT low similarity is no proof of that
    # Across scripts without MT only numbers and names give evidence: two skips must cost less
    # than a link without any (-log of the floor, 4.6), or unrelated sentences get linked. A
    # pair whose sentence lengths follow each other in order (`evidence.lengths_in_order`: a
    # translation), or asked to be parallel, gets the costs of one script instead.
    skip_cost_no_mt_other_script: float = 2.0
    # Costs of two languages: parallel, comparable, or auto (without MT the evidence test
    # decides, with MT parallel).
    pair_kind: str = "auto"
    # Comparable costs (a pair placed no better than chance without MT, or pair_kind set;
    # `evidence.py`): skips as cheap as across scripts, every link must beat the pair's chance
    # similarity, and lengths only keep beads of very different size apart (one character for
    # one; the totals of a comparable pair say how much of the story each side tells). No gold
    # exists for comparable text; chosen by reasoning, see docs/DESIGN.md.
    skip_cost_comparable: float = 2.0
    length_weight_comparable: float = 0.1
    # Out of order, comparable text links what shares a topic (two sentences on Facebook and
    # Russian trolls in the seeds): only strong matches, and merged links stay whole.
    reorder_min_similarity_comparable: float = 0.3
    # Two versions of one story in one language (comparable ones get the comparable costs, as
    # decided by `evidence.linked_beyond_chance`): tuned on Text+Berg dev's French against the
    # German's MT into French (docs/DESIGN.md). A link or merge member sharing almost nothing
    # (similarity below 0.02) pays a skip on top, and a merge's weakest member pays again
    # (`member_weight`): in one language such a sentence is unrelated, not a free rendering.
    skip_cost_same_language: float = 3.0
    merge_penalty_same_language: float = 0.7
    length_weight_same_language: float = 0.3
    member_weight_same_language: float = 0.4
    unrelated_similarity_same_language: float = 0.02
    # Cost per unit of -log(similarity) of a merge's weakest member on top of what every
    # member pays: across languages a weak member may be a free rendering, in one it is not.
    member_weight: float = 0.0
    unrelated_similarity: float = 0.05  # a merge member below this pays a skip on top
    unrelated_links: bool = False  # ... and so does any link below it
    full_matrix_cells: int = 250_000  # search the whole lattice up to this size, else a band
    band_width: int = 48  # minimal band width around the coarse path (grows if hit)
    bootstrap_lexicon: bool = True  # learn a word table from confident links, then realign
    refine_merges: bool = True  # with MT: join lone sentences to a neighbour link if chrF rises
    reorder: bool = True  # link moved and swapped sentences where they went (`reorder.py`)
    reorder_min_similarity: float = 0.15
    # A merged link's edge member that adds at most this to the link's similarity may leave it
    # for an out-of-order link (a moved sentence the path glued on); None keeps links whole.
    reorder_member_gain: float | None = 0.02
    # A link at most this similar (about chance) may give up its sentences too; None keeps
    # it. Only with MT across two languages, where a weak link is evidence (docs/DESIGN.md).
    reorder_weak_link: float | None = 0.1
    reorder_min_probability: float = 0.5  # a recovered link must be more likely right than wrong
    # Fragments (`sommet .`, `C ) .`) match something by chance: out-of-order links join
    # sentences of at least this many letters and digits.
    reorder_min_chars: int = 10
    # An out-of-order link joins sentences at most this many target sentences from where the
    # path passes its source sentence: the pass's cost grows with the text, not its square.
    # Wider than any Text+Berg article, so none of their links is out of reach.
    reorder_window: int = 500

    def __post_init__(self) -> None:
        """Refuse settings the search cannot honour, where they are made (also by `replace`)."""
        _check_types(self)
        if self.similarity_floor <= 0 or self.reorder_min_probability > 1:
            raise ValueError(f"similarity floor must be above 0 and the out-of-order pass's "
                             f"probability at most 1, not {self.similarity_floor} and "
                             f"{self.reorder_min_probability}")
        if not 1 <= self.max_bead <= LARGEST_MAX_BEAD:
            # Larger values would be silently capped to the bead shapes that exist.
            raise ValueError(f"max bead size must be between 1 and {LARGEST_MAX_BEAD}, "
                             f"not {self.max_bead}")
        if self.band_width < 2 or self.full_matrix_cells < 1:
            # A band of one cell a row cannot hold both corners of the lattice.
            raise ValueError(f"band width must be at least 2 and full-matrix cells at least 1, "
                             f"not {self.band_width} and {self.full_matrix_cells}")
        if self.pair_kind not in self.PAIR_KINDS:
            raise ValueError(f"pair kind must be one of {', '.join(self.PAIR_KINDS)}, "
                             f"not {self.pair_kind!r}")
        if not (1 <= self.ngram_low <= self.ngram_high <= LARGEST_NGRAM
                and 1 <= self.direct_ngram_low <= self.ngram_high):
            raise ValueError(f"n-gram orders must satisfy 1 <= low <= high <= {LARGEST_NGRAM} "
                             f"and 1 <= direct low <= high, not low {self.ngram_low}, high "
                             f"{self.ngram_high}, direct low {self.direct_ngram_low}")

    def same_language(self) -> AlignSettings:
        """These settings with the same-language costs in place of the MT ones."""
        return replace(self, skip_cost=self.skip_cost_same_language,
                       merge_penalty=self.merge_penalty_same_language,
                       length_weight=self.length_weight_same_language,
                       member_weight=self.member_weight_same_language,
                       unrelated_similarity=self.unrelated_similarity_same_language,
                       unrelated_links=True, reorder_weak_link=None)

    def comparable(self, chance: float, one_language: bool = False) -> AlignSettings:
        """These settings for a comparable pair whose random sentence pairs reach `chance`.

        In one language the length model keeps its weight: one character is one character, and
        two versions that tell the same thing tell it at about the same length (comparable pairs
        made from Text+Berg dev: 0.785 -> 0.824 mean F1 at 0.3 instead of 0.1).
        """
        length = self.length_weight if one_language else self.length_weight_comparable
        return replace(self, pair_kind="comparable", skip_cost=self.skip_cost_comparable,
                       length_weight=length, unrelated_links=True, unrelated_similarity=chance,
                       reorder_min_similarity=self.reorder_min_similarity_comparable,
                       reorder_member_gain=None, reorder_weak_link=None)

    def without_mt(self, shared_script: bool) -> AlignSettings:
        """These settings with the no-MT costs in place of the MT ones."""
        skip = self.skip_cost_no_mt if shared_script else self.skip_cost_no_mt_other_script
        return replace(self, skip_cost=skip,
                       merge_penalty=self.merge_penalty_no_mt,
                       length_weight=self.length_weight_no_mt,
                       unrelated_similarity=self.unrelated_similarity_no_mt,
                       reorder_weak_link=None)


DEFAULT_SETTINGS = AlignSettings()

