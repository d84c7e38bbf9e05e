#!/usr/bin/env python3
"""Compiles the web console (console/) into Sources/ReelService/Console/ConsoleAssets+Files.swift.

Every file of console/ becomes one raw string literal, so `reel serve` needs no file beside the
binary. Run it after changing console/ (scripts/test checks that the Swift file is up to date, and
ConsoleAssetTests that the binary serves exactly these files):

    scripts/lib/console-assets.py           # writes the Swift file
    scripts/lib/console-assets.py --check   # exits 1 when the Swift file is not up to date
"""
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
SOURCE = ROOT / "console"
TARGET = ROOT / "Sources/ReelService/Console/ConsoleAssets+Files.swift"
# The only kinds of file the console has; anything else in console/ is a mistake.
EXTENSIONS = {".html", ".css", ".js", ".svg"}


def literal(text):
    """A Swift raw multi-line string literal holding exactly `text`."""
    hashes = 1
    while '"""' + "#" * hashes in text or "\\" + "#" * hashes in text:
        hashes += 1
    fence = "#" * hashes
    return f'{fence}"""\n{text}\n"""{fence}'


def swift_text():
    files = sorted(p for p in SOURCE.iterdir() if p.is_file())
    strays = [p.name for p in files if p.suffix not in EXTENSIONS]
    if strays:
        sys.exit(f"console-assets: not a console file type: {', '.join(strays)}")
    out = [
        "// The files of console/, compiled in. Do not edit: change console/ and run",
        "// `scripts/lib/console-assets.py`.",
        "// swift-format-ignore-file",
        "",
        "extension ConsoleAssets {",
        "    /// The text of every file of `console/`, by file name.",
        "    static let texts: [String: String] = [",
    ]
    for path in files:
        text = path.read_text(encoding="utf-8")
        if "\r" in text:
            sys.exit(f"console-assets: {path.name} has carriage returns; use \\n line ends")
        out.append(f'        "{path.name}": {literal(text)},')
    out += ["    ]", "}", ""]
    return "\n".join(out)


def main():
    text = swift_text()
    if sys.argv[1:] == ["--check"]:
        current = TARGET.read_text(encoding="utf-8") if TARGET.exists() else ""
        if current != text:
            sys.exit(f"{TARGET.relative_to(ROOT)} is not console/: run scripts/lib/console-assets.py")
        return
    if sys.argv[1:]:
        sys.exit("usage: console-assets.py [--check]")
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    TARGET.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
