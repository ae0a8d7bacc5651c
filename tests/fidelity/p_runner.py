# SPDX-License-Identifier: GPL-2.0-or-later
"""P: one scenario played by the real phyd (managed, PollMode=kernel, the sim backend, the
ax88772 MAC profile as the asix driver's MAC) on a private bus, with --trace-mdio. The sim
model runs live; the scenario's events go through io.phyd.Simulator1 and io.phyd.Phy1 at the
point of the poll cycle INTERFACE.md fixes: a fixed delay after the last access of run K,
runs being found in the trace as it grows, by the rule compare.split_runs() applies."""

import json
import os
import select
import shutil
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "integration"))

import harness as h  # noqa: E402
import compare  # noqa: E402
import scenario as scn  # noqa: E402

PHY_ID = "sim0:10"
SNAPSHOT_KEYS = ("State", "Link", "Speed", "Duplex", "NegotiatedTxPause", "NegotiatedRxPause")
# A run that never ends, or a phyd that stops polling, must not hang the tier.
RUN_TIMEOUT = 10.0
# An event applied later than this after its place in the cycle (a loaded machine) no longer
# stands for the scenario: a plug 400 ms after run K, with a 1.2 s negotiation, completes
# 0.4 s before run K+2 (phyd polls 1.000 s apart, the kernel 1.02 s); keep most of that.
EVENT_LATE_USEC = 150_000


class TimingLost(Exception):
    """The scenario could not be played on time; playing it again is the remedy."""


class ScenarioPhyd(h.Phyd):
    """The harness's phyd, from a given binary (a mutant's, for one)."""

    def __init__(self, bus, args, binary):
        super().__init__(bus, args)
        self.binary = binary

    def command(self):
        return [self.binary if c == h.PHYD else c for c in super().command()]


class TraceTail:
    """The trace file as phyd appends to it (line buffered): complete lines only."""

    def __init__(self, path):
        self.path = path
        self.f = None
        self.buf = ""

    def read(self):
        if self.f is None:
            if not os.path.exists(self.path):
                return []
            self.f = open(self.path)
        self.buf += self.f.read()
        lines = self.buf.split("\n")
        self.buf = lines.pop()
        return compare.parse_trace(lines)

    def close(self):
        if self.f:
            self.f.close()


def now_usec():
    return int(time.clock_gettime(time.CLOCK_MONOTONIC) * 1e6)


class Player:
    def __init__(self, rig, path, sc):
        self.bus = rig.bus
        self.path = path
        self.sc = sc
        self.started = False  # the first 'up' is phyd's own phy_start
        # The next run is Configure()'s phy_start_aneg: its state change, if any, is not the
        # state machine's, so the kernel prints no "PHY state change" for it (spec §3.4).
        self.ethtool_pending = False
        self.applied = []  # monotonic usec at which each event was applied
        self.settings = []  # [(monotonic usec, timeline entry)]: the answers to `settings`

    def call(self, interface, method, *args):
        h.busctl(self.bus, "call", "--", "io.phyd", self.path, interface, method, *args)

    def watch(self, rig):
        """Follows the PHY's LinkChanged signals from here on. Each carries the monotonic time
        of its change, which places it in its run however late it is read (on a loaded machine
        a question asked after every run could be answered after the next one began)."""
        self.monitor = rig.reader(["busctl", f"--address={self.bus.address}", "monitor",
                                   "--json=short",
                                   f"--match=type='signal',path='{self.path}',"
                                   "interface='io.phyd.Phy1',member='LinkChanged'"])
        h.check(self.monitor.wait_for(lambda l: "Monitoring" in l) is not None,
                "busctl monitor of LinkChanged did not start")
        self.changes = []  # [(monotonic usec, {key: value})]
        self.ask()

    def ask(self):
        """The link now, as a change at this time (for what no signal was seen of)."""
        t = now_usec()
        v = h.values(self.bus, self.path)
        self.changes.append((t, {k: v[k] for k in SNAPSHOT_KEYS}))

    def collect(self):
        while (line := self.monitor.next_line(0.005)) is not None:
            if not line.startswith("{"):
                continue
            data = json.loads(line)["payload"]["data"][1]
            state = dict(self.changes[-1][1])
            for k in SNAPSHOT_KEYS:
                if k in data:
                    state[k] = data[k]["data"]
            self.changes.append((data["LastChangeMonotonicUSec"]["data"], state))

    def snapshots(self, runs, silent):
        """[(run, {key: value})]: the link after each run from 1 on, i.e. as the last change
        before the next run began described it."""
        out = []
        changes = sorted(self.changes, key=lambda c: c[0])
        for k in range(1, len(runs)):
            until = runs[k + 1][0].usec if k + 1 < len(runs) else float("inf")
            before = [c[1] for c in changes if c[0] < until]
            # Nothing yet (the first question was answered after this run): the earliest.
            state = dict(before[-1] if before else changes[0][1])
            if silent[k]:
                state["Silent"] = True
            # Placed as the kernel's are: in the last run that began before it was asked.
            asked = [q for t, q in self.settings if runs[k][0].usec <= t < until]
            if asked:
                state["Settings"] = asked
            out.append((k, state))
        return out

    def apply(self, ev):
        self.applied.append((now_usec(), ev.action))
        if ev.action == "up":
            if self.started:
                # On a started PHY, Busy and nothing else: `ip link set up` on an interface
                # that is up is no call at all.
                p = h.busctl(self.bus, "call", "io.phyd", self.path, "io.phyd.Phy1", "Start",
                             check_rc=False)
                h.check(p.returncode == 0 or "started only when ready or halted" in p.stderr,
                        f"Phy1.Start(): {p.stderr.strip()}")
            self.started = True
        elif ev.action == "down":
            self.call("io.phyd.Phy1", "Stop")
        elif ev.action == "plug":
            modes = scn.advertise_modes(ev.args[0])
            self.call("io.phyd.Simulator1", "PlugPartner", "as", str(len(modes)), *modes)
        elif ev.action == "unplug":
            self.call("io.phyd.Simulator1", "UnplugPartner")
        elif ev.action == "anrestart":
            self.call("io.phyd.Simulator1", "SetAnrestartTime", "t", str(int(ev.args[0]) * 1000))
        elif ev.action == "link-lead":
            self.call("io.phyd.Simulator1", "SetLinkLeadTime", "t", str(int(ev.args[0]) * 1000))
        elif ev.action == "fault":
            if ev.args[0] == "none":
                self.call("io.phyd.Simulator1", "ClearFaults")
            else:
                self.call("io.phyd.Simulator1", "InjectFault", "siu", ev.args[0], "-1", "0")
        elif ev.action == "settings":
            # `ethtool eth0`: what phyd publishes, asked after run K like the kernel is.
            self.settings.append((now_usec(),
                                  compare.phyd_settings(h.values(self.bus, self.path))))
        elif ev.action == "pause":
            self.ethtool_pending = True
            self.call("io.phyd.Phy1", "Configure", "a{sv}", "2",
                      "RxPause", "b", str(ev.args[0] == "on").lower(),
                      "TxPause", "b", str(ev.args[1] == "on").lower())


def play(sc, binary, out_dir=None, on_run=None):
    """Plays sc; returns (accesses, snapshots, events) with snapshots [(run, {key: value})]
    taken in the idle gap after each run ("Silent": the run was Configure()'s, not the
    machine's) and events [(monotonic usec, action)] as applied.
    on_run(k, accesses of run k), if given, is called as each run ends; returning False stops
    the scenario there (a mutant's first difference)."""
    with h.Rig(start=False) as rig:
        rig.phyd = ScenarioPhyd(rig.bus, [f"--sim={sc.model}@ax88772"], binary)
        rig.phyd.start()
        path = h.phys_by_id(rig.bus)[PHY_ID]
        props = h.values(rig.bus, path)
        h.check_equal((props["Mode"], props["PollMode"], props["MacProfile"]),
                      ("managed", "kernel", "ax88772"), "phyd's PHY")
        player = Player(rig, path, sc)
        player.watch(rig)
        # Model parameters: set before any partner is plugged, so they hold for the whole
        # scenario (neither changes anything the PHY shows without a partner).
        sim = "io.phyd.Simulator1"
        player.call(sim, "SetAnegTime", "t", str(sc.aneg_ms * 1000))
        for q in sc.quirks:
            player.call(sim, "SetQuirk", "sb", q, "true")

        tail = TraceTail(rig.phyd.trace_path)
        accesses, runs, snapshots = [], [], []
        silent = []  # per run: made by an ethtool-style call, not by the state machine
        pending = list(sc.events)
        ended = -1  # the last run whose idle gap was seen
        stop = False
        try:
            while not stop:
                for a in tail.read():
                    accesses.append(a)
                    if not compare.is_run_member(a):
                        continue
                    prev = runs[-1][-1] if runs else None
                    if (prev is None or a.usec - prev.usec >= compare.RUN_GAP_USEC
                            or compare.ends_run(prev)):
                        # Events still due after a run that had no gap (phyd's probe run,
                        # straight into its start) are applied now.
                        # A run closed without a gap (phyd's probe run, straight into its
                        # start) is still handed over as it ends.
                        if runs and ended < len(runs) - 1:
                            if on_run and on_run(len(runs) - 1, runs[-1]) is False:
                                stop = True
                                break
                        while pending and pending[0].after_run < len(runs):
                            player.apply(pending.pop(0))
                        problem = compare.schedule_problem(runs + [[a]], player.applied)
                        if problem:
                            raise TimingLost(problem)
                        runs.append([])
                        silent.append(player.ethtool_pending)
                        player.ethtool_pending = False
                    runs[-1].append(a)
                if stop:
                    break
                now = now_usec()
                if runs and ended < len(runs) - 1 and \
                        now - runs[-1][-1].usec >= compare.RUN_GAP_USEC:
                    ended = len(runs) - 1
                    player.collect()
                    if on_run and on_run(ended, runs[ended]) is False:
                        break
                    if ended >= sc.runs - 1:
                        break
                    end_usec = runs[ended][-1].usec
                    while pending and pending[0].after_run == ended:
                        ev = pending.pop(0)
                        due = end_usec + ev.offset_ms * 1000
                        # The one wait that is a schedule, not an await: the event's place
                        # in the poll cycle.
                        if due > now_usec():
                            time.sleep((due - now_usec()) / 1e6)
                        player.apply(ev)
                        late = now_usec() - due
                        if late > EVENT_LATE_USEC:
                            raise TimingLost(f"'{ev.action}' after run {ended} was applied "
                                             f"{late / 1000:.0f} ms late")
                last = runs[-1][-1].usec if runs else now
                h.check(now - last < RUN_TIMEOUT * 1e6,
                        f"no MDIO access for {RUN_TIMEOUT:.0f} s after run {len(runs) - 1}")
                # Wake when the gap that ends the current run would have passed.
                wait = (compare.RUN_GAP_USEC - (now - last)) / 1e6 if runs else 0.02
                select.select([], [], [], min(max(wait, 0.005), 0.05))
            player.collect()
            player.ask()
            snapshots = player.snapshots(runs[:ended + 1], silent)
        finally:
            tail.close()
            if out_dir:
                os.makedirs(out_dir, exist_ok=True)
                shutil.copy(rig.phyd.trace_path, os.path.join(out_dir, "mdio.trace"))
                with open(os.path.join(out_dir, "snapshots.json"), "w") as f:
                    json.dump(snapshots, f)
                shutil.copy(rig.phyd.log_path, os.path.join(out_dir, "phyd.log"))
    return accesses, snapshots, player.applied


if __name__ == "__main__":
    # p_runner.py SCENARIO PHYD [OUT_DIR]: plays one scenario and prints its runs.
    sc = scn.load(sys.argv[1])
    acc, snaps, _ = play(sc, sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else None)
    for i, run in enumerate(compare.split_runs(acc)):
        print(f"# run {i}")
        for a in run:
            print(f"{a.usec / 1e6:.6f} {a}")
    for run, s in snaps:
        print(f"# after run {run}: {s}")
