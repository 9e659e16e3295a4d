"""What a printed table cell holds: a number, a label, a note, or something that is no number.

A published row is its labels, then its numbers. Deciding which cell is which is the first
step of every reader, and the place where a row can shift: a cell holding "x", "NaN", "1e400"
or "²" taken for a label moves every number after it one column left; a note printed beside a
number ("22（其中修订16件）") taken for a label does the same. So:

- :func:`is_value_text` — a number as published (full-width digits, thousands separators,
  a unit, a note in brackets after it) or a mark printed for zero ("—", "无", "/");
- :func:`is_bad_number` — short text with no Chinese word in it that is no number: kept in
  its cell as printed and reported by rule 5 (“不是数字”), never a label, never 0;
- :func:`is_note` — a note printed among the numbers ("（其中修订16件）", "含自然失效29件"):
  no cell's number; left out, and logged;
- :func:`roles` — each cell of a row as label, value, note or blank, a doubtful cell decided
  by its neighbours (a bad number after the row's label is a value; before a label, numbering).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from ..values import normalize_number_text

LABEL, VALUE, NOTE, BLANK = "label", "value", "note", "blank"
BAD = "bad"  # kind only: a roles() result is never BAD

_NUMBER = re.compile(r"^[+-]?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]{1,3}(?: [0-9]{3})+|[0-9]+)(?:\.[0-9]+)?"
                     r"(?:件|个|条|份|宗|起|次|项|万元|万)?$")
# Printed in place of a number; read as 0, and logged.
ZERO_MARKS = {"—", "-", "－", "–", "——", "--", "/", "／", "\\", "无", "0件", "零", "〇", "/ ", "×"}
# White space a page or a converter puts between the digit groups of one number.
SPACES = "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000 "
_INVISIBLE = "\u200b\u200c\u200d\u200e\u200f\u2060\ufeff"
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_CN_NUMERALS = set("〇零一二三四五六七八九十百千万两壹贰叁肆伍陆柒捌玖拾佰仟")
# A note: in brackets with a digit or a note's opening word in it, or such words unbracketed
# before a number ("其中修订16件"). A label of the form is neither.
_NOTE_WORDS = r"(?:其中|含|包括|包含|另有|另|注|不含|均为|均系|系)"
_NOTE = re.compile(rf"^(?:[（(]\s*{_NOTE_WORDS}[^（）()]*[)）]|[（(][^（）()]*[\u4e00-\u9fff][^（）()]*\d[^（）()]*[)）]"
                   rf"|[（(][^（）()]*\d[^（）()]*[\u4e00-\u9fff][^（）()]*[)）]|{_NOTE_WORDS}[^（）()]*\d[^（）()]*)$")
# Numbering printed in a cell of its own before a label: "(1)", "1.", "一、", "（三）", "①".
_NUMBERING = re.compile(r"^(?:[（(]\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*[)）]|\d{1,2}\s*[.、．]|[一二三四五六七八九十]{1,3}\s*[、.．]"
                        r"|[\u2460-\u2473\u2776-\u2793\u3280-\u3289])$")
_WITH_NOTE = re.compile(r"^(?P<number>[^（()）]+?)\s*(?P<note>[（(][^（）()]*[)）])$")


def _odd(text: str) -> bool:
    """A digit of another script, a superscript or circled digit, or an invisible mark inside:
    what NFKC or ``int()`` would silently turn into an ordinary number."""
    for ch in text.strip(_INVISIBLE + " "):
        if ch in _INVISIBLE:
            return True
        if ch not in "〇" and unicodedata.category(ch)[0] == "N" and not ("0" <= ch <= "9" or "０" <= ch <= "９"):
            return True
    return False


def _plain_number(text: str) -> bool:
    if len(text) > 64 or _odd(text):  # no printed number is longer
        return False
    s = normalize_number_text(text.strip(_INVISIBLE))
    s = re.sub(f"[{SPACES}]", " ", s).strip()
    return bool(_NUMBER.match(s)) or bool(_NUMBER.match(s.replace(" ", ""))) or s in ZERO_MARKS \
        or text.strip() in ZERO_MARKS


@lru_cache(maxsize=8192)
def is_value_text(text: str) -> bool:
    """Whether a cell's text is a number (a note in brackets after it allowed) or a mark
    printed in place of one."""
    return _plain_number(text) or number_and_note(text) is not None


def number_and_note(text: str) -> tuple[str, str] | None:
    """``("22", "（其中修订16件）")`` for a number printed with a note after it; else None."""
    m = _WITH_NOTE.match(text.strip())
    if m is None or not _plain_number(m.group("number")) or not _CJK.search(m.group("note")):
        return None
    return m.group("number").strip(), m.group("note")


@lru_cache(maxsize=8192)
def is_note(text: str) -> bool:
    """Whether a cell is a note printed among a row's numbers ("（含自然失效29件）")."""
    t = re.sub(r"\s+", "", text)
    return bool(t) and len(t) <= 40 and bool(_NOTE.match(t))


@lru_cache(maxsize=8192)
def is_bad_number(text: str) -> bool:
    """Whether a cell is short text that is no number and no label: "x", "NaN", "1e400",
    "0x1F", "²", "٣", "1​2" (a zero-width space inside), "5%", "十二"."""
    t = text.strip()
    if not t or len(t) > 30 or is_value_text(t) or is_note(t):
        return False
    cjk = _CJK.findall(t)
    # One Chinese numeral alone ("三") is as likely a piece of a label broken over lines.
    return not cjk or (len(cjk) >= 2 and all(ch in _CN_NUMERALS for ch in cjk))


def bad_number_reason(text: str, reason: str | None) -> str:
    """The reason a bad number is given: “不是数字” when it holds letters, another script's
    digits or invisible marks (or when the value parser would have taken it); else the parser's
    own reason ("不能填百分数")."""
    if reason is None or _odd(text) or re.search(r"[A-Za-z\uff21-\uff3a\uff41-\uff5a]", text):
        return "不是数字"
    return reason


@lru_cache(maxsize=8192)
def kind(text: str) -> str:
    """One cell on its own: VALUE, BAD, NOTE, LABEL or BLANK."""
    t = text.strip()
    if not t:
        return BLANK
    if is_value_text(t):
        return VALUE
    if is_note(t):
        return NOTE
    if is_bad_number(t):
        return BAD
    return LABEL


def roles(cells: list[str], labelled: bool = False) -> list[str]:
    """Each cell of a printed row as LABEL, VALUE, NOTE or BLANK.

    A bad number is a value when it stands after a label (``labelled``: the row's label came
    before these cells) and no label follows it before the next number; otherwise it is part of
    the label ("(1)" before "其他"). A bare "3" before a label ("3", "其他") is numbering.
    """
    kinds = list(map(kind, cells))
    first = kinds.index(VALUE) if VALUE in kinds else len(kinds)
    if BAD not in kinds and NOTE not in kinds and LABEL not in kinds[first:]:
        return kinds  # the usual row: labels, then numbers (or blanks)
    out: list[str] = []
    seen_label = labelled
    for i, k in enumerate(kinds):
        if k in (VALUE, BAD):
            nxt = next((kinds[j] for j in range(i + 1, len(kinds)) if kinds[j] not in (BLANK, NOTE, BAD)), None)
            if k == VALUE:
                numbering = nxt == LABEL and normalize_number_text(cells[i]).isdigit() and len(cells[i].strip()) <= 2
                k = LABEL if numbering and not out.count(VALUE) else VALUE
            else:
                # Numbering alone at the end of a line ("(1)", its label on the next line) is a label's.
                at_end = nxt is None and bool(_NUMBERING.match(cells[i].strip()))
                k = VALUE if seen_label and (nxt == VALUE or (nxt is None and not at_end)) else LABEL
        if k == LABEL:
            seen_label = True
        out.append(k)
    return out
