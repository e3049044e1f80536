import multiprocessing
from pathlib import Path

from corpus.translate.workdir import FileRecord, read_manifest, write_translations


def _record(document: str) -> FileRecord:
    return FileRecord(f"{document}.fr.txt", document, "en", "fr", 1, "0" * 64,
                      ({"name": "m", "version": "1", "path": "/m"},), "direct", {},
                      "2026-11-23T00:00:00Z")


def _write_many(workdir: str, prefix: str) -> None:
    for i in range(40):  # one manifest update each: 80 updates race for the lock
        write_translations(Path(workdir), [(_record(f"{prefix}{i:02d}"), [f"{prefix} {i}"])])


def test_two_processes_writing_one_manifest_keep_every_entry(tmp_path) -> None:
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_write_many, args=(str(tmp_path), p)) for p in "ab"]
    for w in workers:
        w.start()
    for w in workers:
        w.join(60)
    assert [w.exitcode for w in workers] == [0, 0]
    files = read_manifest(tmp_path)
    assert len(files) == 80
    assert (tmp_path / "b07.fr.txt").read_text(encoding="utf-8") == "b 7\n"
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.endswith(".txt")) == [
        "manifest.json", "manifest.lock"]  # no temporary file left
