"""Decode the bytes of a text file or a web page: the one encoding detector of the importers.

Chinese Windows saves plain text as GBK (GB2312 before it); sites serve UTF-8 or GBK and
often declare one while a page saved by hand holds the other. The order, for both:

1. a byte-order mark (UTF-8, UTF-16);
2. valid UTF-8 — GBK text is practically never valid UTF-8, while the reverse is not so;
3. an encoding the page declares, other than UTF-8 and the GB family (Big5, Shift-JIS …);
4. GB18030, the superset of GBK and GB2312 (named as declared when the page named one of them);
5. UTF-8 with the undecodable bytes replaced.
"""

from __future__ import annotations

UTF8 = "UTF-8"
_GB = {"gb2312", "gbk", "gb18030", "x-gbk", "cp936", "gb_2312-80", "euc-cn", "hz-gb-2312"}


def decode(data: bytes, declared: str = "") -> tuple[str, str]:
    """The text of ``data`` and the name of its encoding (upper case: "UTF-8", "GBK" …).

    ``declared`` is the encoding the file itself names (a web page's ``<meta charset>``); it is
    believed only when the bytes decode under it.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), UTF8
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace"), "UTF-16"
    declared = declared.strip().lower()
    order = ["utf-8"]
    if declared and declared not in _GB and declared not in ("utf-8", "utf8"):
        order.append(declared)
    order.append("gb18030")
    for encoding in order:
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        if encoding == "gb18030" and declared in _GB:
            return text, declared.upper()
        return text, encoding.upper()
    return data.decode("utf-8", errors="replace"), UTF8
