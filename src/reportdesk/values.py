"""Cell values as people type and publish them: parsing, validation and label normalisation.

All parsing of what goes into a cell lives here, so the wizard, the command line and the
importers accept exactly the same input: full-width digits (１２), thousands separators,
surrounding spaces, a pasted spreadsheet block.
"""

from __future__ import annotations

import re
import unicodedata

from .errors import InvalidValue

COUNT = "count"
AMOUNT = "amount"

_SPACES = re.compile(r"[\s\u00a0\u2000-\u200b\u3000\ufeff]+")
# Digits are ASCII only ([0-9], not \d): Arabic-Indic or Devanagari digits, superscripts and
# circled numbers in a cell are not numbers a Chinese report prints, and are refused.
_THOUSANDS = re.compile(r"^[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?$|^[0-9]{1,3}(?: [0-9]{3})+(?:\.[0-9]+)?$"
                        r"|^[0-9]{1,3}(?:'[0-9]{3})+$")
_PLAIN = re.compile(r"^[0-9]+(?:\.[0-9]+)?$")
_MINUS = "-−－‐‑–—"
_UNITS_COUNT = ("件", "个", "条", "份", "宗", "起", "次", "项")
_UNITS_AMOUNT = ("万元", "万")
_CN_DIGITS = {"〇": 0, "零": 0, "○": 0, "Ｏ": 0, "O": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
              "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10000}


# Full-width ASCII (１２, ，, ．) as half-width; the spaces of typeset text (no-break, thin,
# ideographic) as a plain space. Nothing else is folded: NFKC would turn “²” or “①” into digits.
_FULL_WIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_FULL_WIDTH.update({cp: 0x20 for cp in (0x00A0, 0x3000, 0x202F, 0x205F, *range(0x2000, 0x200B))})
_EDGE_MARKS = " \t\r\n\u200b\u200c\u200d\u200e\u200f\u2060\ufeff"

# The largest count a cell may hold, and the largest amount in 万元: anything bigger is a slip
# of the keyboard (and would not fit SQLite's integers); a large but possible value only gets
# a plausibility warning (the form's rule on very large numbers).
MAX_COUNT = 10**9
MAX_AMOUNT = 10**9


def normalize_number_text(text: str) -> str:
    """Full-width to half-width and no spaces at the ends: ``" １２ "`` → ``"12"``."""
    return text.translate(_FULL_WIDTH).strip(_EDGE_MARKS)


def parse_cell(text: str | int | float | None, kind: str = COUNT) -> int | float | None:
    """Parse what a person typed into a cell; ``None`` means blank.

    Counts are whole numbers ≥ 0; amounts (本年收费金额, 万元) are numbers ≥ 0 and may carry
    decimals. Anything else raises :class:`InvalidValue` with a Chinese reason.
    """
    if text is None:
        return None
    if isinstance(text, bool):
        raise InvalidValue("不是数字")
    if isinstance(text, (int, float)):
        return _check_number(text, kind, str(text))
    if text.isascii() and text.isdigit() and len(text) <= 10:   # the common case, "0" or "12", at once
        if kind != AMOUNT:
            number = int(text)
            if number <= MAX_COUNT:   # digits alone: not negative, not infinite, a whole number
                return number
            raise _too_large(kind)
        return _check_number(float(text), kind, text)
    raw = text
    s = normalize_number_text(text)
    if s == "":
        return None
    s = s.replace("。", ".")  # a decimal point typed with Chinese punctuation on
    if kind == AMOUNT and s.endswith("元") and not s.endswith("万元"):
        raise InvalidValue("单位是万元：5000元请填0.5")
    for unit in _UNITS_AMOUNT if kind == AMOUNT else _UNITS_COUNT:
        if s.endswith(unit):
            s = s[: -len(unit)].strip()
            break
    negative = bool(s) and s[0] in _MINUS
    if negative:
        s = s[1:].strip()
    if _THOUSANDS.match(s):
        s = s.replace(",", "").replace(" ", "").replace("'", "")
    elif " " in s and _PLAIN.match(s.replace(" ", "")):
        raise InvalidValue("数字中间不能有空格")
    if not _PLAIN.match(s):
        if s.count(".") > 1 or s.endswith(".") or s.startswith("."):
            raise InvalidValue("数字格式不对")
        if "/" in s and all(p.isdigit() for p in s.split("/") if p):
            raise InvalidValue("不能填分数")
        if "%" in s:
            raise InvalidValue("不能填百分数")
        raise InvalidValue("不是数字：只能填数字，没有发生的请填0")
    if len(s.partition(".")[0].lstrip("0")) > 12:  # also keeps int() clear of its 4300-digit limit
        raise _too_large(kind)
    number: int | float = float(s) if "." in s else int(s)
    if negative:
        number = -number
    return _check_number(number, kind, raw)


def _check_number(number: int | float, kind: str, raw: str) -> int | float:
    if number != number or number in (float("inf"), float("-inf")):
        raise InvalidValue("不是有效的数字")
    if number < 0:
        raise InvalidValue("不能是负数")
    if kind == AMOUNT:
        if number > MAX_AMOUNT:
            raise _too_large(kind)
        return float(number)
    if number > MAX_COUNT:
        raise _too_large(kind)
    if isinstance(number, float):
        if not number.is_integer():
            raise InvalidValue("件数必须是整数，不能有小数")
        return int(number)
    return number


def _too_large(kind: str) -> InvalidValue:
    limit = f"{MAX_AMOUNT // 10**8}亿万元" if kind == AMOUNT else f"{MAX_COUNT // 10**8}亿"
    return InvalidValue(f"数字太大（超过{limit}），请检查是否多打了数字")


def format_value(value: int | float | None, kind: str = COUNT) -> str:
    """The value as shown in a grid or a printed table; blank for ``None``."""
    if value is None:
        return ""
    if kind == AMOUNT:
        text = f"{value:.4f}".rstrip("0").rstrip(".")
        return text or "0"
    return str(int(value))


def parse_block(text: str) -> list[list[str]]:
    """Split a block copied from Excel or WPS (tabs between cells, newlines between rows).

    Quoted cells (with tabs or newlines inside) are unquoted; a trailing newline adds no row.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    rows: list[list[str]] = []
    row: list[str] = []
    cell: list[str] = []
    i, n = 0, len(text)
    quoted = False
    while i < n:
        ch = text[i]
        if quoted:
            if ch == '"':
                if i + 1 < n and text[i + 1] == '"':
                    cell.append('"')
                    i += 1
                else:
                    quoted = False
            else:
                cell.append(ch)
        elif ch == '"' and not cell:
            quoted = True
        elif ch == "\t":
            row.append("".join(cell))
            cell = []
        elif ch == "\n":
            row.append("".join(cell))
            rows.append(row)
            row, cell = [], []
        else:
            cell.append(ch)
        i += 1
    if cell or row:
        row.append("".join(cell))
        rows.append(row)
    return rows


def cn_number(text: str) -> int | None:
    """Read a number written in digits or Chinese numerals (十二, 二〇二四, ３); None if not one."""
    s = normalize_number_text(text)
    if s.isascii() and s.isdigit():
        return int(s)
    if not s or any(ch not in _CN_DIGITS and ch not in _CN_UNITS for ch in s):
        return None
    if not any(ch in _CN_UNITS for ch in s):  # digit by digit: 二〇二四
        return int("".join(str(_CN_DIGITS[ch]) for ch in s))
    total, section, digit = 0, 0, 0
    for ch in s:
        if ch in _CN_DIGITS:
            digit = _CN_DIGITS[ch]
        else:
            unit = _CN_UNITS[ch]
            if unit == 10000:
                total += (section + digit) * unit
                section = 0
            else:
                section += (digit or 1) * unit
            digit = 0
    return total + section + digit


# ----------------------------------------------------------------------------- texts

# Line and page breaks of Word and Unicode as newlines; other control characters (invisible,
# and not allowed in a Word document's XML) are dropped.
_TEXT_BREAKS = re.compile("\r\n|[\r\x0b\x0c\x85\u2028\u2029]")
_TEXT_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def clean_text(text: str) -> str:
    """A text part as it is kept: newlines between paragraphs, no invisible control characters.

    Text holding a lone surrogate (bytes that were not valid UTF-8, decoded leniently) is
    refused with :class:`InvalidValue`: it would be saved garbled.
    """
    if _SURROGATE.search(text):
        raise InvalidValue("文字中有无法识别的字符（可能是编码不对，应为 UTF-8），没有保存；请检查后重新输入")
    return _TEXT_CONTROLS.sub("", _TEXT_BREAKS.sub("\n", text))


# ----------------------------------------------------------------------------- labels

_QUOTES = "\"'“”‘’「」『』〝〞"
_LABEL_DROP = re.compile(r"[\s\u00a0\u3000" + re.escape(_QUOTES) + r"]+")
# Numbering and list separators vary freely between copies: "1." "1、" "1．" are one thing.
_LABEL_PUNCT = str.maketrans({",": "、", ".": "、", "。": "、", "：": ":", "；": ";"})


def _circled(m: re.Match) -> str:
    ch = ord(m.group(0))
    for start, stop in _CIRCLED_RANGES:
        if start <= ch <= stop:
            return f"{ch - start + 1}、"
    return "一二三四五六七八九十"[ch - 0x3280] + "、"


# Circled numbers ① ❶ ➀ ➊ (NFKC turns ① into a bare "1", which no longer reads as
# numbering) and circled ideographs ㊀: the same numbering as "1、" and "一、".
_CIRCLED_RANGES = ((0x2460, 0x2473), (0x2776, 0x277F), (0x2780, 0x2789), (0x278A, 0x2793))
_CIRCLED = re.compile("[\u2460-\u2473\u2776-\u2793\u3280-\u3289]")


def normalize_label(text: str) -> str:
    """A printed label reduced for matching: half-width, no spaces or quotes, same brackets.

    ``"(二) 部分公开 (区分处理的, 只计这一情形"`` and ``"（二）部分公开（区分处理的，只计这一情形"``
    normalise to the same string; numbering ``①`` reads as ``1、``.
    """
    s = _CIRCLED.sub(_circled, text)
    s = unicodedata.normalize("NFKC", s)
    s = s.translate(_LABEL_PUNCT)
    s = _LABEL_DROP.sub("", s)
    s = s.replace("〔", "[").replace("〕", "]").replace("【", "[").replace("】", "]")
    return s.lower()


def squash_spaces(text: str) -> str:
    """Collapse runs of white space (including full-width spaces) into one space."""
    return _SPACES.sub(" ", text).strip()
