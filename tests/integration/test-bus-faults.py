#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Bus faults (docs/man/phyd.8, EXIT STATUS):

- the dbus-daemon goes away under phyd: phyd does not reconnect; it logs one line saying so
  and exits with status 1, which Restart=on-failure in phyd.service (checked here) restarts;
  the restarted phyd on the new bus takes its PHYs over without a reset;
- a client that disconnects while its call is under way (a Reset() held 600 ms by a stuck
  reset): phyd finishes the call, drops the reply, and serves the next client;
- a subscriber that sends AddMatch and never reads, on a bus whose per-connection outgoing
  limit is small: phyd neither blocks nor grows (its Pss from /proc before and after
  hundreds of events), a normal subscriber beside it sees every sequence number, and the
  stalled one, when it finally reads, finds what the bus dropped for it."""

import os
import re
import signal
import subprocess
import sys
import tempfile

import harness as h

SOAK_LOAD = os.path.join(h.BUILD, "tests", "soak", "soak-load")
LIMITED_BUS = h.BUS_CONFIG.replace(
    "</busconfig>",
    # A small outgoing queue per connection: dbus-daemon drops messages for a client that
    # does not read rather than queue them (its default is 127 MB).
    '  <limit name="max_outgoing_bytes">65536</limit>\n</busconfig>')
PHYS = 16


class Bus(h.Bus):
    """The harness's bus, optionally with the small outgoing limit, that can be killed and
    started again at the same address."""

    def __init__(self, config=h.BUS_CONFIG):
        self.config = config
        self.dir = tempfile.mkdtemp(prefix="phyd-bus-")
        os.chmod(self.dir, 0o755)
        self.path = os.path.join(self.dir, "bus")
        self.address = f"unix:path={self.path}"
        self.start()

    def start(self):
        conf = os.path.join(self.dir, "bus.conf")
        with open(conf, "w") as f:
            f.write(self.config.format(path=self.path))
        if os.path.exists(self.path):
            os.unlink(self.path)
        r, w = os.pipe()
        self.proc = subprocess.Popen(["dbus-daemon", f"--config-file={conf}", "--nofork",
                                      f"--print-address={w}"], pass_fds=(w,),
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(w)
        with os.fdopen(r) as f:
            h.check(f.readline().strip() != "", "dbus-daemon did not start")

    def kill(self):
        self.proc.kill()
        self.proc.wait(timeout=h.DEFAULT_TIMEOUT)


def pss_kib(pid):
    with open(f"/proc/{pid}/smaps_rollup") as f:
        m = re.search(r"^Pss:\s+(\d+) kB", f.read(), re.M)
    return int(m.group(1))


def test_bus_restart():
    unit = open(os.path.join(h.SOURCE, "systemd", "phyd.service.in")).read()
    h.check(re.search(r"^Restart=on-failure$", unit, re.M),
            "phyd.service restarts phyd on failure")

    state = tempfile.mkdtemp(prefix="phyd-state-")
    args = ["--sim=ax88772a,ax88796b", f"--state-dir={state}"]
    bus = Bus()
    first = h.Phyd(bus, args)
    second = None
    try:
        first.start()
        before = {p[0]: h.values(bus, p[3])["State"] for p in h.list_phys(bus)}
        bus.kill()
        first.proc.wait(timeout=h.DEFAULT_TIMEOUT)
        h.check_equal(first.proc.returncode, 1, "phyd's exit status when the bus is gone")
        log = first.read_log()
        h.check("Lost the connection to the bus; exiting with failure so that the service "
                "manager restarts phyd" in log, f"phyd's last words: {log[-500:]!r}")

        # What systemd does next: the bus comes back, phyd is started again.
        bus.start()
        second = h.Phyd(bus, args)
        second.start()
        after = {p[0]: h.values(bus, p[3])["State"] for p in h.list_phys(bus)}
        h.check_equal(after, before, "the PHYs after the restart")
        h.check_equal(second.read_log().count("without a reset"), len(before),
                      "every PHY taken over without a reset")
    finally:
        for p in (first, second):
            if p:
                p.close()
        bus.close()


def test_client_gone_mid_call():
    with h.Rig(["--sim=ax88772c"]) as rig:
        path = h.list_phys(rig.bus)[0][3]
        calls = rig.reader(["busctl", f"--address={rig.bus.address}", "monitor",
                            "--json=short", "--match=type='method_call',member='Reset'"])
        h.check(calls.wait_for(lambda l: "Monitoring" in l) is not None,
                "busctl monitor did not start")
        h.busctl(rig.bus, "call", "--", "io.phyd", path, "io.phyd.Simulator1", "InjectFault",
                 "siu", "reset-stuck", "-1", "0")
        client = subprocess.Popen(["busctl", f"--address={rig.bus.address}", "call",
                                   "io.phyd", path, "io.phyd.Phy1", "Reset"],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        # The call reached the bus (and so phyd): the client goes away before the answer,
        # which the stuck reset holds back for 600 ms.
        h.check(calls.wait_for(lambda l: '"Reset"' in l) is not None, "Reset() not sent")
        client.kill()
        client.wait()
        # The worker serialises requests: this answer comes after the Reset's.
        h.busctl(rig.bus, "call", "io.phyd", path, "io.phyd.Simulator1", "ClearFaults")
        h.check(rig.phyd.proc.poll() is None, "phyd died")
        h.busctl(rig.bus, "call", "io.phyd", path, "io.phyd.Phy1", "Reset")
        h.check_equal(h.values(rig.bus, path)["Id"], "sim0:10", "phyd still answers")


def test_stalled_subscriber():
    bus = Bus(LIMITED_BUS)
    phyd = h.Phyd(bus, ["--sim=" + ",".join(["ax88772c"] * PHYS), "--poll-interval=100ms"],
                  trace=False)
    try:
        phyd.start()
        start = pss_kib(phyd.proc.pid)
        p = h.run_cmd([SOAK_LOAD, f"--address={bus.address}", "--duration-sec=10",
                       "--clients=4", "--getall-hz=20", "--stalled=1"], timeout=120)
        end = pss_kib(phyd.proc.pid)
        figures = dict(kv.split("=") for kv in p.stdout.split())
        print(f"# {p.stdout.strip()} pss_start_kib={start} pss_end_kib={end}", flush=True)
        h.check(phyd.proc.poll() is None, "phyd died")
        h.check(int(figures["signals"]) >= 10 * PHYS, f"too few events: {figures['signals']}")
        h.check_equal(figures["gaps"], "0", "sequence gaps seen by the reading subscriber")
        h.check_equal(figures["caught_up"], "yes", "the reading subscriber saw every "
                      "PHY's last Sequence")
        # Its sequence numbers show what the bus dropped for it.
        h.check(int(figures["stalled0_missing"]) > 0,
                "the bus dropped nothing for the subscriber that never read: the test did "
                "not overflow its queue")
        # Bounded, not flat to the byte: allocator and thread-stack pages settle in the
        # first events. Without a bound phyd would hold the stalled client's backlog (MBs).
        if "ASAN_OPTIONS" in os.environ:
            # AddressSanitizer's quarantine keeps freed memory from reuse, so Pss grows with
            # every allocation; the plain integration tier checks the bound.
            print(f"# Pss bound not checked under AddressSanitizer ({start} -> {end} KiB)")
        else:
            h.check(end - start < 2048, f"phyd's Pss grew from {start} to {end} KiB")
    finally:
        phyd.close()
        bus.close()


if __name__ == "__main__":
    sys.exit(h.run([
        ("bus gone: phyd exits 1 with a clear line, restarts without a reset", test_bus_restart),
        ("a client gone mid-call: phyd drops the reply and serves the next",
         test_client_gone_mid_call),
        ("a subscriber that never reads: no block, no growth, no gap for the others",
         test_stalled_subscriber),
    ]))
