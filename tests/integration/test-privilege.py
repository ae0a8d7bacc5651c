#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Privilege (DESIGN decision 9) on a bus without polkit, where only root may change
anything:

- every mutating method of io.phyd.Phy1, io.phyd.Simulator1 and io.phyd.Manager1
  (Reload), called by uid nobody with valid arguments, is refused with
  org.freedesktop.DBus.Error.AccessDenied naming a polkit action, and touches nothing: no
  MDIO write and no read of register 6 in the trace (ReadRegister 6 was among the calls;
  phylib itself never reads register 6), the link, the simulator and the list of PHYs
  unchanged (a Reload would have added one);
- nobody may read: GetAll on every interface, ListPhys, GetPhy, introspection, and
  LinkChanged reaches a gdbus monitor running as nobody;
- root may do all of it: the same calls succeed, or fail with the error the PHY's state
  calls for (Busy), never AccessDenied, and their effect shows (register 6 read, writes,
  the PHY Reload added)."""

import json
import os
import sys
import xml.etree.ElementTree as ET

import harness as h

ACCESS_DENIED = "org.freedesktop.DBus.Error.AccessDenied"
ACTIONS = ("io.phyd.configure", "io.phyd.reset", "io.phyd.write-register", "io.phyd.reload")
NOBODY = "nobody"

PHY = "io.phyd.Phy1"
SIM = "io.phyd.Simulator1"
MANAGER = "io.phyd.Manager1"

# Every mutating method with valid arguments, in an order where root's calls make sense, and
# what root gets: None for success, else the error the PHY's state calls for.
CALLS = [
    (PHY, "ReadRegister", ["y", "6"], None),
    (PHY, "WriteRegister", ["yq", "4", str(0x0de1)], None),
    (PHY, "WriteRegisterWithFlags", ["yqt", "4", str(0x0de1), "1"], None),
    (PHY, "RestartAutoneg", [], None),
    (PHY, "Reset", [], None),
    (PHY, "Start", [], "io.phyd.Error.Busy"),       # started already
    (PHY, "Suspend", [], "io.phyd.Error.Busy"),     # not halted
    (PHY, "Configure", ["a{sv}", "3", "Autoneg", "b", "false", "Speed", "u", "10", "Duplex",
                        "s", "half"], None),
    (PHY, "Stop", [], None),
    (PHY, "Suspend", [], None),
    (PHY, "Resume", [], None),
    (PHY, "Start", [], None),
    (MANAGER, "Reload", [], None),
    (SIM, "SetAnegTime", ["t", "100000"], None),
    (SIM, "SetAnrestartTime", ["t", "0"], None),
    (SIM, "SetLinkLeadTime", ["t", "0"], None),
    (SIM, "SetQuirk", ["sb", "lpa-zero", "true"], None),
    (SIM, "InjectFault", ["siu", "read-error", "31", "1"], None),
    (SIM, "ClearFaults", [], None),
    (SIM, "UnplugPartner", [], None),
    (SIM, "PlugPartner", ["as", "0"], None),
]

# The polkit action each method needs, where the interface XML or DESIGN names it.
ACTION_OF = {
    (PHY, "Configure"): "io.phyd.configure",
    (PHY, "WriteRegister"): "io.phyd.write-register",
    (PHY, "WriteRegisterWithFlags"): "io.phyd.write-register",
    (MANAGER, "Reload"): "io.phyd.reload",
}

NEW_PHY = "[Phy]\nBackend=sim\nModel=generic\n"


def mutating_methods():
    """Every method of the repository's XML that changes something: all of Phy1 and
    Simulator1, and Manager1's but ListPhys and GetPhy."""
    methods = set()
    for iface in (PHY, SIM, MANAGER):
        root = ET.parse(os.path.join(h.INTERFACES, iface + ".xml")).getroot()
        for m in root.iter("method"):
            if (iface, m.get("name")) not in ((MANAGER, "ListPhys"), (MANAGER, "GetPhy")):
                methods.add((iface, m.get("name")))
    return methods


def target(iface, path):
    return "/io/phyd" if iface == MANAGER else path


def get_all(bus, path, iface, user=None):
    p = h.busctl(bus, "--json=short", "call", "io.phyd", path,
                 "org.freedesktop.DBus.Properties", "GetAll", "s", iface, user=user)
    return {k: v["data"] for k, v in json.loads(p.stdout)["data"][0].items()}


def link_state(bus, path):
    v = get_all(bus, path, PHY)
    return {k: v[k] for k in ("State", "Link", "Speed", "Duplex", "Autoneg", "Advertising",
                              "LinkPartnerAdvertising", "Errors")}


def test_nobody_is_refused():
    h.check_equal({(i, m) for (i, m, _, _) in CALLS}, mutating_methods(),
                  "methods this test covers")
    with h.Rig(["--sim=ax88772a", "--poll-interval=50ms"]) as rig:
        # A .phy file that a Reload would turn into a new PHY.
        os.makedirs(os.path.join(rig.phyd.config_dir, "phy.d"))
        with open(os.path.join(rig.phyd.config_dir, "phy.d", "50-new.phy"), "w") as f:
            f.write(NEW_PHY)

        bus, phyd = rig.bus, rig.phyd
        phys = h.list_phys(bus)
        path = phys[0][3]
        errors = rig.error_monitor()
        link, sim = link_state(bus, path), get_all(bus, path, SIM)
        n = len(phyd.trace_lines())
        h.check(n > 0, "the MDIO trace is empty after start")

        for (iface, method, args, _) in CALLS:
            what = f"{method} as {NOBODY}"
            message = h.expect_error(bus, errors, ACCESS_DENIED, "io.phyd",
                                     target(iface, path), iface, method, *args, user=NOBODY)
            want = ACTION_OF.get((iface, method))
            if want:
                h.check(want in message, f"{what}: {message!r} does not name {want}")
            else:
                h.check(any(a in message for a in ACTIONS),
                        f"{what}: {message!r} names no polkit action")

        # A barrier: root's read runs on the PHY's worker after anything queued before it.
        h.busctl(bus, "call", "io.phyd", path, PHY, "ReadRegister", "y", "2")
        new = phyd.trace_lines()[n:]
        h.check_equal([l for l in new if " write " in l], [], "MDIO writes after refused calls")
        h.check_equal([l for l in new if " reg:0x06 " in l], [],
                      "reads of register 6 after refused calls")
        h.check_equal(link_state(bus, path), link, "link after refused calls")
        h.check_equal(get_all(bus, path, SIM), sim, "simulator after refused calls")
        h.check_equal(h.list_phys(bus), phys, "PHYs after a refused Reload")


def test_nobody_reads_and_subscribes():
    with h.Rig(["--sim=ax88772a", "--poll-interval=50ms"]) as rig:
        bus = rig.bus
        phy_id, _, _, path = h.list_phys(bus)[0]
        as_root = {iface: get_all(bus, p, iface)
                   for (iface, p) in ((PHY, path), (SIM, path), (MANAGER, "/io/phyd"))}
        for (iface, p) in ((PHY, path), (SIM, path), (MANAGER, "/io/phyd")):
            got = get_all(bus, p, iface, user=NOBODY)
            h.check_equal(sorted(got), sorted(as_root[iface]), f"{iface} properties as nobody")
            h.check_equal(got.get("Id", phy_id), phy_id, f"{iface}: Id as nobody")
        p = h.busctl(bus, "get-property", "io.phyd", path, PHY, "State", user=NOBODY)
        h.check(p.stdout.startswith('s "'), f"Get State as nobody: {p.stdout!r}")
        p = h.busctl(bus, "call", "io.phyd", "/io/phyd", MANAGER, "ListPhys", user=NOBODY)
        h.check(f'"{path}"' in p.stdout, f"ListPhys as nobody: {p.stdout!r}")
        p = h.busctl(bus, "call", "io.phyd", "/io/phyd", MANAGER, "GetPhy", "s", phy_id,
                     user=NOBODY)
        h.check_equal(p.stdout.strip(), f'o "{path}"', "GetPhy as nobody")
        p = h.busctl(bus, "introspect", "--xml-interface", "io.phyd", path, user=NOBODY)
        h.check('name="io.phyd.Phy1"' in p.stdout, "introspection as nobody")

        monitor = rig.gdbus_monitor(user=NOBODY)
        h.busctl(bus, "call", "io.phyd", path, SIM, "SetAnegTime", "t", "100000")
        h.busctl(bus, "call", "io.phyd", path, SIM, "PlugPartner", "as", "0")
        line = monitor.wait_for(lambda l: l.startswith(f"{path}: io.phyd.Phy1.LinkChanged ")
                                and "'Link': <true>" in l)
        h.check(line is not None, "the gdbus monitor running as nobody got no LinkChanged "
                "with the link up")
        h.check(f"'Id': <'{phy_id}'>" in line, f"LinkChanged snapshot: {line}")


def test_root_is_allowed():
    with h.Rig(["--sim=ax88772a", "--poll-interval=50ms"]) as rig:
        bus, phyd = rig.bus, rig.phyd
        os.makedirs(os.path.join(phyd.config_dir, "phy.d"))
        with open(os.path.join(phyd.config_dir, "phy.d", "50-new.phy"), "w") as f:
            f.write(NEW_PHY)
        path = h.list_phys(bus)[0][3]
        errors = rig.error_monitor()
        # A link first, so that RestartAutoneg, Reset and Stop act on a running PHY.
        monitor = rig.gdbus_monitor()
        h.busctl(bus, "call", "io.phyd", path, SIM, "SetAnegTime", "t", "100000")
        h.busctl(bus, "call", "io.phyd", path, SIM, "PlugPartner", "as", "0")
        h.check(monitor.wait_for(lambda l: l.startswith(f"{path}: io.phyd.Phy1.LinkChanged ")
                                 and "'Link': <true>" in l) is not None,
                "no LinkChanged with the link up")
        n = len(phyd.trace_lines())

        for (iface, method, args, want) in CALLS:
            where = target(iface, path)
            if want is None:
                p = h.busctl(bus, "call", "--", "io.phyd", where, iface, method, *args,
                             check_rc=False)
                h.check(p.returncode == 0, f"{method} as root: {p.stderr.strip()}")
            else:
                h.expect_error(bus, errors, want, "io.phyd", where, iface, method, *args)

        new = phyd.trace_lines()[n:]
        h.check_equal(len([l for l in new if " read phy:0x10 reg:0x06 " in l]), 1,
                      "reads of register 6 (ReadRegister 6 as root)")
        h.check(any(" write phy:0x10 reg:0x04 val:0x0de1" in l for l in new),
                "WriteRegister 4 as root is not in the trace")
        h.check_equal(len(h.list_phys(bus)), 2, "PHYs after Reload as root")
        h.check_equal(h.get_property(bus, path, SIM, "Quirks"), ["lpa-zero"],
                      "Quirks after SetQuirk as root")
        h.check_equal(h.get_property(bus, path, SIM, "PartnerPresent"), True,
                      "PartnerPresent after PlugPartner as root")


if __name__ == "__main__":
    sys.exit(h.run([
        ("every mutating method is AccessDenied to nobody and touches nothing",
         test_nobody_is_refused),
        ("nobody reads properties, lists PHYs and receives LinkChanged",
         test_nobody_reads_and_subscribes),
        ("root may call every mutating method", test_root_is_allowed),
    ]))
