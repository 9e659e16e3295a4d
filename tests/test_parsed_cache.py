"""The parsed form file kept between runs: used only while it is the file's, never a failure."""

from __future__ import annotations

import marshal
import shutil

import pytest

from reportdesk import parsed_cache
from reportdesk.errors import FormError
from reportdesk.form import form_path, load_form_file


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv(parsed_cache.ENV, str(folder))
    return folder


@pytest.fixture
def form_copy(tmp_path):
    path = tmp_path / "form.toml"
    shutil.copy(form_path(), path)
    return path


def _copies(folder):
    return sorted(p.name for p in folder.glob("*.marshal")) if folder.is_dir() else []


def test_the_second_load_reads_the_copy_not_the_toml(cache, form_copy, monkeypatch):
    first = load_form_file(form_copy, cached_as="f")
    assert _copies(cache) and _copies(cache)[0].startswith("f.py3")
    import tomllib

    monkeypatch.setattr(tomllib, "loads", lambda *a, **k: pytest.fail("parsed again"))
    second = load_form_file(form_copy, cached_as="f")
    assert second.cells.keys() == first.cells.keys() and len(second.cells) == 200
    assert second.tables["t3"].rows == first.tables["t3"].rows


def test_an_edited_form_file_is_parsed_again(cache, form_copy):
    load_form_file(form_copy, cached_as="f")
    text = form_copy.read_text(encoding="utf-8")
    guidance = 'guidance = "以个人名义提出的申请。"'
    assert guidance in text
    form_copy.write_text(text.replace(guidance, 'guidance = "以自己的名义提出的申请。"'), encoding="utf-8")
    edited = load_form_file(form_copy, cached_as="f")
    assert edited.tables["t3"].columns[0].guidance == "以自己的名义提出的申请。"
    source, _, _ = marshal.loads((cache / _copies(cache)[0]).read_bytes())
    assert source == form_copy.read_bytes()   # the copy now holds the edited file


@pytest.mark.parametrize("garbage", [b"", b"not marshal at all", marshal.dumps(["a list"]),
                                     marshal.dumps((b"other bytes", "2", {"x": 1}))])
def test_a_damaged_or_foreign_copy_is_ignored_and_replaced(cache, form_copy, garbage):
    load_form_file(form_copy, cached_as="f")
    copy = cache / _copies(cache)[0]
    copy.write_bytes(garbage)
    form = load_form_file(form_copy, cached_as="f")
    assert len(form.cells) == 200
    assert marshal.loads(copy.read_bytes())[0] == form_copy.read_bytes()


def test_a_cache_folder_that_cannot_be_written_costs_nothing_but_time(tmp_path, monkeypatch, form_copy):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv(parsed_cache.ENV, str(blocker / "cache"))
    assert len(load_form_file(form_copy, cached_as="f").cells) == 200


def test_a_broken_form_file_is_still_a_form_error(cache, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_bytes(b"[form\nid = ")
    with pytest.raises(FormError, match="无法读取"):
        load_form_file(bad, cached_as="bad")
    bad.write_bytes("id = '好'".encode("gbk"))
    with pytest.raises(FormError, match="无法读取"):
        load_form_file(bad, cached_as="bad")
    assert _copies(cache) == []


def test_values_marshal_cannot_hold_are_parsed_each_time(cache, tmp_path):
    dated = tmp_path / "dated.toml"
    dated.write_text("when = 2024-01-01\n", encoding="utf-8")
    assert str(parsed_cache.load_toml(dated, "dated")["when"]) == "2024-01-01"
    assert _copies(cache) == []
