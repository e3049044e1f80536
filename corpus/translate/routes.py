"""Which packages translate one language into another: directly, or through a pivot language.

Argos publishes most pairs to and from English only, so fr→ar is usually fr→en→ar. Planning is
pure (packages in, routes out) so it is tested without any model.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from corpus.translate.packages import InstalledPackage, installed_packages, package_name


@dataclass(frozen=True)
class Route:
    """The packages that take `source` to `target`, in order (one: direct, two: pivot)."""

    source: str
    target: str
    hops: tuple[InstalledPackage, ...]

    @property
    def label(self) -> str:
        """`direct`, or the languages passed through, e.g. `fr>en>ar`."""
        if len(self.hops) == 1:
            return "direct"
        return ">".join([self.hops[0].source, *(h.target for h in self.hops)])


@dataclass(frozen=True)
class RoutePlan:
    """Routes for every ordered pair of languages, and the packages the missing pairs need."""

    routes: dict[tuple[str, str], Route]
    missing: tuple[tuple[str, str], ...]  # pairs with no route
    missing_packages: tuple[str, ...]  # argospm names, e.g. translate-fr_en

    def install_command(self, langs: Iterable[str]) -> str | None:
        if not self.missing:
            return None
        return "corpus models install " + " ".join(sorted(set(langs)))


def find_route(source: str, target: str, packages: Sequence[InstalledPackage],
               pivot: str = "en") -> Route | None:
    """The direct package if installed, else source→pivot→target, else None."""
    by_pair = {}
    for p in packages:  # the newest version of a pair wins
        key = (p.source, p.target)
        if key not in by_pair or _version_key(p.version) > _version_key(by_pair[key].version):
            by_pair[key] = p
    if (source, target) in by_pair:
        return Route(source, target, (by_pair[source, target],))
    first, second = by_pair.get((source, pivot)), by_pair.get((pivot, target))
    if pivot not in (source, target) and first and second:
        return Route(source, target, (first, second))
    return None


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(x) for x in version.split(".") if x.isdigit())


def plan_routes(pairs: Iterable[tuple[str, str]], packages: Sequence[InstalledPackage],
                pivot: str = "en") -> RoutePlan:
    """Route every (source, target) pair; for those that cannot be routed, name what to install
    (the pivot legs that are not installed, as Argos offers most pairs through English)."""
    routes: dict[tuple[str, str], Route] = {}
    missing: list[tuple[str, str]] = []
    needed: set[str] = set()
    installed = {(p.source, p.target) for p in packages}
    for source, target in sorted(set(pairs)):
        route = find_route(source, target, packages, pivot)
        if route:
            routes[source, target] = route
            continue
        missing.append((source, target))
        legs = [(source, target)] if pivot in (source, target) else [(source, pivot),
                                                                     (pivot, target)]
        needed.update(package_name(*leg) for leg in legs if leg not in installed)
    return RoutePlan(routes, tuple(missing), tuple(sorted(needed)))


def available_routes(langs: Sequence[str], pivot: str = "en") -> RoutePlan:
    """Routes between every two of `langs` with the packages installed now.

    `corpus align` asks this before it starts: `plan.missing` empty means every pair can be
    translated; otherwise `plan.install_command(langs)` is what the user should run.
    """
    pairs = [(s, t) for s in langs for t in langs if s != t]
    return plan_routes(pairs, installed_packages(), pivot)
