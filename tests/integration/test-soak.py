#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""The short soak: scripts/soak for 10 s with 32 sim PHYs flapping every 100 ms and 5 GetAll
clients at 50 Hz. Asserts only what must hold whatever the machine's load: the subscriber
saw every PHY's sequence without a gap and caught up with each PHY's Sequence, and phyd is
alive. Timings and memory are figures (the 60 s run, BENCHMARKS.md), not assertions."""

import os
import sys

import harness as h


def test_short_soak():
    p = h.run_cmd([os.path.join(h.SOURCE, "scripts", "soak"), "--build-dir", h.BUILD,
                   "--duration", "10", "--phys", "32", "--clients", "5"], check_rc=False,
                  timeout=110)
    for line in p.stdout.splitlines():
        print(f"# {line}", flush=True)
    h.check(p.stdout.strip(), f"scripts/soak printed nothing: {p.stderr.strip()}")
    figures = dict(kv.split("=", 1) for kv in p.stdout.splitlines()[-1].split())
    h.check_equal(figures["gaps"], "0", "sequence gaps")
    h.check_equal(figures["caught_up"], "yes", "caught up with every PHY's Sequence")
    h.check("phyd alive: yes" in p.stdout, "phyd died under load")
    h.check_equal(p.returncode, 0, "scripts/soak's exit status")


if __name__ == "__main__":
    sys.exit(h.run([("short soak: no sequence gap, phyd alive", test_short_soak)]))
