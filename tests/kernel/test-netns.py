#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Kernel tier: phyd on real interfaces, in a network namespace the test creates with a veth
pair, and deletes. Link state comes from rtnetlink, modes from ethtool netlink (monitor mode,
DESIGN decisions 4 and 5): what phyd publishes is compared with what `ip -j link` and
`ethtool` say; peer down/up, deletion, re-creation and renaming are followed exactly.

Needs root (ip netns); where network namespaces cannot be made, the tier says so and fails
rather than passing silently."""

import json
import os
import subprocess
import sys
import uuid

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                                "integration"))
import harness as h  # noqa: E402


class Netns:
    def __init__(self):
        self.name = "phyd-test-" + uuid.uuid4().hex[:8]
        h.run_cmd(["ip", "netns", "add", self.name])

    def ip(self, *args):
        return h.run_cmd(["ip", "-n", self.name] + list(args))

    def exec(self, *args, check_rc=True):
        return h.run_cmd(["ip", "netns", "exec", self.name] + list(args), check_rc=check_rc)

    def close(self):
        subprocess.run(["ip", "netns", "del", self.name], capture_output=True)


def veth(ns, a="vA", b="vB"):
    ns.ip("link", "add", a, "type", "veth", "peer", "name", b)
    ns.ip("link", "set", a, "up")
    ns.ip("link", "set", b, "up")


class Rig(h.Rig):
    """The integration rig with phyd in a namespace of its own holding a veth pair, and a
    busctl monitor of everything phyd sends; the namespace goes with the rest on exit."""

    def __init__(self, args=(), config_dir=None):
        self.ns = Netns()
        super().__init__(list(args), config_dir=config_dir, start=False, netns=self.ns.name)

    def __enter__(self):
        try:
            veth(self.ns)
            self.phyd.start()
            self.mon = self.reader(["busctl", f"--address={self.bus.address}", "monitor",
                                    "--json=short", "--match=type='signal',sender='io.phyd'"])
            h.check(self.mon.wait_for(lambda l: "Monitoring bus message stream" in l)
                    is not None, "busctl monitor did not start")
        except BaseException:
            self.close()
            raise
        return self

    def close(self):
        super().close()
        self.ns.close()

    def phys(self):
        return {p[0]: p for p in h.list_phys(self.bus)}

    def await_phys(self, names):
        """Interfaces appear asynchronously after READY=1 (it never waits for them)."""
        def have():
            return names <= {p[1] for p in h.list_phys(self.bus)}
        # Each new PHY announces itself with InterfacesAdded: await those, not time.
        while not have():
            line = self.mon.next_line(h.DEFAULT_TIMEOUT)
            h.check(line is not None, f"interfaces {sorted(names)} did not appear")

    def await_signal(self, predicate, timeout=h.DEFAULT_TIMEOUT):
        line = self.mon.wait_for(lambda l: (m := parse(l)) is not None and predicate(m),
                                 timeout=timeout)
        return parse(line) if line else None


def parse(line):
    try:
        return json.loads(line)
    except ValueError:
        return None


def link_changed(path):
    return lambda m: m.get("member") == "LinkChanged" and m.get("path") == path


def snapshot(msg):
    seq, snap = msg["payload"]["data"]
    return seq, {k: v["data"] for k, v in snap.items()}


def test_veth_pair_and_carrier():
    with Rig() as rig:
        rig.await_phys({"vA", "vB"})
        phys = {p[1]: p for p in h.list_phys(rig.bus)}
        path_a = phys["vA"][3]
        h.check_equal(h.get_property(rig.bus, path_a, "io.phyd.Phy1", "Mode"), "monitor",
                      "Mode of a real interface")
        h.check_equal(h.get_property(rig.bus, path_a, "io.phyd.Phy1", "Backend"), "ethtool",
                      "Backend")
        h.check_equal(h.get_property(rig.bus, path_a, "io.phyd.Phy1", "Link"), True,
                      "vA carrier with vB up")

        # Peer down: exactly one LinkChanged for vA, link down.
        rig.ns.ip("link", "set", "vB", "down")
        m = rig.await_signal(link_changed(path_a))
        h.check(m is not None, "no LinkChanged for vA after vB down")
        seq1, snap = snapshot(m)
        h.check_equal(snap["Link"], False, "Link after peer down")
        rig.ns.ip("link", "set", "vB", "up")
        m = rig.await_signal(link_changed(path_a))
        h.check(m is not None, "no LinkChanged for vA after vB up")
        seq2, snap = snapshot(m)
        h.check_equal((seq2, snap["Link"]), (seq1 + 1, True), "sequence and Link after up")
        extra = [l for l in rig.mon.drain(0.3)
                 if (x := parse(l)) and link_changed(path_a)(x)]
        h.check_equal(extra, [], "more than one LinkChanged per carrier change")
        h.check_equal(h.get_property(rig.bus, path_a, "io.phyd.Phy1", "LinkDownEvents"), 1,
                      "LinkDownEvents")


def test_properties_match_ip_and_ethtool():
    with Rig() as rig:
        rig.await_phys({"vA", "vB"})
        path = {p[1]: p for p in h.list_phys(rig.bus)}["vA"][3]
        ipj = json.loads(rig.ns.exec("ip", "-j", "link", "show", "vA").stdout)[0]
        link = h.get_property(rig.bus, path, "io.phyd.Phy1", "Link")
        h.check_equal(link, "LOWER_UP" in ipj["flags"], "Link vs ip's LOWER_UP")
        h.check_equal(h.get_property(rig.bus, path, "io.phyd.Phy1", "Ifindex"), ipj["ifindex"],
                      "Ifindex")
        eth = rig.ns.exec("ethtool", "vA").stdout
        fields = dict(l.strip().split(": ", 1) for l in eth.splitlines() if ": " in l)
        speed = h.get_property(rig.bus, path, "io.phyd.Phy1", "Speed")
        h.check_equal(f"{speed}Mb/s", fields["Speed"], "Speed vs ethtool")
        duplex = h.get_property(rig.bus, path, "io.phyd.Phy1", "Duplex")
        h.check_equal(duplex.capitalize(), fields["Duplex"], "Duplex vs ethtool")
        autoneg = h.get_property(rig.bus, path, "io.phyd.Phy1", "Autoneg")
        h.check_equal("on" if autoneg else "off", fields["Auto-negotiation"], "Autoneg")
        h.check_equal(link, fields["Link detected"] == "yes", "Link vs ethtool")


def test_delete_recreate_rename():
    with Rig() as rig:
        rig.await_phys({"vA", "vB"})
        before = {p[1]: p for p in h.list_phys(rig.bus)}
        # Deleting one end deletes both.
        rig.ns.ip("link", "del", "vA")
        for name in ("vA", "vB"):
            m = rig.await_signal(lambda x: x.get("member") == "InterfacesRemoved" and
                                 x["payload"]["data"][0] == before[name][3])
            h.check(m is not None, f"no InterfacesRemoved for {name}")
        h.check_equal([p for p in h.list_phys(rig.bus) if p[1] in ("vA", "vB")], [],
                      "objects left")

        veth(rig.ns)
        rig.await_phys({"vA", "vB"})
        again = {p[1]: p for p in h.list_phys(rig.bus)}
        h.check(again["vA"][3] != before["vA"][3], "a re-created interface is a new object")
        h.check_equal(h.get_property(rig.bus, again["vA"][3], "io.phyd.Phy1", "Sequence") <= 2,
                      True, "its sequence starts again")

        rig.ns.ip("link", "set", "vA", "down")
        rig.ns.ip("link", "set", "vA", "name", "wan0")
        path = again["vA"][3]
        m = rig.await_signal(lambda x: x.get("member") == "PropertiesChanged" and
                             x.get("path") == path and
                             "Interface" in x["payload"]["data"][1])
        h.check(m is not None, "no PropertiesChanged(Interface) on rename")
        h.check_equal(h.get_property(rig.bus, path, "io.phyd.Phy1", "Interface"), "wan0",
                      "Interface after rename")
        h.check_equal({p[3] for p in h.list_phys(rig.bus) if p[1] == "wan0"}, {path},
                      "object path unchanged by the rename")


def test_raw_write_refused():
    with Rig() as rig:
        rig.await_phys({"vA"})
        path = {p[1]: p for p in h.list_phys(rig.bus)}["vA"][3]
        p = h.busctl(rig.bus, "call", "io.phyd", path, "io.phyd.Phy1", "WriteRegister", "yq",
                     "0", "0", check_rc=False)
        h.check(p.returncode != 0 and "kernel owns this PHY" in p.stderr,
                f"a raw write to a kernel-owned PHY: {p.stderr.strip()}")
        # The daemon is still there.
        h.check_equal(h.get_property(rig.bus, path, "io.phyd.Phy1", "Link"), True, "alive")


def test_ioctl_backend_refuses_cleanly():
    """Backend=ioctl on a veth: "vA has no MII access", the PHY stays down, the daemon keeps
    running and a sim PHY beside it keeps its poll schedule."""
    import tempfile
    etc = tempfile.mkdtemp(prefix="phyd-etc-")
    os.makedirs(os.path.join(etc, "phy.d"))
    with open(os.path.join(etc, "phy.d", "10-vA.phy"), "w") as f:
        f.write("[Match]\nInterface=vA\n\n[Phy]\nBackend=ioctl\nMode=managed\n")
    with Rig(["--sim=ax88772c", "--poll-interval=100ms"], config_dir=etc) as rig:
        rig.await_phys({"vA", "vB"})
        phys = {p[1]: p for p in h.list_phys(rig.bus)}
        path = phys["vA"][3]
        h.check_equal(h.get_property(rig.bus, path, "io.phyd.Phy1", "Backend"), "ioctl",
                      "vA's backend")
        h.check_equal(h.get_property(rig.bus, path, "io.phyd.Phy1", "State"), "down",
                      "vA's state")
        h.check("vA has no MII access" in rig.phyd.read_log(), "the refusal in clear words:\n"
                + rig.phyd.read_log()[-800:])
        # The sim PHY polls on: a BMCR read at least every two intervals, for ten runs.
        sim = [l.split() for l in rig.phyd.trace_lines() if " sim0 " in l and "reg:0x00" in l]
        while len(sim) < 12:
            rig.mon.next_line(0.2)
            sim = [l.split() for l in rig.phyd.trace_lines() if " sim0 " in l and
                   "reg:0x00" in l]
        times = [float(x[0]) for x in sim[-10:]]
        gaps = [b - a for a, b in zip(times, times[1:])]
        h.check(max(gaps) < 0.2, f"the sim PHY's runs fell behind: gaps {gaps}")
        h.check_equal(rig.phyd.proc.poll(), None, "phyd still running")
    import shutil
    shutil.rmtree(etc, ignore_errors=True)


def main():
    if os.geteuid() != 0:
        print("1..1\nnot ok 1 - the kernel tier needs root to create network namespaces "
              "(CI runs it as root)")
        return 1
    probe = subprocess.run(["ip", "netns", "add", "phyd-probe-" + uuid.uuid4().hex[:6]],
                           capture_output=True, text=True)
    if probe.returncode != 0:
        print(f"1..1\nnot ok 1 - cannot create a network namespace here: {probe.stderr.strip()}")
        return 1
    subprocess.run(["sh", "-c", "ip netns list | grep '^phyd-probe-' | cut -d' ' -f1 | "
                    "xargs -r -n1 ip netns del"], capture_output=True)
    return h.run([
        ("veth ends are watched; a carrier change is one LinkChanged", test_veth_pair_and_carrier),
        ("monitor-mode properties equal ip and ethtool", test_properties_match_ip_and_ethtool),
        ("deleted, re-created and renamed interfaces", test_delete_recreate_rename),
        ("a raw write to a kernel-owned PHY is ReadOnly", test_raw_write_refused),
        ("the ioctl backend on a veth refuses cleanly", test_ioctl_backend_refuses_cleanly),
    ])


if __name__ == "__main__":
    sys.exit(main())
