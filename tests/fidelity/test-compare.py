#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""The fidelity comparison itself (TAP): parsing both trace shapes, splitting into runs,
collapsing reset-poll reads, a deliberate difference reported at the right run and access,
exceptions, the timeline, and the scenario files' errors. The recorded kernel trace of
tests/data/kernel-traces/ is the input where a real one is needed."""

import os
import sys
import tempfile
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import compare  # noqa: E402
import scenario as scn  # noqa: E402

TOP = os.path.dirname(os.path.dirname(HERE))
RECORDING = os.path.join(TOP, "tests", "data", "kernel-traces",
                         "ax88772a-6.12.117-probe-plug-unplug.trace")


def recorded():
    with open(RECORDING) as f:
        return compare.parse_trace(f.read().splitlines())


def acc(usec, op, reg, val, addr=0x10):
    return compare.Access(usec, op, addr, reg, val)


def check_equal(got, want, what):
    if got != want:
        raise AssertionError(f"{what}: got {got!r}, expected {want!r}")


def test_parse_both_shapes():
    lines = [
        "# a comment",
        "3.563068 usb-001:002 read phy:0x00 reg:0x14 val:0xffff",
        "  kworker/0:1-45   [000] .....     4.829411: mdio_access: usb-001:002 read  "
        "phy:0x10 reg:0x00 val:0x3900",
        "5.000000 sim0 write phy:0x10 reg:0x04 val:0x0de1 err:-5",
        "  <idle>-0 [001] 5.1: sched_switch: something else",
        "",
    ]
    got = compare.parse_trace(lines)
    check_equal(got, [acc(3563068, "read", 0x14, 0xffff, addr=0),
                      acc(4829411, "read", 0x00, 0x3900),
                      compare.Access(5000000, "write", 0x10, 0x04, 0x0de1, -5)], "accesses")
    try:
        compare.parse_trace(["1.0: mdio_access: garbage"])
    except ValueError as e:
        check_equal("line 1" in str(e), True, "the error names the line")
    else:
        raise AssertionError("a broken mdio_access line was accepted")


def test_split_recording():
    """spec §9: PHY 0 is the MAC's; run 0 is probe + attach ending with the suspend, run 1
    ip link set up's run with the NOLINK re-init (its reset poll's sleep inside the run)."""
    runs = compare.split_runs(recorded())
    check_equal(all(a.addr == 0x10 for r in runs for a in r), True, "only PHY 0x10")
    check_equal([(a.op, a.reg) for a in runs[0][:2]], [("read", 2), ("read", 3)],
                "run 0 starts with the ID reads")
    check_equal((runs[0][-1].op, runs[0][-1].val), ("write", 0x3900), "run 0 ends suspended")
    check_equal((runs[1][0].usec, runs[1][-1].usec), (4829411, 4910077), "run 1's span")
    check_equal(len(runs[1]), 22, "run 1's accesses")
    # Link-down polls: R BMCR, R BMSR, R BMSR; link-up polls: R BMCR, R BMSR, R BMCR, R LPA.
    check_equal([a.reg for a in runs[2]], [0, 1, 1], "a link-down poll")
    check_equal([a.reg for a in runs[-1]], [0, 1, 0, 5], "a link-up poll")
    # 19 runs: the unit tier sets aside the read-only group at 15.03 s (less than 1 s after
    # the run before it, so not phylib's poll); it is 103 ms before the unplug's run, so here
    # it is part of that run, and would show as a difference (the scenarios of this tier make
    # no such reads).
    check_equal(len(runs), 19, "runs in the recording")
    check_equal((runs[11][0].usec, len(runs[11])), (15031048, 2 + 14), "the off-schedule group")


def test_split_at_suspend_without_gap():
    """phyd starts the PHY right after attaching it: the suspend still ends run 0."""
    trace = [acc(0, "read", 2, 0x003b), acc(1000, "write", 0, 0x3900),
             acc(2000, "read", 0, 0x3900), acc(3000, "write", 0, 0x3100),
             acc(1_100_000, "read", 0, 0x3100)]
    runs = compare.split_runs(trace)
    check_equal([len(r) for r in runs], [2, 2, 1], "runs")


def test_failed_access_is_no_run():
    """The tracepoint records only accesses that succeeded (TP_CONDITION(err >= 0)): phyd's
    failed read of a device-gone PHY (spec §3.2, error handling 1) is neither a run nor a
    member of one."""
    gone = compare.Access(1_000_000, "read", 0x10, 0, 0xffff, -19)
    trace = [acc(0, "read", 0, 0x3100), acc(2000, "read", 1, 0x782d), gone,
             acc(3_600_000, "read", 0, 0x3100), acc(3_602_000, "write", 0, 0x3900)]
    runs = compare.split_runs(trace)
    check_equal([len(r) for r in runs], [2, 2], "runs")
    check_equal(compare.parse_trace(["1.000000 sim0 read phy:0x10 reg:0x00 val:0xffff "
                                     "err:-19"]), [gone], "phyd's trace of it")


def test_settings():
    """`settings`: the kernel's raw ETHTOOL_GLINKSETTINGS values and phyd's properties
    meet as one entry; after phy_stop the kernel's read unknown and empty (spec §9)."""
    runs = [[acc(0, "read", 1, 0x782d)], [acc(1_000_000, "read", 1, 0x782d)]]
    kernel = ["1.400000 settings 100 1 0000604f,00000000,00000000,00000000",
              "1.500000 settings 4294967295 255 00000000,00000000,00000000,00000000"]
    got = compare.parse_kernel_timeline(kernel, runs)
    check_equal(got, [(1, ("settings", "100", "full", "100baseT/Full+100baseT/Half+"
                           "10baseT/Full+10baseT/Half+Asym_Pause+Autoneg+Pause")),
                      (1, ("settings", "unknown", "unknown", "none"))], "kernel")
    up = dict(Speed=100, Duplex="full", LinkPartnerAdvertising=[
        "10baseT/Half", "10baseT/Full", "100baseT/Half", "100baseT/Full", "Autoneg", "Pause",
        "Asym_Pause"])
    halted = dict(Speed=0, Duplex="unknown", LinkPartnerAdvertising=[])
    check_equal([compare.phyd_settings(up), compare.phyd_settings(halted)],
                [e for _, e in got], "phyd")
    check_equal(compare.kernel_settings("10", "0", "00000000,00000001")[3], "bit32",
                "a mode this table does not name")
    snap = dict(State="running", Link=True, Speed=100, Duplex="full", NegotiatedTxPause=True,
                NegotiatedRxPause=True, Settings=[compare.phyd_settings(up)])
    check_equal(compare.snapshot_timeline([(1, snap)])[-1], (1, compare.phyd_settings(up)),
                "placed after the run's state and link")


def test_run_causes():
    """A run the kernel began at ip link set down and phyd on its own schedule (a machine
    re-queued while in ERROR, spec §3.2) differs, even with the same accesses."""
    def suspend(t):
        return [acc(t, "read", 0, 0x3100), acc(t + 2000, "write", 0, 0x3900)]

    runs = [suspend(0), [acc(1_000_000, "read", 1, 0x782d)], [acc(2_000_000, "read", 1, 0x782d)],
            suspend(6_000_000)]
    # phyd's side applies the first 'up' once run 1 has begun: it is not run 2's cause.
    up = [(1_500_000, "up")]
    check_equal(compare.run_causes(runs, up + [(5_900_000, "down")]),
                {2: "poll", 3: "down"}, "causes")
    check_equal(compare.run_causes(runs, up + [(2_500_000, "plug"), (2_600_000, "fault")]),
                {2: "poll", 3: "poll"}, "only up, down and pause begin runs")
    early = runs[:3] + [suspend(5_000_000)]
    down = up + [(5_900_000, "down")]
    check_equal(compare.compare_causes(runs, down, early, down),
                "run 3: the kernel's began at 'down', phyd's on its own schedule", "differs")
    check_equal(compare.compare_causes(runs, down, runs, up + [(5_950_000, "down")]),
                None, "same")


def test_schedule_problem():
    """A run split by a stall is told from a run an event started (INTERFACE.md)."""
    runs = compare.split_runs(recorded())
    check_equal(compare.schedule_problem(runs[:11], []), None, "the recording's polls")
    # Runs 11 and 12 of the recording: an off-schedule read group 103 ms before the unplug's
    # run, once the runs are cut at 90 ms; an event between them makes it the event's run.
    gap = [a for a in recorded() if a.addr == 0x10]
    split = compare.split_runs(gap)
    split = split[:11] + [split[11][:2], split[11][2:]]
    check_equal(compare.schedule_problem(split, []),
                "run 12 began 103 ms after run 11 with no event in between: a stall cut a "
                "run in two", "a stall")
    check_equal(compare.schedule_problem(split, [(15_100_000, "down")]), None, "an event's run")
    # ethtool -A's run does not move the pending poll: the next poll is 1 s after the run
    # before it (the kernel's own recording shows it), not 1 s after the event's run.
    check_equal(compare.schedule_problem(split, [(15_100_000, "pause")]), None, "after pause")
    check_equal(compare.schedule_problem(split[:12] + split[13:], [(15_000_000, "pause")]),
                None, "the poll after an ethtool run")


def test_collapse_reset_poll_only():
    run = [acc(0, "write", 0, 0x8200), acc(1, "read", 0, 0xb100), acc(2, "read", 0, 0xb100),
           acc(3, "read", 0, 0xb100), acc(4, "read", 0, 0x3100), acc(5, "read", 0, 0x3100),
           acc(6, "read", 1, 0x7809), acc(7, "read", 1, 0x7809)]
    got = [(a.reg, a.val) for a in compare.collapse(run)]
    # The BMCR reads after the reset are kept (probe's own reads), and so is BMSR's latched
    # double read: only reads with RESET still set collapse.
    check_equal(got, [(0, 0x8200), (0, 0xb100), (0, 0x3100), (0, 0x3100), (1, 0x7809),
                      (1, 0x7809)], "collapsed")
    k = [[acc(0, "write", 0, 0x8200), acc(1, "read", 0, 0xb100), acc(2, "read", 0, 0x3100)]]
    p = [[acc(0, "write", 0, 0x8200), acc(1, "read", 0, 0xb100), acc(2, "read", 0, 0xb100),
          acc(3, "read", 0, 0x3100)]]
    check_equal(compare.compare_runs("s", k, p), None, "more reset-poll reads are no difference")


def test_identical_recording():
    runs = compare.split_runs(recorded())
    check_equal(compare.compare_runs("s", runs, runs), None, "the recording against itself")


def test_deliberate_difference():
    k = recorded()
    runs = compare.split_runs(k)
    victim = runs[5][2]
    p = [compare.Access(a.usec, a.op, a.addr, a.reg, a.val ^ 0x0400) if a is victim else a
         for a in k]
    got = compare.compare_runs("s", runs, compare.split_runs(p))
    check_equal(got, f"run 5 access 2: kernel {victim}, phyd read reg 0x{victim.reg:02x} val "
                f"0x{victim.val ^ 0x0400:04x}", "the difference")

    # One access missing at the end of run 7.
    last = runs[7][-1]
    p = [a for a in k if a is not last]
    check_equal(compare.compare_runs("s", runs, compare.split_runs(p)),
                f"run 7 access {len(runs[7]) - 1}: kernel {last}, phyd nothing",
                "a missing access")

    # A run phyd never made.
    check_equal(compare.compare_runs("s", runs, runs[:-1]),
                f"run {len(runs) - 1}: the kernel made 4 accesses, phyd 0", "a missing run")


def test_exceptions():
    with tempfile.NamedTemporaryFile("w", suffix=".exceptions", delete=False) as f:
        f.write("# comment\ns 5 2 the register's reserved bit reads differently\n")
    try:
        ex = compare.Exceptions.load(f.name)
    finally:
        os.unlink(f.name)
    k = [[acc(0, "read", 0, 0x3100)]] * 6
    p = [[acc(0, "read", 0, 0x3100)]] * 5 + [[acc(0, "read", 0, 0x3100)]]
    p[5] = [acc(0, "read", 0, 0x3100), acc(1, "read", 1, 0x7809), acc(2, "read", 1, 1)]
    k = k[:5] + [[acc(0, "read", 0, 0x3100), acc(1, "read", 1, 0x7809), acc(2, "read", 1, 2)]]
    check_equal(compare.compare_runs("s", k, p, ex), None, "excused")
    check_equal(ex.used, {("s", 5, 2)}, "counted")
    check_equal(compare.compare_runs("other", k, p, ex),
                "run 5 access 2: kernel read reg 0x01 val 0x0002, phyd read reg 0x01 val 0x0001",
                "another scenario is not excused")
    with tempfile.NamedTemporaryFile("w", delete=False) as f:
        f.write("s five 2 why\n")
    try:
        compare.Exceptions.load(f.name)
    except ValueError as e:
        check_equal(str(e).startswith(f.name + ":1:"), True, "file:line")
    else:
        raise AssertionError("a bad exception line was accepted")
    finally:
        os.unlink(f.name)


def test_timeline():
    """dmesg of the recording: Up 100/Full rx/tx, Down, Up; phyd's snapshots after each run
    must say the same at the same runs."""
    runs = compare.split_runs(recorded())
    t = lambda r: f"{runs[r][-1].usec / 1e6 + 0.01:.6f}"  # noqa: E731
    kernel = [f"{t(1)} state UP -> NOLINK", f"{t(4)} state NOLINK -> RUNNING",
              f"{t(4)} link up 100 full rx/tx", f"{t(10)} state RUNNING -> NOLINK",
              f"{t(10)} link down"]
    down = dict(State="nolink", Link=False, Speed=0, Duplex="unknown", NegotiatedTxPause=False,
                NegotiatedRxPause=False)
    up = dict(State="running", Link=True, Speed=100, Duplex="full", NegotiatedTxPause=True,
              NegotiatedRxPause=True)
    snaps = [(r, down) for r in range(1, 4)] + [(r, up) for r in range(4, 10)] + \
        [(r, dict(down, Speed=100, Duplex="full")) for r in range(10, 12)]
    k_tl = compare.parse_kernel_timeline(kernel, runs)
    # A log clock 30 ms behind the trace's still places a print at its run.
    early = f"{runs[4][0].usec / 1e6 - 0.03:.6f} state NOLINK -> RUNNING"
    check_equal(compare.parse_kernel_timeline([early], runs), [(4, ("state", "running"))],
                "clock skew")
    p_tl = compare.snapshot_timeline(snaps)
    check_equal(compare.compare_timelines(k_tl, p_tl), None, "same timeline")

    # A drop made by Configure()'s phy_start_aneg (ethtool -A while up) is printed by
    # phylink, but no "PHY state change" (§3.4): neither then nor at the next run.
    silent = snaps[:6] + [(6, dict(down, Speed=100, Duplex="full", Silent=True)),
                          (7, dict(down, Speed=100, Duplex="full"))]
    check_equal(compare.snapshot_timeline(silent)[-1], (6, ("link", "down")), "silent drop")
    check_equal(len(compare.snapshot_timeline(silent)), 4, "no state entry for it")

    snaps[3] = (4, dict(up, NegotiatedTxPause=False))
    check_equal(compare.compare_timelines(k_tl, compare.snapshot_timeline(snaps)),
                "run 4 timeline: kernel link up 100 full rx/tx, phyd link up 100 full rx",
                "a pause difference at its run")


def test_scenario_files():
    for sc in scn.catalogue(os.path.join(HERE, "scenarios")):
        check_equal(sc.events[0].action, "up", f"{sc.name} starts with up")
    with tempfile.NamedTemporaryFile("w", suffix=".scenario", delete=False) as f:
        f.write("model ax88772a\nruns 3\nafter 0 up\nafter 1 plug zz\n")
    try:
        scn.load(f.name)
    except ValueError as e:
        check_equal(str(e).startswith(f.name + ":4:"), True, "file:line")
    else:
        raise AssertionError("a bad scenario line was accepted")
    finally:
        os.unlink(f.name)
    check_equal(scn.advertise_modes("0c21"), ["10baseT/Half", "Pause", "Asym_Pause"], "modes")


TESTS = [v for k, v in list(globals().items()) if k.startswith("test_")]

if __name__ == "__main__":
    print(f"1..{len(TESTS)}")
    failed = 0
    for i, test in enumerate(TESTS, 1):
        try:
            test()
            print(f"ok {i} - {test.__name__}")
        except Exception:
            failed += 1
            print(f"not ok {i} - {test.__name__}")
            print("# " + traceback.format_exc().replace("\n", "\n# "))
    sys.exit(1 if failed else 0)
