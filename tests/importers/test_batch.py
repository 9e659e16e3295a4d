"""The batch's process pool: results in the files' order, the same as in one process; a worker
that dies costs its file only; memory stays bounded (tests/benchmarks/bench_check.py measures)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pool_work import crash_on_bad

from helpers import FIXTURES

from reportdesk.importers.batch import CHUNK, _chunks, _in_order, iter_check

PUBLISHED = FIXTURES / "published"


@pytest.fixture
def folder(tmp_path):
    sources = [PUBLISHED / n for n in ("changchun-office-2024.docx", "shenshan-2024-altered.md",
                                       "longhua-market-2023.pdf", "variant-rows-split.pdf")]
    files = []
    for i in range(30):
        path = tmp_path / f"{i:02}-{sources[i % 4].name}"
        shutil.copy(sources[i % 4], path)
        files.append(path)
    bad = tmp_path / "17-坏.docx"
    bad.write_bytes(b"PK\x03\x04junk")
    files.insert(17, bad)
    return files


def _dicts(results):
    return [(r.to_dict(), r.summary_line, [e.message for e in r.unread]) for r in results]


def test_a_pool_gives_what_one_process_gives_in_the_same_order(folder):
    alone = list(iter_check(folder, workers=1))
    pooled = list(iter_check(folder, workers=2))
    assert [r.path for r in pooled] == folder
    assert _dicts(pooled) == _dicts(alone)
    assert "不是有效的Word" in pooled[17].error
    assert pooled[0].log is None   # a lean result: the whole import log stays in the worker
    assert pooled[1].values == alone[1].values and len(pooled[1].values) == 190


def test_cancelled_stops_handing_out_files(folder):
    calls = []

    def cancelled():
        calls.append(1)
        return len(calls) > 2
    done = list(iter_check(folder, workers=2, cancelled=cancelled))
    assert 0 < len(done) < len(folder)
    assert [r.path for r in done] == folder[:len(done)]


def test_files_after_a_crash_are_never_read_in_this_process_however_few(tmp_path):
    """The chunk after a crash was once read in the main process when fewer than POOL_FROM files
    were left: a second hostile file there ended the whole program (pytest: exit 3)."""
    import subprocess
    import sys

    script = (
        "import sys; from pathlib import Path\n"
        "sys.path.insert(0, sys.argv[1])\n"
        "from pool_work import crash_on_bad\n"
        "from reportdesk.importers.batch import _in_order\n"
        "files = [Path(f'{i:02}.txt') for i in range(68)]\n"
        "files[33] = Path('bad-a.txt')\n"
        "files[66] = Path('bad-b.txt')   # among the few left after the first crash\n"
        "items = list(_in_order(files, crash_on_bad, (), workers=2, pool_from=0))\n"
        "print(sum(1 for i in items if getattr(i, 'error', None)), len(items))\n")
    proc = subprocess.run([sys.executable, "-c", script, str(Path(__file__).parent)], capture_output=True,
                          text=True, timeout=120, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["2", "68"]


def test_a_worker_that_dies_costs_its_file_only(tmp_path):
    files = [tmp_path / f"{i:02}.txt" for i in range(40)]
    assert len(_chunks(files, 2)[0]) < 13 < len(_chunks(files, 2)[0]) + len(_chunks(files, 2)[1])
    files[13] = tmp_path / "bad-a.txt"      # in the second chunk
    files[35] = tmp_path / "bad-b.txt"
    items = list(_in_order(files, crash_on_bad, (), workers=2))
    assert len(items) == len(files)
    for path, item in zip(files, items):
        if path.name.startswith("bad"):
            assert item.error == f"读取“{path.name}”时程序意外退出（文件可能已损坏或是恶意构造的），未读取"
        else:
            assert item == str(path)


def test_a_worker_keeps_freed_memory_where_the_c_library_is_glibc():
    """On Linux with glibc a worker keeps freed memory for its next file (no page faults
    again for every report); elsewhere the call changes nothing and says so."""
    import platform
    import subprocess
    import sys

    glibc = sys.platform.startswith("linux") and platform.libc_ver()[0] == "glibc"
    # in a process of its own: the setting stays for the rest of a process's life
    out = subprocess.run([sys.executable, "-c", "from reportdesk.importers.batch import keep_freed_memory; "
                          "print(keep_freed_memory())"], capture_output=True, text=True, check=True).stdout
    assert out.strip() == str(glibc)


def test_chunks_are_large_while_much_is_left_and_one_file_at_the_end():
    """Each hand-over costs the main process some CPU, and a core idles while another reads
    the last chunk: chunks hold up to CHUNK .docx (fewer PDFs, one file LibreOffice converts),
    a quarter of what is left for two workers, down to one file."""
    docx = [Path(f"{i:03}.docx") for i in range(600)]
    chunks = _chunks(docx, 2)
    assert [f for c in chunks for f in c] == docx
    assert [len(c) for c in chunks[:15]] == [CHUNK] * 15 and [len(c) for c in chunks[-5:]] == [1] * 5
    assert all(len(a) >= len(b) for a, b in zip(chunks, chunks[1:]))
    assert max(len(c) for c in _chunks([Path(f"{i}.pdf") for i in range(200)], 2)) == CHUNK // 4
    mixed = [Path("a.docx"), Path("b.doc"), Path("c.docx"), Path("d.wps"), Path("e.docx")]
    assert _chunks(mixed, 2) == [[mixed[0]], [mixed[1]], [mixed[2]], [mixed[3]], [mixed[4]]]
    assert len(_chunks(docx, 4)) > len(chunks)   # four workers: the tail starts earlier


def test_collect_files_skips_hidden_folders_and_lock_files_and_checks_a_file_once(tmp_path, monkeypatch):
    """What a folder gives: report files in order, none in a hidden folder (also when the
    folder is named as "."), no lock file; a file reached again through a link, or named
    twice, once; a hard link is another name of its own."""
    import os

    from reportdesk.importers.batch import collect_files

    for name in ("b/a.docx", "b/z.pdf", "a.txt", ".hidden/h.docx", "b/.hid/h.docx", "b/~$a.docx",
                 "b/notes.xlsx", "c/real.docx"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(b"x")
    (tmp_path / "c" / "link.docx").symlink_to(tmp_path / "b" / "a.docx")
    os.link(tmp_path / "c" / "real.docx", tmp_path / "c" / "hard.docx")
    (tmp_path / "d").symlink_to(tmp_path / "c", target_is_directory=True)   # not followed by rglob

    expect = ["a.txt", "b/a.docx", "b/z.pdf", "c/hard.docx", "c/real.docx"]
    assert [str(f.relative_to(tmp_path)) for f in collect_files([tmp_path])] == expect
    assert collect_files([tmp_path, tmp_path / "b" / "a.docx", tmp_path]) == collect_files([tmp_path])
    monkeypatch.chdir(tmp_path)
    assert [str(f) for f in collect_files(["."])] == expect
    assert [str(f) for f in collect_files(["c/link.docx", "b"])] == ["c/link.docx", "b/z.pdf"]


def test_a_batch_result_is_the_same_whether_the_reading_kept_its_log_or_only_counted_cells():
    """A worker (keep_log=False) only counts the import log's "read" entries, one a cell: the
    findings, the summary line (how many cells were read) and what was not read are the same
    as with the whole log, for every published fixture."""
    from reportdesk.importers import read_report
    from reportdesk.importers.batch import check_file
    from reportdesk.importers.log import MAPPED, counting_only

    for path in sorted(PUBLISHED.iterdir()):
        if path.suffix.lower() not in (".docx", ".html", ".htm", ".txt", ".md", ".pdf"):
            continue
        whole, lean = check_file(path), check_file(path, keep_log=False)
        assert lean.log is None and whole.log is not None
        assert _dicts([lean]) == _dicts([whole]), path.name
        with counting_only(MAPPED):
            log = read_report(path).log
        assert log.summary() == whole.log.summary() and log.count(MAPPED) == whole.log.count(MAPPED) > 100
        assert log.entries == [e for e in whole.log.entries if e.kind != MAPPED]
        with pytest.raises(LookupError):
            log.of_kind(MAPPED)
    assert read_report(path).log.counted == {}   # outside, logs keep every entry again
