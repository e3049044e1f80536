from pathlib import Path
from types import SimpleNamespace

import pytest

from corpus.errors import ModelError
from corpus.translate import InstalledPackage, find_route, index, plan_routes
from corpus.translate.index import plan_downloads


def pkg(source: str, target: str, version: str = "1.0") -> InstalledPackage:
    return InstalledPackage(source, target, version, Path(f"/p/{source}_{target}_{version}"), 1)


def offer(source: str, target: str) -> SimpleNamespace:
    return SimpleNamespace(from_code=source, to_code=target, type="translate")


def test_direct_pivot_and_none() -> None:
    packages = [pkg("fr", "en"), pkg("en", "ar"), pkg("en", "fr")]
    assert find_route("fr", "en", packages).label == "direct"
    pivot = find_route("fr", "ar", packages)
    assert pivot.label == "fr>en>ar"
    assert [(h.source, h.target) for h in pivot.hops] == [("fr", "en"), ("en", "ar")]
    assert find_route("ar", "fr", packages) is None
    assert find_route("ar", "en", packages) is None


def test_direct_beats_pivot_and_newest_version_wins() -> None:
    packages = [pkg("fr", "en"), pkg("en", "ar"), pkg("fr", "ar", "1.1"), pkg("fr", "ar", "1.9")]
    route = find_route("fr", "ar", packages)
    assert route.label == "direct"
    assert route.hops[0].version == "1.9"


def test_plan_names_missing_packages_and_one_command() -> None:
    langs = ["ar", "en", "fr"]
    pairs = [(s, t) for s in langs for t in langs if s != t]
    plan = plan_routes(pairs, [pkg("fr", "en"), pkg("en", "fr"), pkg("en", "ar")])
    assert plan.missing == (("ar", "en"), ("ar", "fr"))
    assert plan.missing_packages == ("translate-ar_en",)
    assert plan.install_command(langs) == "corpus models install ar en fr"
    assert plan.routes["fr", "ar"].label == "fr>en>ar"
    full = plan_routes(pairs, [pkg(s, t) for s, t in pairs])
    assert full.missing == () and full.install_command(langs) is None


def test_download_plan_prefers_direct_then_english() -> None:
    available = [offer("en", "fr"), offer("fr", "en"), offer("en", "ar"), offer("ar", "en"),
                 offer("fr", "ar")]
    plan = plan_downloads(["ar", "en", "fr"], available, [pkg("en", "fr")])
    chosen = sorted((p.from_code, p.to_code) for p in plan.downloads)
    # fr→ar is offered directly; ar→fr goes ar→en→fr (en→fr already installed)
    assert chosen == [("ar", "en"), ("en", "ar"), ("fr", "ar"), ("fr", "en")]
    assert plan.impossible == ()
    sparse = plan_downloads(["ar", "de"], [offer("ar", "en")], [])
    assert sparse.impossible == (("ar", "de"), ("de", "ar"))


def _failing_offer(error: Exception) -> SimpleNamespace:
    def download() -> Path:
        raise error

    return SimpleNamespace(from_code="fr", to_code="en", type="translate", download=download)


@pytest.mark.parametrize("error", [Exception("Download failed for fr → en"),
                                   PermissionError("downloads folder")])
def test_failed_download_is_one_model_error(monkeypatch: pytest.MonkeyPatch,
                                            error: Exception) -> None:
    # argostranslate turns a network failure into a plain Exception; writing the file, OSError.
    monkeypatch.setattr(index, "fetch_index", lambda: [_failing_offer(error)])
    with pytest.raises(ModelError, match="cannot download translate-fr_en"):
        index.install_languages(["fr", "en"], [pkg("en", "fr")])


def test_a_bug_in_the_download_is_not_called_a_download_problem(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(index, "fetch_index", lambda: [_failing_offer(AttributeError("x"))])
    with pytest.raises(AttributeError):
        index.install_languages(["fr", "en"], [pkg("en", "fr")])
