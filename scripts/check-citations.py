#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Every citation in the sources and docs names something the repository has
(ARCHITECTURE.md, "House rules"). Exits 1 naming each one that does not:
- a path (lib/image/sparse.c, docs/flash.md, lib/image/img_*.c) that exists nowhere;
- a Markdown file (README.md, scatter.md, PROTOCOL.md) that is not in the repository;
- a numbered section ("docs/protocol.md 3", "docs/protocol.md 1, 3", "section 5 of
  docs/protocol.md", "section 7" inside a Markdown file, "bench/device.sh section 5") whose
  file has no heading of that number;
- a named section ('docs/formats.md, "PMT"') whose words no heading of its file holds;
- a link's anchor (formats.md#pmt-...) that no heading of its file makes;
- a section number that names no file ("(3.4)", "0b.6", "3.2 step j", "1.3 row 5", "§3",
  "FORMATS d.1");
- a Markdown page under docs/ pointing outside the repository (../shared).
Usage: scripts/check-citations.py [SOURCE_DIR]"""
import glob, os, re, sys

ROOT = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), ".."))
DIRS = ["lib", "emu", "tools", "tests", "fuzz", "docs", "include", "scripts", "bench", "testkit",
        "cmake", "windows", "udev"]
TOP = ["README.md", "ARCHITECTURE.md", "CMakeLists.txt", ".clang-format"]
SKIP = {os.path.join("fuzz", "corpus"),  # fuzz inputs, not text of ours
        os.path.join("tests", "lint")}  # this check's own test: wrong citations on purpose
SELF = os.path.join("scripts", os.path.basename(__file__))  # its examples are wrong on purpose
SCRIPTS = (".sh", ".py", ".cmake", ".txt", ".in")  # only their comments and docstrings are read
EXTS = (".c", ".h", ".md", ".sh", ".py", ".txt", ".cmake", ".in", ".map", ".rules", ".inf")

PATH = re.compile(r"(?<![\w/.$}<>-])((?:%s)/[\w./*<>-]*[\w*>])" % "|".join(DIRS))
MD = re.compile(r"(?<![\w/.$}-])((?:\.\./)*[\w-]{2,}\.md)\b")
NUMS = r"(\d+(?:\.\d+)*(?:\s*(?:,|and)\s*\d+(?:\.\d+)*)*)(?![\w.]*\w)"
SECTION_AFTER = re.compile(r"(?:,?\s+section)?\s+" + NUMS)
SECTION_BEFORE = re.compile(r"\bsections?\s+(\d+(?:\.\d+)*)\s+of\s+(?:the\s+)?$")
NAMED = re.compile(r',\s+"([^"]+)"')
ANCHOR = re.compile(r"#([\w-]+)")
BARE_SECTION = re.compile(r"\bsections?\s+(\d+(?:\.\d+)*)\b(?!\s+of\b)")
# Section numbers without a file: "§3", "0b.6", "(3.4)", "(3.1, 0b.5-7)", "3.2 step j", "5b".
BARE = [
    re.compile(r"§"),
    re.compile(r"(?<![\w.])0b(?:\.\d+)+"),
    re.compile(r"(?:(?<=of )|(?<=and )|(?<=with )|(?<=§)|(?<=, )|(?<=\())0b(?![\w.])"),
    re.compile(r"(?<![\w.])\d+\.\d+\s+(?:row|step)\s+\w+"),
    re.compile(r"(?<![\w.])[a-z]\.\d+(?:\.\d+)*(?![\w.])"),  # "d.1", "b.1"
    re.compile(r"\b(?:FORMATS|PROTOCOL|STYLE)\b(?!\.md)"),  # another project's documents
    re.compile(r"\((?:\d+\.\d+|\d+b)(?:\s*(?:,|/|-|and|with)\s*(?:\d+\.\d+(?:-\d+)?|\d+b|0b\S*))*\s*(?:[,)]|with\b)"),
]
HEADING_MD = re.compile(r"^#{1,6}\s+(.*?)\s*#*\s*$")
HEADING_SH = re.compile(r"^#\s*-+\s*(\d+(?:\.\d+)*)\.?\s+(.*)$")  # "# --- 5. the demo phone"


def files():
    """The text files to read, relative to ROOT."""
    for t in TOP:
        if os.path.isfile(os.path.join(ROOT, t)):
            yield t
    for d in DIRS:
        for base, subdirs, names in os.walk(os.path.join(ROOT, d)):
            rel = os.path.relpath(base, ROOT)
            subdirs[:] = [s for s in subdirs if os.path.join(rel, s) not in SKIP and s != "node_modules"]
            for n in sorted(names):
                if n.endswith(EXTS) and os.path.join(rel, n) != SELF:
                    yield os.path.join(rel, n)


def prose(path, raw):
    """The text of raw a citation may stand in: all of it, but only the comments and
    docstrings of a script (its code names paths of a build or an install)."""
    if not path.endswith(SCRIPTS):
        return raw
    out, doc = [], False
    for line in raw.split("\n"):
        quotes = line.count('"""')
        if doc or quotes:
            out.append(line)
            doc = doc != (quotes % 2 == 1)
            continue
        m = re.search(r"(?:^|\s)#", line)
        out.append(" " * m.start() + line[m.start():] if m else "")
    return "\n".join(out)


def joined(text):
    """text with each line break and the comment leader after it made one space, and for
    each character of the result the line it came from: citations wrap like prose."""
    out, lines, line = [], [], 1
    i = 0
    leader = re.compile(r"\n[ \t]*(?:\*(?!/)|//|#(?!#)|--)?[ \t]*")
    for m in leader.finditer(text):
        out.append(text[i:m.start()])
        lines.extend([line] * (m.start() - i))
        out.append(" ")
        lines.append(line)
        line += 1
        i = m.end()
    out.append(text[i:])
    lines.extend([line] * (len(text) - i))
    return "".join(out), lines


_headings = {}


def words(title):
    """The words of a heading or a cited name, without case or code quotes."""
    return set(title.replace("`", "").lower().split())


def headings(path):
    """(numbers, names, anchors) of the headings of the file at path (relative to ROOT)."""
    if path in _headings:
        return _headings[path]
    nums, names, anchors = set(), [], set()
    with open(os.path.join(ROOT, path), encoding="utf-8", errors="replace") as f:
        fence = False
        for line in f:
            if line.startswith("```"):
                fence = not fence
                continue
            m = HEADING_MD.match(line) if path.endswith(".md") and not fence else HEADING_SH.match(line)
            if not m:
                continue
            if path.endswith(".md"):
                title = m.group(1)
                n = re.match(r"(\d+(?:\.\d+)*)\.?\s+(.*)", title)
                if n:
                    nums.add(n.group(1))
                names.append(n.group(2) if n else title)
                slug = re.sub(r"[^\w\- ]", "", title.lower()).replace(" ", "-")
                anchors.add(slug)
            else:
                nums.add(m.group(1))
                names.append(m.group(2))
    _headings[path] = (nums, names, anchors)
    return _headings[path]


def resolve(name, where):
    """The file a citation names, relative to ROOT, or None: as written from the citing
    file's folder or the top, or a bare Markdown name under docs/."""
    name = re.sub(r"<[^>]*>", "*", name)  # tests/unit/test_<name>.c
    cands = [os.path.normpath(os.path.join(os.path.dirname(where), name)), os.path.normpath(name)]
    if "/" not in name:
        cands.append(os.path.join("docs", name))
    for c in cands:
        if not c.startswith("..") and glob.glob(os.path.join(ROOT, c)):
            return c
        if not c.startswith("..") and os.path.isfile(os.path.join(ROOT, c + ".c")):
            return c + ".c"  # a program, named by its source (bench/ptyrate)
    return None


def check(path):
    """The problems of one file: (line, message) pairs."""
    with open(os.path.join(ROOT, path), encoding="utf-8", errors="replace") as f:
        raw = f.read()
    text, line_of = joined(prose(path, raw))
    bad = []

    def say(pos, msg):
        bad.append((line_of[min(pos, len(line_of) - 1)], msg))

    def sections(target, start, end):
        """Check the numbered or named section cited right after a file ending at end."""
        rest = text[end:end + 160]
        nums, names, anchors = headings(target)
        m = SECTION_AFTER.match(rest)
        if m:
            for n in re.split(r"\s*(?:,|and)\s*", m.group(1)):
                if n not in nums:
                    say(start, f"{target} has no section {n}")
        m = NAMED.match(rest)
        if m and not any(words(m.group(1)) <= words(h) for h in names):
            say(start, f'{target} has no section "{m.group(1)}"')
        m = ANCHOR.match(rest)
        if m and m.group(1) not in anchors:
            say(start, f"{target} has no heading #{m.group(1)}")
        m = SECTION_BEFORE.search(text[max(0, start - 40):start])
        if m and m.group(1) not in nums:
            say(start, f"{target} has no section {m.group(1)}")

    for m in PATH.finditer(text):
        p = m.group(1).rstrip(".")
        target = resolve(p, path)
        if not target:
            say(m.start(), f"{p} is not in the repository")
        elif os.path.isfile(os.path.join(ROOT, target)):
            sections(target, m.start(), m.end())
    for m in MD.finditer(text):
        name = m.group(1)
        target = resolve(name, path)
        if not target:
            say(m.start(), f"{name} is not in the repository")
        else:
            sections(target, m.start(), m.end())
    if path.endswith(".md"):
        for m in BARE_SECTION.finditer(text):
            before = text[max(0, m.start() - 60):m.start()]
            if re.search(r"(?:[\w.-]+\.(?:md|sh|c|h|py))`?,?\s*$", before):
                continue  # "docs/protocol.md, section 7": checked with its file
            if m.group(1) not in headings(path)[0]:
                say(m.start(), f"{path} has no section {m.group(1)}")
        if path.startswith("docs") and "../shared" in text:
            say(text.index("../shared"), "a page of docs/ points outside the repository (../shared)")
    for r in BARE:
        for m in r.finditer(text):
            say(m.start(), f"'{m.group(0)}' names a section but no file")
    return bad


def main():
    problems = 0
    for path in files():
        for line, msg in sorted(set(check(path))):
            print(f"{path}:{line}: {msg}")
            problems += 1
    if problems:
        print(f"{problems} citation(s) name what the repository does not have")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
