"""write_atomic: the old file survives any failure; a new file gets the usual permissions."""

from __future__ import annotations

import os

import pytest

from reportdesk.fileio import WriteError, write_atomic


@pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")
def test_new_file_gets_the_umask_mode_and_a_replaced_one_keeps_its_mode(tmp_path):
    old = os.umask(0o027)
    try:
        new = write_atomic(tmp_path / "a.docx", b"one")
        assert new.stat().st_mode & 0o777 == 0o640
        kept = tmp_path / "b.docx"
        kept.write_bytes(b"old")
        kept.chmod(0o664)
        write_atomic(kept, b"two")
        assert kept.read_bytes() == b"two" and kept.stat().st_mode & 0o777 == 0o664
    finally:
        os.umask(old)


def test_read_only_file_is_not_replaced(tmp_path):
    target = tmp_path / "正式版.docx"
    target.write_bytes(b"final")
    target.chmod(0o444)
    with pytest.raises(WriteError) as info:
        write_atomic(target, b"other")
    assert "只读" in info.value.message
    assert target.read_bytes() == b"final"
    assert [p.name for p in tmp_path.iterdir()] == ["正式版.docx"]
