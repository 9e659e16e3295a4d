"""Open untrusted zip archives and XML without letting them exhaust memory or reach out.

- A zip member is inflated up to a limit, counting what comes out, so a zip bomb (also one
  whose headers lie about the sizes) stops at the limit instead of filling memory.
- XML with any DOCTYPE is refused before parsing (a Word document never has one; external
  entities and entity expansion both need one), and the parser resolves no entities and
  touches no network.
- Table rows are counted before anything is built from them.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib

from lxml import etree

from ..errors import UnreadableReport

MAX_MEMBERS = 5000
# A whole report's document.xml is well under 2 MB; 200 pages with tables stay under 40 MB.
MAX_XML_BYTES = 48 << 20
MAX_TABLE_ROWS = 2000
# A long report has a few hundred paragraphs (or, copied from a PDF, a line per table cell:
# about 1500 lines); reading is linear, and this bound keeps a hostile file under a second.
MAX_BLOCKS = 20000

_DOCTYPE = re.compile(rb"<!\s*(?:DOCTYPE|ENTITY)", re.IGNORECASE)
# collect_ids=False: no table of xml:id values (nothing here looks elements up by id; building
# it costs some 3 % of parsing a Word document).
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
                          huge_tree=False, remove_comments=True, remove_pis=True, collect_ids=False)


def open_zip(data: bytes, name: str, what: str = "Word 文档") -> zipfile.ZipFile:
    """The archive in ``data``; a damaged or non-zip file gets a Chinese message."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        count = len(zf.infolist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError):
        raise UnreadableReport(f"“{name}”不是有效的{what}：文件已损坏，或者只是改了扩展名") from None
    if count > MAX_MEMBERS:
        raise UnreadableReport(f"“{name}”包含{count}个内部文件，不像是{what}，未读取")
    return zf


def read_member(zf: zipfile.ZipFile, member: str, name: str, limit: int = MAX_XML_BYTES) -> bytes | None:
    """One member's bytes, inflated in chunks and stopped at ``limit``; None if absent."""
    try:
        info = zf.getinfo(member)
    except KeyError:
        return None
    if info.flag_bits & 0x1:
        raise UnreadableReport(f"“{name}”已加密（设置了打开密码），请在 Word 或 WPS 中取消密码后再导入")
    if info.file_size > limit:
        raise UnreadableReport(_too_big(name))
    try:
        with zf.open(info) as f:
            out = f.read(limit + 1)   # inflates no more than that, whatever the headers say
    except (zipfile.BadZipFile, EOFError, OSError, ValueError, NotImplementedError, RuntimeError, zlib.error):
        raise UnreadableReport(f"“{name}”已损坏：其中的“{member}”无法解压") from None
    if len(out) > limit:
        raise UnreadableReport(_too_big(name))
    return out


def _too_big(name: str) -> str:
    return f"“{name}”解压后过大（可能是“压缩炸弹”），不像是一份年度报告，未读取"


def parse_xml(data: bytes, name: str) -> etree._Element:
    """Parse XML from an untrusted file: any DOCTYPE is refused, no entity is resolved."""
    probe = data
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        probe = data.decode("utf-16", errors="ignore").encode("utf-8", errors="ignore")
    if b"<!" in probe and _DOCTYPE.search(probe):   # (the search is slower than the look for "<!")
        raise UnreadableReport(f"“{name}”包含文档类型声明（DOCTYPE/ENTITY），可能是恶意构造的文件，未读取")
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError:
        raise UnreadableReport(f"“{name}”已损坏：文档内容不是有效的 XML") from None
    if root is None:
        raise UnreadableReport(f"“{name}”是空文档")
    return root


def check_block_count(blocks: int, name: str, unit: str = "个段落") -> None:
    """Refuse a document with far more paragraphs (or lines) than any report."""
    if blocks > MAX_BLOCKS:
        raise UnreadableReport(f"“{name}”共有{blocks}{unit}，远多于一份年度报告（几百{unit.lstrip('个')}），不像是年度报告，未读取")


def check_row_count(rows: int, name: str) -> None:
    """Refuse a document whose tables have far more rows than any report."""
    if rows > MAX_TABLE_ROWS:
        raise UnreadableReport(f"“{name}”的表格共有{rows}行，年度报告的表格不到100行，不像是年度报告，未读取")
