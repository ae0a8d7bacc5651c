#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""The manual pages and the shell completion against the code they document:

- every page in docs/man (phyd.8, phyctl.1, phyd.conf.5 and phyd.phy.5 at least) renders
  with man --warnings and with groff -ww without a word on standard error;
- every option phyd --help lists is an item of phyd.8's OPTIONS; every command and option
  phyctl --help lists is an item of phyctl.1's COMMANDS and OPTIONS;
- every key of the configuration parser's tables (the { "Section", "Key", handler, ... } items
  of src/daemon/phyd-config.c) is an item of the "[SECTION] SECTION OPTIONS" of phyd.conf.5
  ([Daemon]) or phyd.phy.5 (the rest);
- the bash completion loads, registers itself for phyctl, and completes "phyctl st" to the
  commands status, start and stop, and "phyctl sim PHY fault " to the fault kinds.

Items are read from the roff source (the tag lines of .TP/.TQ), so that neither hyphenation
nor line filling can hide or fake a name."""

import os
import re
import subprocess
import sys

import harness as h

MAN_DIR = os.path.join(h.SOURCE, "docs", "man")
PAGES = ["phyd.8", "phyctl.1", "phyd.conf.5", "phyd.phy.5"]
COMPLETION = os.path.join(h.SOURCE, "src", "phyctl", "phyctl.bash-completion")
CONFIG_SOURCES = [os.path.join(h.SOURCE, "src", "daemon", f)
                  for f in ("phyd-config.c", "phyd-config.h")]

# A deterministic rendering: the same locale and width wherever the test runs.
MAN_ENV = dict(os.environ, LC_ALL="C.UTF-8", MANWIDTH="80", MANPAGER="cat", PAGER="cat")


def page_path(name):
    return os.path.join(MAN_DIR, name)


def plain(roff):
    """A roff line as text: escapes that only change fonts or spacing dropped, \\- as -."""
    text = re.sub(r"\\f(\[[^]]*\]|\(..|.)", "", roff)
    text = text.replace("\\-", "-").replace("\\&", "").replace("\\ ", " ").replace("\\~", " ")
    text = text.replace('"', "")
    return re.sub(r"^\.[A-Z]+\s*", "", text)


def tagged_items(name):
    """{section title: [tag line as text, ...]} for the .TP/.TQ items of a page."""
    items = {}
    section = None
    with open(page_path(name)) as f:
        lines = f.read().splitlines()
    for i, line in enumerate(lines):
        m = re.match(r'\.SH\s+"?([^"]*)"?', line)
        if m:
            section = m.group(1).replace("\\-", "-")
            items.setdefault(section, [])
            continue
        if re.match(r"\.(TP|TQ)\b", line) and i + 1 < len(lines) and section:
            items[section].append(plain(lines[i + 1]))
    return items


def has_word(texts, word):
    """Whether word appears in one of texts as a whole option or command name."""
    pattern = re.compile(r"(?<![\w-])" + re.escape(word) + r"(?![\w-])")
    return any(pattern.search(t) for t in texts)


def help_text(binary):
    r = h.run_cmd([binary, "--help"])
    h.check_equal(r.returncode, 0, f"{binary} --help exit status")
    return r.stdout


def help_options(text):
    """Every -x and --long option in the option column of a --help text."""
    options = set()
    for line in text.splitlines():
        column = re.split(r"\s{2,}", line.strip())[0] if line.startswith("  ") else ""
        for m in re.finditer(r"(?<![\w-])(--?[A-Za-z][\w-]*)", column):
            options.add(m.group(1))
    return options


def help_section(text, title):
    """The lines of a --help section ("Commands:") up to the next blank line."""
    lines = text.splitlines()
    start = lines.index(title) + 1
    end = next((i for i in range(start, len(lines)) if not lines[i].strip()), len(lines))
    return lines[start:end]


def phyctl_verbs(text):
    verbs = set()
    for line in help_section(text, "Commands:"):
        if not re.match(r"  \S", line):
            continue  # a continuation line of a description
        column = re.split(r"\s{2,}", line.strip())[0]
        verbs.add(column.split()[0])
        verbs.update(re.findall(r"(?<![\w-])([a-z][a-z-]*) PHY\b", column))
    return verbs


def test_pages_render_without_warnings():
    pages = sorted(n for n in os.listdir(MAN_DIR) if re.search(r"\.[1-8]$", n))
    h.check(set(PAGES) <= set(pages), f"docs/man holds {PAGES}, not only {pages}")
    for name in pages:
        with open(page_path(name)) as f:
            h.check(f.readline().startswith('.\\" SPDX-License-Identifier: GPL-2.0-or-later'),
                    f"{name} starts with its SPDX line")
        r = subprocess.run(["man", "--warnings", "-l", page_path(name)], env=MAN_ENV,
                           capture_output=True, text=True, timeout=30)
        h.check_equal(r.returncode, 0, f"man --warnings -l {name} exit status")
        h.check_equal(r.stderr, "", f"man --warnings -l {name} stderr")
        h.check(len(r.stdout.splitlines()) > 20, f"{name} renders to text")
        r = subprocess.run(["groff", "-man", "-ww", "-z", page_path(name)], env=MAN_ENV,
                           capture_output=True, text=True, timeout=30)
        h.check_equal(r.returncode, 0, f"groff -man -ww -z {name} exit status")
        h.check_equal(r.stderr, "", f"groff -man -ww -z {name} stderr")


def test_phyd_options_documented():
    options = help_options(help_text(h.PHYD))
    h.check("--config-dir" in options and "--help" in options,
            f"phyd --help parsed into options: {sorted(options)}")
    documented = tagged_items("phyd.8").get("OPTIONS", [])
    missing = sorted(o for o in options if not has_word(documented, o))
    h.check(not missing, f"phyd options missing from phyd.8 OPTIONS: {missing}")


def test_phyctl_verbs_and_options_documented():
    text = help_text(h.PHYCTL)
    items = tagged_items("phyctl.1")
    verbs = phyctl_verbs(text)
    h.check({"list", "status", "restart-aneg", "stop", "resume", "sim"} <= verbs,
            f"phyctl --help parsed into commands: {sorted(verbs)}")
    missing = sorted(v for v in verbs if not has_word(items.get("COMMANDS", []), v))
    h.check(not missing, f"phyctl commands missing from phyctl.1 COMMANDS: {missing}")

    options = help_options("\n".join(help_section(text, "Options:")))
    h.check("--json" in options and "-H" in options,
            f"phyctl --help parsed into options: {sorted(options)}")
    missing = sorted(o for o in options if not has_word(items.get("OPTIONS", []), o))
    h.check(not missing, f"phyctl options missing from phyctl.1 OPTIONS: {missing}")


def config_keys():
    keys = set()
    for path in CONFIG_SOURCES:
        with open(path) as f:
            # { "Section", "Key", handler, ...: a ConfigItem, not a list of strings.
            keys.update(re.findall(r'\{\s*"([A-Z][A-Za-z]*)"\s*,\s*"([A-Za-z][A-Za-z0-9]*)"\s*,'
                                   r'\s*[a-z_][a-z0-9_]*\s*,', f.read()))
    return keys


def test_config_keys_documented():
    keys = config_keys()
    h.check(("Daemon", "PollMode") in keys and ("Phy", "AllowRawWrites") in keys,
            f"the ConfigItem tables parsed into keys: {sorted(keys)}")
    missing = []
    for section, key in sorted(keys):
        page = "phyd.conf.5" if section == "Daemon" else "phyd.phy.5"
        items = tagged_items(page).get(f"[{section.upper()}] SECTION OPTIONS", [])
        if not has_word([t.replace("=", " ") for t in items], key):
            missing.append(f"[{section}] {key}= in {page}")
    h.check(not missing, f"configuration keys not documented: {missing}")


def complete(line, cwords=None):
    """The completions bash offers for line, the cursor at its end: the function is called
    as bash calls it, with COMP_LINE and COMP_POINT (which it reads) and COMP_WORDS and
    COMP_CWORD (here split at whitespace only)."""
    script = f"""
source {COMPLETION!r} || exit 3
complete -p phyctl || exit 4
COMP_LINE={line!r}; COMP_POINT=${{#COMP_LINE}}
read -ra COMP_WORDS <<< "$COMP_LINE"
[[ $COMP_LINE = *' ' ]] && COMP_WORDS+=('')
COMP_CWORD=$(( ${{#COMP_WORDS[@]}} - 1 ))
_phyctl phyctl "${{COMP_WORDS[COMP_CWORD]}}" "${{COMP_WORDS[COMP_CWORD-1]}}"
printf '%s\\n' "${{COMPREPLY[@]}}"
"""
    # phyctl itself is found next to the build, for the PHY names; none are needed here.
    env = dict(os.environ, PATH=os.path.dirname(h.PHYCTL) + os.pathsep + os.environ["PATH"])
    r = subprocess.run(["bash", "--norc", "--noprofile", "-c", script], env=env,
                       capture_output=True, text=True, timeout=30)
    h.check_equal(r.returncode, 0, f"bash completing {line!r} (stderr: {r.stderr!r})")
    lines = r.stdout.splitlines()
    h.check_equal(lines[0], "complete -F _phyctl phyctl", "the completion registers itself")
    return sorted(w for w in lines[1:] if w)


def test_bash_completion():
    h.check_equal(complete("phyctl st"), ["start", "status", "stop"], "phyctl st<TAB>")
    h.check_equal(complete("phyctl --json=p"), ["pretty"], "phyctl --json=p<TAB>")
    h.check_equal(complete("phyctl sim sim0:10 fault "),
                  sorted(["read-error", "write-error", "reset-stuck", "absent", "device-gone",
                          "id-changed", "garbage", "clear"]), "phyctl sim PHY fault <TAB>")
    h.check_equal(complete("phyctl set sim0:10 autoneg off sp"), ["speed"],
                  "phyctl set PHY autoneg off sp<TAB>")
    h.check_equal(complete("phyctl read sim0:10 phy"), ["physid1", "physid2"],
                  "phyctl read PHY phy<TAB>")


if __name__ == "__main__":
    sys.exit(h.run([
        ("the man pages render without warnings", test_pages_render_without_warnings),
        ("every phyd option is in phyd(8)", test_phyd_options_documented),
        ("every phyctl command and option is in phyctl(1)",
         test_phyctl_verbs_and_options_documented),
        ("every configuration key is in phyd.conf(5) or phyd.phy(5)",
         test_config_keys_documented),
        ("the bash completion loads and completes", test_bash_completion),
    ]))
