#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Restart without a link storm (DESIGN decision 8): phyd stopped with SIGTERM leaves its
PHYs as they are and, for sim PHYs, the simulated hardware's state in --state-dir; the next
phyd takes them over without a reset. The MDIO trace after the restart holds no write at
all (no reset, no aneg restart) and no BMSR read before the first poll run; the link stays
up and no link-down is reported. A PHY whose registers no longer match is probed afresh."""

import os
import shutil
import sys
import tempfile

import harness as h

SIMS = "--sim=ax88772a,ax88772c,ax88796b"


def bring_up(rig):
    bus = rig.bus
    rig.phyd.start()
    paths = [p[3] for p in h.list_phys(bus)]
    mon = rig.gdbus_monitor()
    try:
        for path in paths:
            h.busctl(bus, "call", "io.phyd", path, "io.phyd.Simulator1", "SetAnegTime", "t",
                     "100000")
            h.busctl(bus, "call", "io.phyd", path, "io.phyd.Simulator1", "PlugPartner", "as",
                     "0")
        # The PHYs come up in any order: collect until each has reported its link up.
        waiting = set(paths)
        while waiting:
            line = mon.wait_for(lambda l: "LinkChanged" in l and "'Link': <true>" in l)
            h.check(line is not None, f"no link up for {sorted(waiting)}")
            waiting.discard(line.split(":")[0])
    finally:
        mon.close()
    return paths


def test_restart_adopts_without_reset():
    state = tempfile.mkdtemp(prefix="phyd-state-")
    rig = h.Rig([SIMS, "--poll-interval=50ms", f"--state-dir={state}"], start=False)
    bus, first = rig.bus, rig.phyd
    second = None
    try:
        paths = bring_up(rig)
        before = {p: (h.get_property(bus, p, "io.phyd.Phy1", "LinkDownEvents"),
                      h.get_property(bus, p, "io.phyd.Phy1", "Speed")) for p in paths}
        h.check_equal(first.stop(), 0, "phyd exit status on SIGTERM")
        h.check(len(os.listdir(state)) == len(paths), "a state file per PHY")

        second = h.Phyd(bus, [SIMS, "--poll-interval=50ms", f"--state-dir={state}"])
        # Subscribed to whoever will own io.phyd: signals of the new daemon from its start.
        match = "type='signal',sender='io.phyd',interface='io.phyd.Phy1',member='LinkChanged'"
        mon = rig.reader(["busctl", f"--address={bus.address}", "monitor", "--json=short",
                          f"--match={match}"])
        try:
            h.check(mon.wait_for(lambda l: "Monitoring bus message stream" in l) is not None,
                    "busctl monitor did not start")
            second.start()
            for p in paths:
                h.check_equal(h.get_property(bus, p, "io.phyd.Phy1", "State"), "running",
                              f"{p} State right after the restart")
                h.check_equal(h.get_property(bus, p, "io.phyd.Phy1", "Link"), True,
                              f"{p} Link right after the restart")
                h.check_equal((h.get_property(bus, p, "io.phyd.Phy1", "LinkDownEvents"),
                               h.get_property(bus, p, "io.phyd.Phy1", "Speed")), before[p],
                              f"{p} link-down count and speed carried over")
            # Several poll runs later, still no link-down from the new daemon.
            lines = mon.drain(0.5)
            downs = [l for l in lines if '"Link":{"type":"b","data":false}' in l]
            h.check_equal(downs, [], "link-down after the restart")
        finally:
            mon.close()

        log = second.read_log()
        h.check(log.count("Took over the running PHY") == len(paths),
                "every PHY taken over:\n" + log[-1500:])
        trace = second.trace_lines()
        h.check(len(trace) > 0, "no MDIO trace after the restart")
        writes = [l for l in trace if " write " in l]
        h.check_equal(writes, [], "MDIO writes after the restart (a reset or aneg restart)")
        # The take-over itself reads only PHYSID1/2, BMCR and ADVERTISE: no latching read.
        first_run = trace[:4 * len(paths)]
        regs = sorted(l.split()[4] for l in first_run)
        h.check_equal(regs, sorted(["reg:0x02", "reg:0x03", "reg:0x00", "reg:0x04"] * len(paths)),
                      "registers read by the take-over")
    finally:
        if second:
            second.close()
        rig.close()
        shutil.rmtree(state, ignore_errors=True)


def test_changed_registers_are_probed():
    """A state file whose PHY no longer matches (here: another model at that id) is not
    taken over: the PHY is probed and reset as the kernel would."""
    bus = h.Bus()
    state = tempfile.mkdtemp(prefix="phyd-state-")
    first = h.Phyd(bus, ["--sim=ax88772a", f"--state-dir={state}"])
    second = None
    try:
        first.start()
        h.check_equal(first.stop(), 0, "phyd exit status on SIGTERM")
        second = h.Phyd(bus, ["--sim=ax88772c", f"--state-dir={state}"])
        second.start()
        log = second.read_log()
        h.check("Took over" not in log, "a different PHY must not be taken over")
        h.check(any(" write " in l and "reg:0x00 val:0x8200" in l for l in second.trace_lines()),
                "the new PHY is reset as the kernel does")
    finally:
        first.close()
        if second:
            second.close()
        bus.close()
        shutil.rmtree(state, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(h.run([
        ("restart takes running PHYs over without a reset", test_restart_adopts_without_reset),
        ("a PHY that changed is probed afresh", test_changed_registers_are_probed),
    ]))
