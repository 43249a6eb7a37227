#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Man pages and shell completion for mtkfw, made from the programs' own help text.

The -h text of each command is the one source: this script runs the built programs
(`mtkfw --help`, `mtkfw help CMD`, `mtkfw-emu -h`) and turns what they print into
man/man1/mtkfw.1, man/man1/mtkfw-CMD.1, man/man1/mtkfw-emu.1, completion/mtkfw
(bash) and completion/_mtkfw (zsh) under OUTDIR. Run by the build (target 'docs').

usage: gen-docs.py MTKFW MTKFW_EMU OUTDIR
"""
import os
import re
import subprocess
import sys

OPTION = re.compile(r"^ {2,6}(-{1,2}[A-Za-z0-9][\w-]*)(.*)$")
# An item of a list: "  TERM   description" (an option with its argument, a command, a fault)
ITEM = re.compile(r"^ {2,6}(\S.*?)(?: {2,}(.*))?$")


def run(*argv):
    """The program's output; its help must exit 0."""
    return subprocess.run(argv, check=True, capture_output=True, text=True).stdout


def roff(text):
    """Escapes one line of text for roff."""
    text = text.replace("\\", "\\e").replace("-", "\\-")
    return "\\&" + text if text[:1] in (".", "'") else text


def commands(top_help):
    """(name, summary) of each command listed by 'mtkfw --help'."""
    out, inside = [], False
    for line in top_help.splitlines():
        if line.strip() == "commands:":
            inside = True
        elif inside and not line.strip():
            break
        elif inside:
            name, summary = line.split(None, 1)
            out.append((name, summary.strip()))
    return out


def split_usage(text):
    """The usage lines (without 'usage: ') and the rest of a help text."""
    lines = text.rstrip("\n").splitlines()
    usage = []
    while lines and (lines[0].startswith("usage:") or (usage and lines[0].startswith(" "))):
        line = lines.pop(0)
        usage.append(line[len("usage: "):] if line.startswith("usage:") else line.strip())
    return usage, lines


def body(lines):
    """roff for a help text's body: paragraphs, headings ending in ':', options as .TP."""
    out, para = [], False
    for line in lines:
        m = OPTION.match(line)
        if not line.strip():
            para = False
            continue
        item = ITEM.match(line)
        if item and (item.group(2) is not None or m):
            term, desc = item.group(1), item.group(2) or ""
            if item.group(2) is None:  # "--every-byte with --full: ...": no gap after the option
                term, desc = m.group(1), m.group(2)
            out += [".TP", "\\fB" + roff(term) + "\\fR", roff(desc.strip())]
            para = True
        elif line.startswith(" ") and para:
            out.append(roff(line.strip()))
        elif re.match(r"^[\w ,/'-]+:$", line):
            out += [".SS " + roff(line[:-1])]
            para = False
        else:
            if not para:
                out.append(".PP")
            out.append(roff(line.strip()))
            para = True
    return out


def page(name, summary, text, version, see_also):
    """One man page (section 1) from a help text."""
    usage, rest = split_usage(text)
    out = ['.TH %s 1 "" "mtkfw %s" "mtkfw manual"' % (name.upper(), version),
           ".SH NAME", "%s \\- %s" % (roff(name), roff(summary)), ".SH SYNOPSIS", ".nf"]
    out += [roff(u) for u in usage] + [".fi", ".SH DESCRIPTION"] + body(rest)
    out += [".SH SEE ALSO", ", ".join("\\fB%s\\fR(1)" % roff(s) for s in see_also)]
    return "\n".join(out) + "\n"


def options(text):
    """Every option a help text names, in order, once."""
    seen = []
    for line in text.splitlines():
        m = OPTION.match(line)
        if m and m.group(1) not in seen:
            seen.append(m.group(1))
    return seen


def bash(cmds, opts):
    cases = "".join('        %s) opts="%s" ;;\n' % (c, " ".join(opts[c])) for c, _ in cmds)
    return """# bash completion for mtkfw (generated from its help text by scripts/gen-docs.py)
_mtkfw() {
    local cur=${COMP_WORDS[COMP_CWORD]} opts
    if [ "$COMP_CWORD" -eq 1 ]; then
        COMPREPLY=($(compgen -W "%s help --help --version" -- "$cur"))
        return
    fi
    case ${COMP_WORDS[1]} in
%s        help) COMPREPLY=($(compgen -W "%s" -- "$cur")); return ;;
        *) opts="" ;;
    esac
    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$opts -h --help" -- "$cur"))
    else
        COMPREPLY=($(compgen -f -- "$cur"))
    fi
}
complete -o filenames -F _mtkfw mtkfw
""" % (" ".join(c for c, _ in cmds), cases, " ".join(c for c, _ in cmds))


def zsh(cmds, opts):
    def q(s):
        return s.replace("'", "'\\''").replace(":", "\\:")
    listing = "\n".join("        '%s:%s'" % (c, q(s)) for c, s in cmds)
    cases = "".join("        %s) opts=(%s) ;;\n" % (c, " ".join(opts[c])) for c, _ in cmds)
    return """#compdef mtkfw
# zsh completion for mtkfw (generated from its help text by scripts/gen-docs.py)
_mtkfw() {
    local -a cmds opts
    cmds=(
%s
    )
    if (( CURRENT == 2 )); then
        _describe 'command' cmds
        return
    fi
    case $words[2] in
%s        help) _describe 'command' cmds; return ;;
    esac
    if [[ $PREFIX == -* ]]; then
        compadd -- $opts -h --help
    else
        _files
    fi
}
_mtkfw "$@"
""" % (listing, cases)


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__.strip().splitlines()[-1])
    cli, emu, outdir = sys.argv[1:]
    version = run(cli, "--version").split()[1]
    top = run(cli, "--help")
    cmds = commands(top)
    if not cmds:
        sys.exit("gen-docs.py: 'mtkfw --help' lists no command")
    names = ["mtkfw-" + c for c, _ in cmds]
    man = os.path.join(outdir, "man", "man1")
    intro = ["usage: mtkfw <command> [options] [args]", ""]
    intro += [l for l in top.splitlines()[1:] if not l.startswith("mtkfw ")]
    write(os.path.join(man, "mtkfw.1"),
          page("mtkfw", "firmware tool for MediaTek MT6572 phones", "\n".join(intro), version,
               names + ["mtkfw-emu"]))
    opts = {}
    for c, summary in cmds:
        text = run(cli, "help", c)
        opts[c] = options(text)
        write(os.path.join(man, "mtkfw-%s.1" % c), page("mtkfw-" + c, summary, text, version, ["mtkfw"]))
    write(os.path.join(man, "mtkfw-emu.1"),
          page("mtkfw-emu", "a virtual MT6572 phone on a pseudo-terminal", run(emu, "-h"), version,
               ["mtkfw"]))
    write(os.path.join(outdir, "completion", "mtkfw"), bash(cmds, opts))
    write(os.path.join(outdir, "completion", "_mtkfw"), zsh(cmds, opts))


if __name__ == "__main__":
    main()
