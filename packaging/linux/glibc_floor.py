"""The newest C library (glibc) a bundle needs: every ELF file scanned with ``objdump -T``.

    python3 packaging/linux/glibc_floor.py dist/reportdesk [--floor 2.28]

A program runs only where the system's glibc is at least as new as the newest ``GLIBC_x.y``
symbol version that any of its files asks for. This reads, for every ELF file in the folder
(programs, libraries, Python extension modules, Qt plugins; symbolic links skipped), the
dynamic symbols it takes from glibc (``*UND*`` entries versioned ``GLIBC_x.y``), and prints
the newest version overall and the files and symbols that need more than ``--floor``.
Exit status 1 when some file needs more than the floor, 0 otherwise, 2 when the folder or
objdump is missing. Only the standard library is used (and binutils' objdump).
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

# "0000000000000000      DF *UND*  0000000000000000 (GLIBC_2.34) pthread_create"
# objdump prints the version in parentheses for a hidden/non-default one; both are read.
_UNDEFINED = re.compile(r"\*UND\*\s+[0-9a-fA-F]+\s+\(?GLIBC_(\d+(?:\.\d+)+)\)?\s+(\S+)")


def version_key(text: str) -> tuple[int, ...]:
    """"2.28" → (2, 28), for comparing versions."""
    return tuple(int(n) for n in text.split("."))


@dataclass
class ElfNeeds:
    """What one ELF file takes from glibc: {symbol: version}."""

    path: Path
    symbols: dict[str, str] = field(default_factory=dict)

    @property
    def newest(self) -> str | None:
        """The newest GLIBC version this file needs, or None (static, or no glibc symbols)."""
        return max(self.symbols.values(), key=version_key, default=None)

    def above(self, floor: str) -> dict[str, str]:
        """The symbols that need a glibc newer than ``floor``."""
        limit = version_key(floor)
        return {s: v for s, v in sorted(self.symbols.items()) if version_key(v) > limit}


def is_elf(path: Path) -> bool:
    """Whether ``path`` is a regular file (not a symbolic link) starting with ELF's magic."""
    if path.is_symlink() or not path.is_file():
        return False
    with open(path, "rb") as f:
        return f.read(4) == b"\x7fELF"


def elf_files(folder: Path) -> list[Path]:
    """Every ELF file under ``folder``, sorted."""
    return sorted(p for p in folder.rglob("*") if is_elf(p))


def parse_dynamic_symbols(text: str) -> dict[str, str]:
    """{symbol: GLIBC version} of the undefined symbols in ``objdump -T`` output."""
    needs: dict[str, str] = {}
    for match in _UNDEFINED.finditer(text):
        version, symbol = match.groups()
        needs[symbol] = max(needs.get(symbol, version), version, key=version_key)
    return needs


def glibc_needs(path: Path, objdump: str = "objdump") -> ElfNeeds:
    """The glibc symbols one ELF file needs, read with ``objdump -T``."""
    done = subprocess.run([objdump, "-T", str(path)], capture_output=True, text=True, errors="replace")
    return ElfNeeds(path, parse_dynamic_symbols(done.stdout))


def scan(folder: Path, objdump: str = "objdump") -> list[ElfNeeds]:
    """What every ELF file under ``folder`` needs from glibc."""
    return [glibc_needs(p, objdump) for p in elf_files(folder)]


def newest(needs: list[ElfNeeds]) -> str | None:
    """The newest GLIBC version any of the files needs."""
    return max((n.newest for n in needs if n.newest), key=version_key, default=None)


def report(folder: Path, needs: list[ElfNeeds], floor: str) -> tuple[str, bool]:
    """The text to print, and whether every file stays at or below ``floor``."""
    lines = [f"{folder}：{len(needs)} 个 ELF 文件，所需 glibc 最高为 {newest(needs) or '（无）'}，下限目标 {floor}"]
    over = [(n, n.above(floor)) for n in needs if n.above(floor)]
    for n, symbols in over:
        names = "、".join(f"{s}@GLIBC_{v}" for s, v in symbols.items())
        lines.append(f"  超过 {floor}：{n.path.relative_to(folder)}（{n.newest}）：{names}")
    if over:
        lines.append(f"共 {len(over)} 个文件需要比 {floor} 更新的 glibc")
    return "\n".join(lines), not over


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="检查程序文件夹中每个 ELF 文件所需的 glibc 版本")
    parser.add_argument("folder", type=Path, help="PyInstaller 生成的程序文件夹，例如 dist/reportdesk")
    parser.add_argument("--floor", default="2.28", help="允许的最高 glibc 版本（默认 2.28）")
    args = parser.parse_args(argv)
    objdump = shutil.which("objdump")
    if objdump is None:
        print("glibc_floor：没有找到 objdump，请安装 binutils", file=sys.stderr)
        return 2
    if not args.folder.is_dir():
        print(f"glibc_floor：没有找到文件夹 {args.folder}", file=sys.stderr)
        return 2
    needs = scan(args.folder, objdump)
    text, ok = report(args.folder, needs, args.floor)
    print(text)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
