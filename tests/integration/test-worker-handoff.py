#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Many clients, many PHYs, at once: the handoff between the event loop and the PHY workers
(DESIGN decision 2), which the sanitizer tier also runs under ThreadSanitizer.

- eight sim PHYs of four models polling every millisecond, one client per PHY calling at
  the same time: every ReadRegister(PHYSID2) answers its own PHY's model (spec §1 PHY IDs:
  0x1841 AX88796B, 0x1861 AX88772A, 0x1881 AX88772C; 0x0150 the generic PHY), never a
  neighbour's, and every Simulator1 call between them (plug, unplug, autonegotiation time)
  succeeds;
- then SIGTERM: phyd stops its workers and exits 0."""

import sys
import threading

import harness as h

MODELS = {"ax88796b": 0x1841, "ax88772a": 0x1861, "ax88772c": 0x1881, "generic": 0x0150}
SIMS = list(MODELS) * 2
ROUNDS = 15


def client(bus, path, model, errors):
    """One client hammering one PHY; failures go to errors, as threads cannot raise."""
    sim = "io.phyd.Simulator1"
    try:
        for i in range(ROUNDS):
            got = h.busctl_json(bus, "call", "io.phyd", path, "io.phyd.Phy1", "ReadRegister",
                                "y", "3")["data"]
            h.check_equal(got, [MODELS[model]], f"{path} ({model}) PHYSID2, round {i}")
            if i % 3 == 0:
                h.busctl(bus, "call", "io.phyd", path, sim, "SetAnegTime", "t", "1000")
            h.busctl(bus, "call", "io.phyd", path, sim, "PlugPartner", "as", "0")
            h.busctl(bus, "call", "io.phyd", path, sim, "UnplugPartner")
    except Exception as e:  # noqa: BLE001 -- reported by the main thread
        errors.append(f"{path}: {e}")


def test_concurrent_clients():
    with h.Rig(["--sim=" + ",".join(SIMS), "--poll-interval=1ms"]) as rig:
        phys = h.phys_by_id(rig.bus)
        h.check_equal(sorted(phys), sorted(f"sim{i}:10" for i in range(len(SIMS))), "PHYs")
        errors = []
        threads = [threading.Thread(target=client,
                                    args=(rig.bus, phys[f"sim{i}:10"], model, errors))
                   for i, model in enumerate(SIMS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        h.check(not errors, "every reply its own PHY's:\n  " + "\n  ".join(errors))
        h.check_equal(rig.phyd.stop(), 0, "phyd exit status on SIGTERM")


if __name__ == "__main__":
    sys.exit(h.run([
        ("concurrent clients of eight PHYs: each reply is its own PHY's; SIGTERM exits 0",
         test_concurrent_clients),
    ]))
