from dataclasses import dataclass

from corpus.settings import signature


@dataclass(frozen=True)
class _Inner:
    SIGNATURE_PREFIX = "inner"
    beam: int = 4


@dataclass(frozen=True)
class _Outer:
    SIGNATURE_PREFIX = "outer"
    ratio: float = 0.5
    mt: bool = True
    inner: _Inner = _Inner()


def test_signature_is_built_from_every_field() -> None:
    sig = signature(_Outer())
    assert sig.startswith("corpus:")
    assert "outer.ratio:0.5" in sig
    assert "outer.mt:yes" in sig
    assert "inner.beam:4" in sig


def test_signature_changes_with_settings() -> None:
    assert signature(_Outer()) != signature(_Outer(inner=_Inner(beam=5)))
    assert signature(_Outer()) == signature(_Outer())
