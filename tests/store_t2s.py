"""Makes ``src/xunshi_parser/store/t2s.txt``, the traditional → simplified fold of the store's
keys, from OpenCC (a test dependency, never imported by the library).

Every GB2312 character (the simplified set) and every character of the sample is converted
with OpenCC's s2t, s2tw and s2hk; each pair (simplified, traditional) joins one class, and each
class folds to its smallest GB2312 member. So ``fold(convert(text)) == fold(text)`` for any
text of those characters, whichever of the three conversions made it. Run
``python tests/store_t2s.py`` to write the file; ``tests/test_store_keys.py`` checks it is
current.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).parent.parent
TABLE = ROOT / "src" / "xunshi_parser" / "store" / "t2s.txt"
SAMPLE = ROOT / "tests" / "fixtures" / "beijing-2021-r13.txt"
CONVERSIONS = ("s2t", "s2tw", "s2hk")


def gb2312_hanzi() -> list[str]:
    found = []
    for high in range(0xB0, 0xF8):
        for low in range(0xA1, 0xFF):
            try:
                found.append(bytes([high, low]).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return found


def table_lines() -> list[str]:
    import opencc

    simplified = gb2312_hanzi()
    texts = ["".join(simplified), SAMPLE.read_text(encoding="utf-8")]
    parent: dict[str, str] = {}

    def root(char: str) -> str:
        while parent.get(char, char) != char:
            char = parent[char]
        return char

    gb = set(simplified)

    def rank(char: str) -> tuple[bool, str]:
        return (char not in gb, char)

    for name in CONVERSIONS:
        converter = opencc.OpenCC(name)
        for text in texts:
            converted = converter.convert(text)
            if len(converted) != len(text):
                continue  # a phrase changed length: character pairs cannot be read off
            for before, after in zip(text, converted, strict=True):
                if before != after:
                    first, second = root(before), root(after)
                    if first != second:
                        low, high = sorted((first, second), key=rank)
                        parent[high] = low
    return sorted(f"{char}{root(char)}" for char in parent if root(char) != char)


if __name__ == "__main__":
    lines = table_lines()
    TABLE.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    print(f"{len(lines)} characters folded: {TABLE}")  # noqa: T201
