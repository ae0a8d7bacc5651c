#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""What the worker pool promises (DESIGN decision 2, docs/design-deviations.md), read from the
MDIO trace:

- a PHY whose reset hangs (sim fault "reset-stuck": BMCR.RESET never clears, so phylib's
  reset poll reads BMCR for 600 ms, spec §2.1) holds one pool thread only: another PHY's
  runs go on meanwhile, at its poll interval, and no gap between them comes near the
  reset poll's length;
- two requests to one PHY never overlap: a ReadRegister sent while that PHY's Reset is
  polling runs after the poll's last BMCR read, and nothing else of that PHY (no state
  machine run) comes between the reset's write and its last poll."""

import re
import sys
import threading

import harness as h

PHY = "io.phyd.Phy1"
SIM = "io.phyd.Simulator1"
# "<seconds> <bus> <read|write> phy:0x<addr> reg:0x<reg> val:0x<val>" (DESIGN, MDIO trace)
TRACE = re.compile(r"^(\d+\.\d+) (\S+) (read|write) phy:0x([0-9a-f]{2}) reg:0x([0-9a-f]{2}) "
                   r"val:0x([0-9a-f]{4})")
BMCR, PHYSID1 = 0x00, 0x02
BMCR_RESET = 0x8000
RESET_POLL_SEC = 0.6  # spec §2.1: phy_poll_reset() gives up after 600 ms
POLL_SEC = 0.01


def parse(lines):
    out = []
    for line in lines:
        m = TRACE.match(line)
        if m:
            out.append((float(m.group(1)), m.group(2), m.group(3), int(m.group(5), 16),
                        int(m.group(6), 16)))
    return out


def is_reset_write(line):
    a = parse([line])
    return bool(a) and a[0][1] == "sim0" and a[0][2] == "write" and a[0][3] == BMCR \
        and a[0][4] & BMCR_RESET


def call(bus, path, method, results, key):
    results[key] = h.run_cmd(["busctl", f"--address={bus.address}", "call", "io.phyd", path,
                              PHY, method] + (["y", str(PHYSID1)] if method == "ReadRegister"
                                              else []), check_rc=False)


def test_stuck_reset_does_not_hold_others():
    with h.Rig(["--sim=ax88772c,ax88772c", f"--poll-interval={int(POLL_SEC * 1000)}ms"]) as rig:
        phys = h.phys_by_id(rig.bus)
        stuck, other = phys["sim0:10"], phys["sim1:10"]
        h.busctl(rig.bus, "call", "io.phyd", stuck, SIM, "InjectFault", "siu", "--",
                 "reset-stuck", "-1", "1")
        # From here on: bring-up's own resets are before.
        n = len(rig.phyd.trace_lines())
        tail = rig.reader(["tail", "-n", f"+{n + 1}", "-F", rig.phyd.trace_path])

        results = {}
        reset = threading.Thread(target=call, args=(rig.bus, stuck, "Reset", results, "reset"))
        reset.start()
        # The reset has begun: from now on its request polls BMCR for 600 ms.
        h.check(tail.wait_for(is_reset_write) is not None, "sim0's reset write in the trace")
        call(rig.bus, stuck, "ReadRegister", results, "read")
        reset.join()

        h.check(results["reset"].returncode != 0, "Reset of a PHY whose reset hangs fails")
        h.check_equal(results["read"].returncode, 0, "ReadRegister after the stuck reset")
        rig.phyd.stop()

        trace = parse(rig.phyd.trace_lines()[n:])
        sim0 = [(i, a) for i, a in enumerate(trace) if a[1] == "sim0"]
        start = next(i for i, a in sim0 if a[2] == "write" and a[3] == BMCR
                     and a[4] & BMCR_RESET)
        # The poll: BMCR reads that still see RESET, right after the write.
        end = start
        for i, a in sim0:
            if i <= start:
                continue
            if a[2] != "read" or a[3] != BMCR or not a[4] & BMCR_RESET:
                break
            end = i
        t0, t1 = trace[start][0], trace[end][0]
        h.check(t1 - t0 >= RESET_POLL_SEC, f"the reset poll lasted {t1 - t0:.3f} s, "
                "its full 600 ms")

        # Nothing else of sim0 inside its request's run.
        inside = [a for i, a in sim0 if start < i <= end and (a[2], a[3]) != ("read", BMCR)]
        h.check_equal(inside, [], "sim0 accesses between its reset write and last poll")
        after = [a for i, a in sim0 if i > end]
        h.check(any(a[2] == "read" and a[3] == PHYSID1 for a in after),
                "sim0's ReadRegister(PHYSID1) runs after the reset's poll")

        # sim1 went on polling while sim0's run held a thread for 600 ms.
        times = [t0] + [a[0] for a in trace if a[1] == "sim1" and t0 <= a[0] <= t1] + [t1]
        gap = max(b - a for a, b in zip(times, times[1:]))
        h.check(len(times) > 2, "sim1 ran during sim0's stuck reset")
        h.check(gap < RESET_POLL_SEC / 2,
                f"longest pause of sim1 during sim0's stuck reset: {gap * 1000:.0f} ms "
                f"(its poll interval is {POLL_SEC * 1000:.0f} ms)")


if __name__ == "__main__":
    sys.exit(h.run([
        ("a PHY stuck in its reset poll holds back neither another PHY nor runs one of its "
         "requests beside another", test_stuck_reset_does_not_hold_others),
    ]))
