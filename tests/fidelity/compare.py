# SPDX-License-Identifier: GPL-2.0-or-later
"""The fidelity comparison: the kernel's recording (K) and phyd's (P) of one scenario, each
cut into state-machine runs, compared run by run (operation, register, value), then the
timeline of state, link, speed, duplex and negotiated pause.

The only normalisation is collapsing identical consecutive reset-poll reads: how many times
phy_poll_reset reads BMCR with RESET still set depends on the sleep it draws (12.5-50 ms,
spec §2.1) against the reset's duration, not on anything the state machine decides.

Runs and the event rule are those of INTERFACE.md."""

import re
from dataclasses import dataclass, field

PHY_ADDR = 0x10
RUN_GAP_USEC = 200_000
CLOCK_SKEW_USEC = 100_000
MII_BMCR = 0x00
BMCR_RESET = 0x8000
BMCR_PDOWN = 0x0800

# Both shapes the parser in include/phyd/mdio-trace.h takes: DESIGN.md's
#   "3.563068 usb-001:002 read phy:0x00 reg:0x14 val:0xffff"
# and the tracefs mdio_access event
#   "kworker/0:1-45 [000] ..... 3.563068: mdio_access: usb-001:002 read  phy:0x10 reg:0x01 \
#    val:0x7809" (one line)
ACCESS_RE = re.compile(
    r"(?:^|\s)(?P<t>\d+\.\d+):?\s+(?:mdio_access:\s+)?(?P<bus>\S+)\s+(?P<op>read|write)\s+"
    r"phy:0x(?P<addr>[0-9a-fA-F]+)\s+reg:0x(?P<reg>[0-9a-fA-F]+)\s+val:0x(?P<val>[0-9a-fA-F]+)"
    r"(?:\s+err:(?P<err>-?\d+))?")


@dataclass(frozen=True)
class Access:
    usec: int
    op: str  # "read" | "write"
    addr: int
    reg: int
    val: int
    err: int = 0

    def key(self):
        """What is compared: operation, register, value (and the error, if any)."""
        return (self.op, self.reg, self.val, self.err)

    def __str__(self):
        s = f"{self.op} reg 0x{self.reg:02x} val 0x{self.val:04x}"
        return s + (f" err {self.err}" if self.err else "")


def parse_trace(lines):
    """Accesses of a trace, in order; comment lines ('#'), headers and other events skipped.
    A line that names mdio_access but does not parse is an error, as in the C parser."""
    out = []
    for n, line in enumerate(lines, 1):
        s = line.strip()
        if not s or s.startswith("#"):
            continue
        m = ACCESS_RE.search(s)
        if not m:
            if "mdio_access" in s:
                raise ValueError(f"line {n}: an mdio_access event that does not parse: {s!r}")
            continue
        sec, frac = m["t"].split(".")
        usec = int(sec) * 1_000_000 + int((frac + "000000")[:6])
        out.append(Access(usec, m["op"], int(m["addr"], 16), int(m["reg"], 16),
                          int(m["val"], 16), int(m["err"] or 0)))
    return out


def ends_run(a):
    """A suspend (BMCR written with PDOWN) ends whatever phylib was doing (INTERFACE.md)."""
    return a.op == "write" and a.reg == MII_BMCR and a.val & BMCR_PDOWN


def is_run_member(a, addr=PHY_ADDR):
    """The PHY's accesses only (PHY 0 is the asix MAC's, spec §9), and only those that
    succeeded: the kernel's mdio_access tracepoint records no other (TP_CONDITION(err >= 0)),
    so phyd's record is read through the same lens."""
    return a.addr == addr and not a.err


def split_runs(accesses, addr=PHY_ADDR):
    """[[Access]] per run: the run members (is_run_member), cut at idle gaps of
    RUN_GAP_USEC or more and after a suspend."""
    runs = []
    prev = None
    for a in accesses:
        if not is_run_member(a, addr):
            continue
        if prev is None or a.usec - prev.usec >= RUN_GAP_USEC or ends_run(prev):
            runs.append([])
        runs[-1].append(a)
        prev = a
    return runs


# A run that starts sooner than this after the one before, with no event of the scenario in
# between, is not on phylib's 1 s schedule: the machine stalled long enough inside a run to cut
# it in two. Such a recording does not stand for the scenario and is played again.
POLL_MIN_USEC = 900_000


def schedule_problem(runs, events):
    """None, or what is wrong with the runs' schedule. events: [(usec, action)] as applied.
    Run 1 follows the first 'up'. A run an event started is on no schedule; ethtool's
    phy_start_aneg ('pause') does not move the pending poll, so the run after it comes 1 s
    after the run before the event, not after the event's run."""
    def started_by(i, actions):
        end, start = runs[i - 1][-1].usec, runs[i][0].usec
        return any(end <= t <= start and a in actions for t, a in events)

    for i in range(2, len(runs)):
        if started_by(i, ("up", "down", "pause", "plug", "unplug")):
            continue
        ref = i - 1
        if started_by(ref, ("pause",)):
            ref -= 1
        end, start = runs[ref][-1].usec, runs[i][0].usec
        if start - end < POLL_MIN_USEC:
            return (f"run {i} began {(start - runs[i - 1][-1].usec) / 1000:.0f} ms after run "
                    f"{i - 1} with no event in between: a stall cut a run in two")
    return None


# Events that call into phylib and so can begin a run: ip link set up/down, ethtool -A.
RUN_STARTERS = ("up", "down", "pause")


def run_causes(runs, events):
    """What began each run from 2 on: the last of RUN_STARTERS applied in the idle gap
    before it, or "poll" (the state machine's own schedule). events: [(usec, action)] as
    applied, the first being 'after 0 up' (INTERFACE.md). Runs 0 and 1 are the probe and
    that up's; phyd starts the PHY itself, and its side applies the first 'up' once run 1 has
    begun, so that event is left out."""
    causes = {}
    for i in range(2, len(runs)):
        end, start = runs[i - 1][-1].usec, runs[i][0].usec
        begun = [a for t, a in events[1:] if end <= t <= start and a in RUN_STARTERS]
        causes[i] = begun[-1] if begun else "poll"
    return causes


def compare_causes(k_runs, k_events, p_runs, p_events):
    """The first run that began differently (a run made by the schedule on one side and by
    an event on the other is a different state machine even with the same accesses)."""
    k, p = run_causes(k_runs, k_events), run_causes(p_runs, p_events)
    for i in sorted(set(k) & set(p)):
        if k[i] != p[i]:
            say = {"poll": "on its own schedule"}
            return (f"run {i}: the kernel's began {say.get(k[i], 'at ' + repr(k[i]))}, "
                    f"phyd's {say.get(p[i], 'at ' + repr(p[i]))}")
    return None


def is_reset_poll_read(a):
    return a.op == "read" and a.reg == MII_BMCR and a.val & BMCR_RESET and not a.err


def collapse(run):
    """The run with identical consecutive reset-poll reads (BMCR read with RESET still set)
    collapsed into one."""
    out = []
    for a in run:
        if out and is_reset_poll_read(a) and out[-1].key() == a.key():
            continue
        out.append(a)
    return out


# The timeline: (run, what) entries, what one of
#   ("state", "nolink")                       the state at the end of the run changed
#   ("link", "up", 100, "full", "rx/tx")      link came up (phylink's "Link is Up")
#   ("link", "down")                          link went down
#   ("settings", "100", "full", "Autoneg+…")  `ethtool eth0` / Speed, Duplex and
#                                             LinkPartnerAdvertising, asked after the run
STATES = ("down", "ready", "halted", "error", "up", "running", "nolink", "cabletest")

# include/uapi/linux/ethtool.h's link-mode bits a 10/100 PHY can set, as phyd names them.
LINK_MODE_BITS = {
    0: "10baseT/Half", 1: "10baseT/Full", 2: "100baseT/Half", 3: "100baseT/Full",
    6: "Autoneg", 7: "TP", 13: "Pause", 14: "Asym_Pause",
}
SPEED_UNKNOWN = 0xffffffff
DUPLEXES = {0: "half", 1: "full", 0xff: "unknown"}


def modes_string(names):
    return "+".join(sorted(names)) or "none"


def kernel_settings(speed, duplex, lp_words):
    """A timeline entry from the kernel's ETHTOOL_GLINKSETTINGS values: speed and duplex
    as numbers, lp_advertising as comma-separated 32-bit hex words, lowest first."""
    speed = int(speed)
    names = []
    for w, word in enumerate(lp_words.split(",")):
        v = int(word, 16)
        names += [LINK_MODE_BITS.get(32 * w + b, f"bit{32 * w + b}")
                  for b in range(32) if v >> b & 1]
    return ("settings", "unknown" if speed == SPEED_UNKNOWN else str(speed),
            DUPLEXES.get(int(duplex), duplex), modes_string(names))


def phyd_settings(props):
    """The same entry from phyd's Speed (0: unknown), Duplex and LinkPartnerAdvertising."""
    return ("settings", str(props["Speed"]) if props["Speed"] else "unknown",
            props["Duplex"], modes_string(props["LinkPartnerAdvertising"]))


def parse_kernel_timeline(lines, runs):
    """K's timeline file (INTERFACE.md) into entries, each placed in the last run that started
    before it was printed (give or take CLOCK_SKEW_USEC)."""
    out = []
    starts = [r[0].usec for r in runs]
    for n, line in enumerate(lines, 1):
        s = line.strip()
        if not s or s.startswith("#"):
            continue
        words = s.split()
        usec = int(round(float(words[0]) * 1e6))
        # Up to 100 ms of skew between the log's clock and the trace's is tolerated (the
        # recipe measured dmesg 20-30 ms behind the emulator); runs are 400 ms apart or more.
        run = max([i for i, t in enumerate(starts) if t <= usec + CLOCK_SKEW_USEC], default=0)
        if words[1] == "state" and len(words) == 5 and words[3] == "->":
            what = ("state", words[4].lower())
        elif words[1:3] == ["link", "up"] and len(words) == 6:
            what = ("link", "up", int(words[3]), words[4].lower(), words[5].lower())
        elif words[1:3] == ["link", "down"]:
            what = ("link", "down")
        elif words[1] == "settings" and len(words) == 5:
            what = kernel_settings(*words[2:])
        else:
            raise ValueError(f"timeline line {n}: cannot read {s!r}")
        out.append((run, what))
    return out


def pause_string(tx, rx):
    return "rx/tx" if rx and tx else "rx" if rx else "tx" if tx else "off"


def snapshot_timeline(snapshots):
    """P's timeline from the snapshots taken after each run: [(run, {State, Link, Speed,
    Duplex, NegotiatedTxPause, NegotiatedRxPause[, Silent][, Settings]})], run 0 being the
    probe (state ready, link down: the kernel's state before ip link set up, which prints
    nothing); Settings lists the answers of the scenario's `settings` after that run."""
    out = []
    prev_state, prev_link = "ready", False
    for run, snap in snapshots:
        # A change made through phy_start_aneg from ethtool skips the notify, and with it the
        # kernel's "PHY state change" line; the next run starts from the new state (§3.4).
        if snap["State"] != prev_state and not snap.get("Silent"):
            out.append((run, ("state", snap["State"])))
        if snap["Link"] and not prev_link:
            out.append((run, ("link", "up", snap["Speed"], snap["Duplex"],
                              pause_string(snap["NegotiatedTxPause"],
                                           snap["NegotiatedRxPause"]))))
        elif prev_link and not snap["Link"]:
            out.append((run, ("link", "down")))
        out += [(run, tuple(q)) for q in snap.get("Settings", [])]
        prev_state, prev_link = snap["State"], snap["Link"]
    return out


def timeline_key(entry):
    # Within one run the kernel prints the state change before phylink resolves the link;
    # a `settings` is asked in the idle gap after the run.
    run, what = entry
    return (run, {"state": 0, "link": 1}.get(what[0], 2))


@dataclass
class Exceptions:
    """Accepted differences, keyed by (scenario, run, access): the file's lines are
    "SCENARIO RUN ACCESS REASON...", REASON being why a kernel developer would accept it."""
    entries: dict = field(default_factory=dict)
    used: set = field(default_factory=set)

    @classmethod
    def load(cls, path):
        ex = cls()
        with open(path) as f:
            for n, line in enumerate(f, 1):
                s = line.strip()
                if not s or s.startswith("#"):
                    continue
                words = s.split(None, 3)
                if len(words) < 4 or not words[1].isdigit() or not words[2].isdigit():
                    raise ValueError(f"{path}:{n}: expected 'SCENARIO RUN ACCESS REASON'")
                ex.entries[(words[0], int(words[1]), int(words[2]))] = words[3]
        return ex

    def excuse(self, scenario, run, access):
        key = (scenario, run, access)
        if key in self.entries:
            self.used.add(key)
            return True
        return False


@dataclass
class Result:
    scenario: str
    difference: str = None  # None: identical
    exceptions: int = 0
    not_compared: str = None  # why there was nothing to compare (counts as not identical)

    @property
    def identical(self):
        return self.difference is None and self.not_compared is None

    def row(self):
        if self.not_compared:
            return f"NOT COMPARED: {self.not_compared}"
        return "identical" if self.difference is None else f"differs at {self.difference}"


def describe(a):
    return str(a) if a is not None else "nothing"


def compare_runs(scenario, k_runs, p_runs, exceptions=None, n_runs=None):
    """The first difference of two run lists, as "run R access A: kernel X, phyd Y", or
    None; differences in exceptions are skipped (and counted there)."""
    exceptions = exceptions or Exceptions()
    n = n_runs if n_runs is not None else max(len(k_runs), len(p_runs))
    for r in range(n):
        k = collapse(k_runs[r]) if r < len(k_runs) else []
        p = collapse(p_runs[r]) if r < len(p_runs) else []
        if not k and not p:
            continue
        if not k or not p:
            return (f"run {r}: the kernel made {len(k)} accesses, phyd {len(p)}")
        for i in range(max(len(k), len(p))):
            ka = k[i] if i < len(k) else None
            pa = p[i] if i < len(p) else None
            if ka is not None and pa is not None and ka.key() == pa.key():
                continue
            if exceptions.excuse(scenario, r, i):
                continue
            return f"run {r} access {i}: kernel {describe(ka)}, phyd {describe(pa)}"
    return None


def compare_timelines(k_timeline, p_timeline):
    k = sorted(k_timeline, key=timeline_key)
    p = sorted(p_timeline, key=timeline_key)
    for i in range(max(len(k), len(p))):
        ke = k[i] if i < len(k) else None
        pe = p[i] if i < len(p) else None
        if ke != pe:
            run = min(e[0] for e in (ke, pe) if e is not None)

            def say(e):
                if e is None:
                    return "nothing"
                return " ".join(map(str, e[1])) + (f" (at run {e[0]})" if e[0] != run else "")
            return f"run {run} timeline: kernel {say(ke)}, phyd {say(pe)}"
    return None


def compare(scenario, k_accesses, k_timeline_lines, p_accesses, p_snapshots, n_runs,
            exceptions=None, k_events=(), p_events=()):
    """Result of one scenario: the first n_runs runs of both traces, what began each of
    them (k_events, p_events: [(usec, action)] as each side applied them), then the
    timelines."""
    exceptions = exceptions or Exceptions()
    before = len(exceptions.used)
    k_all = split_runs(k_accesses)
    k_runs = k_all[:n_runs]
    p_runs = split_runs(p_accesses)[:n_runs]
    diff = compare_runs(scenario, k_runs, p_runs, exceptions, n_runs)
    if diff is None:
        diff = compare_causes(k_runs, k_events, p_runs, p_events)
    if diff is None:
        # Placed among all the kernel's runs, so that a print of a later run stays there.
        k_tl = [e for e in parse_kernel_timeline(k_timeline_lines, k_all) if e[0] < n_runs]
        p_tl = snapshot_timeline([s for s in p_snapshots if s[0] < n_runs])
        diff = compare_timelines(k_tl, p_tl)
    return Result(scenario, diff, len(exceptions.used) - before)
