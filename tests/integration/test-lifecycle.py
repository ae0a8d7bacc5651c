#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""phyd's life on the bus:

- SIGTERM: phyd exits 0, io.phyd is released (NameOwnerChanged to no owner, seen by a
  gdbus monitor; NameHasOwner false afterwards), and nothing of it remains: the process is
  reaped, /proc has no such pid, no process runs phyd on this bus;
- a second phyd on the same bus exits non-zero with one line saying that io.phyd is owned,
  and the first keeps the name and keeps answering with the same InvocationId;
- bad command lines (--sim=bogus, --sim=MODEL*0, --poll-interval=abc, an unknown option)
  fail at once with one line naming the argument;
- --sim=MODEL*COUNT makes COUNT alike PHYs, in the order given."""

import os
import re
import signal
import sys

import harness as h


def name_has_owner(bus, name="io.phyd"):
    p = h.busctl(bus, "call", "org.freedesktop.DBus", "/", "org.freedesktop.DBus",
                 "NameHasOwner", "s", name)
    out = p.stdout.strip()
    h.check(out in ("b true", "b false"), f"NameHasOwner: {out!r}")
    return out == "b true"


def phyd_processes_on(bus):
    """The pids of the processes running phyd with this bus's address."""
    pids = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/cmdline", "rb") as f:
                argv = f.read().split(b"\0")
        except OSError:
            continue  # gone meanwhile
        if argv and os.path.basename(argv[0]) == b"phyd" and \
                f"--address={bus.address}".encode() in argv:
            pids.append(int(entry))
    return pids


def test_sigterm():
    with h.Rig(["--sim=ax88772a,ax88796b", "--poll-interval=50ms"]) as rig:
        bus, phyd = rig.bus, rig.phyd
        pid = phyd.proc.pid
        h.check(name_has_owner(bus), "io.phyd has no owner while phyd runs")
        h.check_equal(phyd_processes_on(bus), [pid], "phyd processes on the bus")
        # Worker threads run: one per PHY beside the main thread.
        h.check(len(os.listdir(f"/proc/{pid}/task")) >= 3, "phyd has no worker threads")
        owner = h.busctl(bus, "call", "org.freedesktop.DBus", "/", "org.freedesktop.DBus",
                         "GetNameOwner", "s", "io.phyd").stdout.split('"')[1]

        monitor = rig.gdbus_monitor("org.freedesktop.DBus")
        rc = phyd.stop(signal.SIGTERM)
        h.check_equal(rc, 0, "phyd's exit status after SIGTERM")
        line = monitor.wait_for(lambda l: "NameOwnerChanged ('io.phyd'," in l)
        h.check(line is not None, "no NameOwnerChanged for io.phyd after SIGTERM")
        h.check(line.rstrip().endswith(f"('io.phyd', '{owner}', '')"),
                f"io.phyd not released: {line}")
        h.check(not name_has_owner(bus), "io.phyd still has an owner after SIGTERM")

        # Reaped by stop(); no trace of it in /proc, and no other phyd on this bus.
        h.check(not os.path.exists(f"/proc/{pid}"), f"/proc/{pid} remains after exit")
        h.check_equal(phyd_processes_on(bus), [], "phyd processes after SIGTERM")
        out = phyd.read_log()
        h.check("Received SIGTERM" in out, "phyd did not log SIGTERM")


def test_second_instance():
    with h.Rig(["--sim=ax88772a"]) as rig:
        bus = rig.bus
        invocation = h.get_property(bus, "/io/phyd", "io.phyd.Manager1", "InvocationId")
        phys = h.list_phys(bus)
        second = h.Phyd(bus, ["--sim=ax88772a"])
        try:
            second.start(expect_ready=False)
            rc = second.proc.wait(timeout=h.DEFAULT_TIMEOUT)
            h.check(rc != 0, f"a second phyd on the same bus exited {rc}")
            out = second.read_log().splitlines()
            h.check_equal(len(out), 1, f"lines of output of the second phyd: {out}")
            h.check("io.phyd" in out[0] and re.search(r"\bown", out[0]) is not None,
                    f"the second phyd's message does not say io.phyd is owned: {out[0]!r}")
            h.check_equal(second.trace_lines(), [], "MDIO trace of the second phyd")
        finally:
            second.close()
        h.check_equal(rig.phyd.proc.poll(), None, "the first phyd exited")
        h.check_equal(h.get_property(bus, "/io/phyd", "io.phyd.Manager1", "InvocationId"),
                      invocation, "InvocationId of io.phyd's owner")
        h.check_equal(h.list_phys(bus), phys, "PHYs of the first phyd")


BAD_ARGS = [
    (["--sim=bogus"], ["--sim", "bogus"]),
    (["--sim=ax88772a@bogusmac"], ["--sim", "bogusmac"]),
    (["--sim=ax88772c*0"], ["--sim", "count", "'0'"]),
    (["--sim=ax88772c*many"], ["--sim", "count", "many"]),
    (["--poll-interval=abc"], ["--poll-interval", "abc"]),
    (["--no-such-option"], ["no-such-option"]),
]


def test_bad_command_line():
    bus = h.Bus()
    try:
        for (args, words) in BAD_ARGS:
            phyd = h.Phyd(bus, args)
            try:
                phyd.start(expect_ready=False)
                rc = phyd.proc.wait(timeout=h.DEFAULT_TIMEOUT)
                h.check(rc != 0, f"phyd {' '.join(args)} exited {rc}")
                out = phyd.read_log().splitlines()
                h.check_equal(len(out), 1, f"phyd {' '.join(args)}: lines of output {out}")
                for w in words:
                    h.check(w in out[0], f"phyd {' '.join(args)}: {out[0]!r} does not name {w}")
            finally:
                phyd.close()
        h.check(not name_has_owner(bus), "io.phyd owned after refused command lines")
    finally:
        bus.close()


def test_sim_count():
    with h.Rig(["--sim=ax88772c*3,ax88796b"]) as rig:
        phys = h.list_phys(rig.bus)
        h.check_equal([p[0] for p in phys], ["sim0:10", "sim1:10", "sim2:10", "sim3:10"],
                      "PHY ids")
        drivers = [h.get_property(rig.bus, p[3], "io.phyd.Phy1", "Driver") for p in phys]
        h.check_equal(drivers, ["Asix Electronics AX88772C"] * 3 +
                      ["Asix Electronics AX88796B"], "drivers")


if __name__ == "__main__":
    sys.exit(h.run([
        ("SIGTERM: exit 0, io.phyd released, nothing remains", test_sigterm),
        ("a second phyd on the bus fails and the first keeps io.phyd", test_second_instance),
        ("bad arguments fail with one line naming them", test_bad_command_line),
        ("--sim=MODEL*COUNT makes COUNT alike PHYs", test_sim_count),
    ]))
