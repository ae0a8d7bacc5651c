#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Faults on the real daemon, a representative subset of the matrix in docs/faults.md (the
unit tier's test-fault-matrix runs all of it on virtual time). Four sim PHYs (AX88772A,
AX88772C, AX88796B, generic), all linked; one fault at a time on one of them, and:

- its State and Errors on D-Bus are those docs/faults.md gives, as a gdbus monitor and
  GetAll see them;
- phyd's log (the journal, under systemd) has the line that says what happened;
- the other PHYs' runs in the MDIO trace keep their schedule while the faulty one fails:
  PollMode=kernel runs each PHY 1 s after the end of its previous run (DESIGN decision 6),
  each on its own worker (decision 2), so no gap between two runs of an unaffected PHY is
  shorter than 1 s or as long as two periods;
- clearing the fault brings the PHY back (Stop + Start out of error, spec §3.2)."""

import os
import sys

import harness as h

SIMS = "ax88772a,ax88772c,ax88796b,generic"
PHY = "io.phyd.Phy1"
SIM = "io.phyd.Simulator1"

# A run's first access is the read of BMCR (genphy_update_link, spec §2.2); accesses of one
# PHY closer together than this belong to the same run.
RUN_CLUSTER = 0.5
PERIOD = 1.0
RUNS_TO_WATCH = 3


class FaultRig(h.Rig):
    """Four linked sim PHYs, a gdbus monitor, and tails of phyd's log and MDIO trace."""

    def __init__(self):
        super().__init__([f"--sim={SIMS}"])

    def __enter__(self):
        super().__enter__()
        try:
            self.monitor = self.gdbus_monitor()
            self.paths = h.phys_by_id(self.bus)  # sim0:10 ... sim3:10
            for path in self.paths.values():
                h.check(h.plug_partner(self.bus, path, self.monitor) is not None,
                        f"{path}: no link up")
            self.log = self.reader(["tail", "-n", "+1", "-F", self.phyd.log_path])
            self.trace = self.reader(["tail", "-n", "0", "-F", self.phyd.trace_path])
        except BaseException:
            self.close()
            raise
        return self

    def sim(self, phy_id, method, *args):
        h.busctl(self.bus, "call", "--", "io.phyd", self.paths[phy_id], SIM, method, *args)

    def values(self, phy_id):
        return h.values(self.bus, self.paths[phy_id])

    def await_state(self, phy_id, state):
        path = self.paths[phy_id]
        line = self.monitor.wait_for(
            lambda l: (s := h.gdbus_link_changed(l, path)) is not None and s["State"] == state)
        h.check(line is not None, f"{phy_id}: no LinkChanged with State {state}")

    def await_log(self, text):
        line = self.log.wait_for(lambda l: text in l)
        h.check(line is not None, f"phyd's log has no line with {text!r}")
        return line

    def await_runs(self, bus_ids, n):
        """Awaits n new runs of each bus in the trace; returns the trace lines seen."""
        lines = []
        starts = {b: 0 for b in bus_ids}
        last = {}
        while min(starts.values()) < n:
            line = self.trace.next_line()
            h.check(line is not None, f"the trace stopped before {n} runs of {bus_ids}: "
                    f"{starts}")
            lines.append(line)
            t, bus = float(line.split()[0]), line.split()[1]
            if bus in starts and (bus not in last or t - last[bus] > RUN_CLUSTER):
                starts[bus] += 1
            last[bus] = t
        return lines


def run_starts(lines, bus_id):
    starts, last = [], None
    for line in lines:
        fields = line.split()
        if fields[1] != bus_id:
            continue
        t = float(fields[0])
        if last is None or t - last > RUN_CLUSTER:
            starts.append(t)
        last = t
    return starts


def check_stopped(lines, bus_id):
    """bus_id failed, then polled no more: every access of it from its first failure on
    belongs to that one run (spec §3.2: no re-queue after ERROR or -ENODEV)."""
    mine = [line for line in lines if line.split()[1] == bus_id]
    failed = [i for i, line in enumerate(mine) if " err:-" in line]
    h.check(failed, f"{bus_id}: no failed access in the trace")
    first = float(mine[failed[0]].split()[0])
    later = [line for line in mine[failed[0]:] if float(line.split()[0]) - first > RUN_CLUSTER]
    h.check(not later, f"{bus_id} polled on after its failure: {later[:3]}")


def check_schedule(rig, lines, bus_ids, faulty):
    """The unaffected PHYs kept their schedule in the trace lines: one run per period, none
    skipped, none early."""
    for bus_id in bus_ids:
        if bus_id == faulty:
            continue
        starts = run_starts(lines, bus_id)
        h.check(len(starts) >= RUNS_TO_WATCH, f"{bus_id}: only {len(starts)} runs")
        gaps = [b - a for a, b in zip(starts, starts[1:])]
        h.check(all(PERIOD <= g < 2 * PERIOD for g in gaps),
                f"{bus_id}: runs {gaps} s apart while {faulty} failed, expected one per "
                f"{PERIOD} s")


def bus_ids(rig):
    return [phy_id.rsplit(":", 1)[0] for phy_id in rig.paths]


def test_read_error():
    """docs/faults.md read-error: ERROR, link down, Errors grows, the failing function
    logged; Stop + Start after ClearFaults brings it back."""
    with FaultRig() as rig:
        before = rig.values("sim0:10")["Errors"]
        rig.sim("sim0:10", "InjectFault", "siu", "read-error", "-1", "0")
        rig.await_state("sim0:10", "error")
        rig.await_log("sim0:10: phy_check_link_status failed: Input/output error; "
                      "the PHY goes to the error state")
        lines = rig.await_runs(["sim1", "sim2", "sim3"], RUNS_TO_WATCH)
        v = rig.values("sim0:10")
        h.check_equal((v["State"], v["Link"]), ("error", False), "sim0:10 after read-error")
        h.check(v["Errors"] > before, f"Errors did not grow: {before} -> {v['Errors']}")
        check_schedule(rig, lines, bus_ids(rig), "sim0")
        check_stopped(lines, "sim0")

        rig.sim("sim0:10", "ClearFaults")
        h.busctl(rig.bus, "call", "io.phyd", rig.paths["sim0:10"], PHY, "Stop")
        h.busctl(rig.bus, "call", "io.phyd", rig.paths["sim0:10"], PHY, "Start")
        rig.await_state("sim0:10", "running")


def test_device_gone():
    """docs/faults.md device-gone: the state stays, polling stops, Errors grows, and the log
    says why the PHY went quiet."""
    with FaultRig() as rig:
        rig.sim("sim1:10", "InjectFault", "siu", "device-gone", "-1", "0")
        rig.await_log("sim1:10: MDIO read of register 0x00 failed: the device is gone")
        lines = rig.await_runs(["sim0", "sim2", "sim3"], RUNS_TO_WATCH)
        v = rig.values("sim1:10")
        h.check_equal((v["State"], v["Link"]), ("running", True), "sim1:10 after device-gone")
        h.check(v["Errors"] >= 1, "Errors did not grow")
        check_schedule(rig, lines, bus_ids(rig), "sim1")
        check_stopped(lines, "sim1")
        h.check("sim1:10: PHY state" not in rig.phyd.read_log().split("device is gone")[1],
                "a state change was logged after -ENODEV")


def test_garbage_and_absent():
    """docs/faults.md garbage (BMSR inverted) on the AX88796B: NOLINK, nothing counted;
    absent on the generic PHY: NOLINK, Registers shows 0xffff. Both recover on their own."""
    with FaultRig() as rig:
        rig.sim("sim2:10", "InjectFault", "siu", "garbage", str(1), "0")
        rig.await_state("sim2:10", "nolink")
        rig.await_log("sim2:10: Link is Down")
        rig.sim("sim3:10", "InjectFault", "siu", "absent", "-1", "0")
        rig.await_state("sim3:10", "nolink")
        lines = rig.await_runs(["sim0", "sim1", "sim2", "sim3"], RUNS_TO_WATCH)
        for phy_id in ("sim2:10", "sim3:10"):
            v = rig.values(phy_id)
            h.check_equal((v["State"], v["Errors"]), ("nolink", 0), phy_id)
        h.check_equal(rig.values("sim3:10")["Registers"][0], 0xffff, "absent: BMCR")
        # Garbage and absence are believed, not failures: the faulty PHYs poll on too.
        check_schedule(rig, lines, bus_ids(rig), None)

        rig.sim("sim2:10", "ClearFaults")
        rig.await_state("sim2:10", "running")
        rig.sim("sim3:10", "ClearFaults")
        rig.await_state("sim3:10", "running")


def test_reset_stuck():
    """docs/faults.md reset-stuck during Reset(): the caller gets io.phyd.Error.Io after the
    600 ms reset poll, the PHY shows no link, the others poll on meanwhile."""
    with FaultRig() as rig:
        errors = rig.error_monitor()
        rig.sim("sim1:10", "InjectFault", "siu", "reset-stuck", "-1", "0")
        message = h.expect_error(rig.bus, errors, "io.phyd.Error.Io", "io.phyd",
                                 rig.paths["sim1:10"], PHY, "Reset")
        h.check("timed out" in message, f"Reset() error: {message!r}")
        rig.await_state("sim1:10", "nolink")
        lines = rig.await_runs(["sim0", "sim2", "sim3"], RUNS_TO_WATCH)
        check_schedule(rig, lines, bus_ids(rig), "sim1")

        rig.sim("sim1:10", "ClearFaults")
        h.busctl(rig.bus, "call", "io.phyd", rig.paths["sim1:10"], PHY, "Reset")
        rig.await_state("sim1:10", "running")


if __name__ == "__main__":
    sys.exit(h.run([
        ("read-error: error state, Errors, log line, others on schedule, recovery",
         test_read_error),
        ("device-gone: polling stops quietly but logged, others on schedule",
         test_device_gone),
        ("garbage and absent: believed, nolink, recover by themselves", test_garbage_and_absent),
        ("reset-stuck: Reset() fails with Io, others on schedule", test_reset_stuck),
    ]))
