#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""The D-Bus API as clients we did not write see it, against the contract in DESIGN.md:

- the live introspection of /io/phyd (io.phyd.Manager1) and of every PHY object
  (io.phyd.Phy1, and io.phyd.Simulator1 on sim PHYs) equals the repository's XML: methods
  with their arguments in order, signals, properties with type, access and
  EmitsChangedSignal; no other interface than the standard ones;
- every property is readable with GetAll, with the XML's type; ListPhys and GetPhy (by id,
  by object path; an unknown name is io.phyd.Error.NoSuchPhy);
- bad arguments get org.freedesktop.DBus.Error.InvalidArgs, from root so that privilege is
  not what refuses, and change nothing: no MDIO write in the trace, the link unchanged;
- a sample of methods succeeds as root: registers read and round-trip, a forced 10/half
  link comes up at 10/half, Stop halts, Suspend only when halted (else io.phyd.Error.Busy),
  Start from halted;
- phyctl's --json keys are the io.phyd.Phy1 property names."""

import json
import os
import re
import sys
import xml.etree.ElementTree as ET

import harness as h

STANDARD_INTERFACES = {
    "org.freedesktop.DBus.Peer",
    "org.freedesktop.DBus.Introspectable",
    "org.freedesktop.DBus.Properties",
    "org.freedesktop.DBus.ObjectManager",
}
EMITS = "org.freedesktop.DBus.Property.EmitsChangedSignal"
INVALID_ARGS = "org.freedesktop.DBus.Error.InvalidArgs"
SIMS = ["ax88772a", "ax88772c", "ax88796b", "generic"]


def describe(iface, what):
    """An interface element as comparable data: methods and signals with their arguments in
    order, properties with type, access and EmitsChangedSignal ("true" when absent, as the
    D-Bus specification says)."""
    def unique(elements, kind):
        names = [e.get("name") for e in elements]
        dups = sorted({n for n in names if names.count(n) > 1})
        h.check(not dups, f"{what}: {kind} declared twice: {dups}")
        return elements

    methods = {
        m.get("name"): [(a.get("name"), a.get("type"), a.get("direction", "in"))
                        for a in m.findall("arg")]
        for m in unique(iface.findall("method"), "method")
    }
    signals = {
        s.get("name"): [(a.get("name"), a.get("type")) for a in s.findall("arg")]
        for s in unique(iface.findall("signal"), "signal")
    }
    properties = {}
    for p in unique(iface.findall("property"), "property"):
        emits = "true"
        for a in p.findall("annotation"):
            if a.get("name") == EMITS:
                emits = a.get("value")
        properties[p.get("name")] = (p.get("type"), p.get("access"), emits)
    return {"method": methods, "signal": signals, "property": properties}


def interfaces_of(xml_text, what):
    root = ET.fromstring(xml_text)
    found = {}
    for iface in root.findall("interface"):
        name = iface.get("name")
        h.check(name not in found, f"{what}: interface {name} twice")
        found[name] = iface
    return found


def repository_interface(name):
    with open(os.path.join(h.INTERFACES, name + ".xml")) as f:
        ifaces = interfaces_of(f.read(), name + ".xml")
    h.check_equal(sorted(ifaces), [name], f"interfaces in {name}.xml")
    return describe(ifaces[name], name + ".xml")


def compare_interface(live, repo, what):
    problems = []
    for kind in ("method", "signal", "property"):
        for name in sorted(set(live[kind]) | set(repo[kind])):
            if name not in live[kind]:
                problems.append(f"{kind} {name} is in the XML but not on the bus")
            elif name not in repo[kind]:
                problems.append(f"{kind} {name} is on the bus but not in the XML")
            elif live[kind][name] != repo[kind][name]:
                problems.append(f"{kind} {name}: bus {live[kind][name]}, "
                                f"XML {repo[kind][name]}")
    h.check(not problems, f"{what} differs from the repository XML:\n  " +
            "\n  ".join(problems))


def introspect(bus, path):
    return h.busctl(bus, "introspect", "--xml-interface", "io.phyd", path).stdout


def call_json(bus, path, interface, method, *args):
    return h.busctl_json(bus, "call", "io.phyd", path, interface, method, *args)["data"]


def writes(lines):
    return [l for l in lines if " write " in l]


def test_introspection():
    repo = {name: repository_interface(name)
            for name in ("io.phyd.Manager1", "io.phyd.Phy1", "io.phyd.Simulator1")}
    with h.Rig(["--sim=" + ",".join(SIMS)]) as rig:
        live = interfaces_of(introspect(rig.bus, "/io/phyd"), "/io/phyd")
        h.check_equal(sorted(set(live) - STANDARD_INTERFACES), ["io.phyd.Manager1"],
                      "interfaces on /io/phyd")
        h.check("org.freedesktop.DBus.ObjectManager" in live,
                "/io/phyd has no org.freedesktop.DBus.ObjectManager")
        compare_interface(describe(live["io.phyd.Manager1"], "/io/phyd"),
                          repo["io.phyd.Manager1"], "io.phyd.Manager1 on /io/phyd")

        phys = h.list_phys(rig.bus)
        h.check_equal(len(phys), len(SIMS), "PHYs listed")
        for (phy_id, _, _, path) in phys:
            live = interfaces_of(introspect(rig.bus, path), path)
            # Every PHY here is a sim PHY: both interfaces, nothing else of ours.
            h.check_equal(sorted(set(live) - STANDARD_INTERFACES),
                          ["io.phyd.Phy1", "io.phyd.Simulator1"], f"interfaces on {path}")
            for name in ("io.phyd.Phy1", "io.phyd.Simulator1"):
                compare_interface(describe(live[name], path), repo[name],
                                  f"{name} on {path} ({phy_id})")


def test_properties_and_lookup():
    repo = {name: repository_interface(name)
            for name in ("io.phyd.Manager1", "io.phyd.Phy1", "io.phyd.Simulator1")}
    with h.Rig(["--sim=" + ",".join(SIMS)]) as rig:
        bus = rig.bus
        want = {k: t for k, (t, _, _) in repo["io.phyd.Manager1"]["property"].items()}
        got = {k: t for k, (t, _) in h.get_all(bus, "/io/phyd", "io.phyd.Manager1").items()}
        h.check_equal(got, want, "Manager1 properties and types from GetAll")

        phys = h.list_phys(bus)
        h.check_equal([p[0] for p in phys], [f"sim{i}:10" for i in range(len(SIMS))],
                      "ListPhys ids")
        h.check_equal(len({p[3] for p in phys}), len(phys), "distinct object paths")
        for (phy_id, ifname, ifindex, path) in phys:
            h.check(re.fullmatch(r"/io/phyd/phy/\d+", path) is not None,
                    f"object path {path}")
            h.check_equal((ifname, ifindex), ("", 0), f"{phy_id}: interface of a sim PHY")
            for name in ("io.phyd.Phy1", "io.phyd.Simulator1"):
                want = {k: t for k, (t, _, _) in repo[name]["property"].items()}
                props = h.get_all(bus, path, name)
                got = {k: t for k, (t, _) in props.items()}
                h.check_equal(got, want, f"{phy_id}: {name} properties and types from GetAll")
            v = h.values(bus, path, "io.phyd.Phy1")
            h.check_equal(v["Id"], phy_id, f"{phy_id}: Id")
            h.check_equal((v["Backend"], v["Address"], v["Mode"]), ("sim", 0x10, "managed"),
                          f"{phy_id}: Backend, Address, Mode")
            h.check(v["State"] in ("down", "ready", "halted", "error", "up", "running",
                                   "nolink"), f"{phy_id}: State {v['State']}")
            h.check(v["Duplex"] in ("full", "half", "unknown"), f"{phy_id}: Duplex")
            h.check_equal(len(v["Registers"]), 7, f"{phy_id}: Registers 0-6")

            # GetPhy by id and by object path.
            for name in (phy_id, path):
                got = call_json(bus, "/io/phyd", "io.phyd.Manager1", "GetPhy", "s", name)
                h.check_equal(got, [path], f"GetPhy {name}")

        errors = rig.error_monitor()
        # "" is the interface name ListPhys gives a sim PHY, 0 its ifindex: neither names it.
        for name in ("nosuchphy", "sim9:10", "/io/phyd/phy/999", "", "0"):
            p = h.busctl(bus, "call", "io.phyd", "/io/phyd", "io.phyd.Manager1", "GetPhy", "s",
                         name, check_rc=False)
            h.check(p.returncode != 0, f"GetPhy {name!r} succeeded")
            h.check("No PHY named" in p.stderr or "NoSuchPhy" in p.stderr,
                    f"GetPhy {name!r}: busctl says {p.stderr.strip()!r}")
            err, _ = errors.next_error()
            h.check_equal(err, "io.phyd.Error.NoSuchPhy", f"GetPhy {name!r} error")


# (interface, method, signature and arguments, a word the error message must show)
BAD_CALLS = [
    ("io.phyd.Phy1", "ReadRegister", ["y", "32"], "32"),
    ("io.phyd.Phy1", "ReadRegister", ["y", "255"], "255"),
    ("io.phyd.Phy1", "WriteRegister", ["yq", "32", "0"], "32"),
    ("io.phyd.Phy1", "WriteRegister", ["yu", "4", "70000"], "yu"),
    ("io.phyd.Phy1", "Configure", ["a{sv}", "1", "Bogus", "b", "true"], "Bogus"),
    ("io.phyd.Phy1", "Configure",
     ["a{sv}", "3", "Autoneg", "b", "false", "Speed", "u", "1000", "Duplex", "s", "half"],
     "1000"),
    ("io.phyd.Phy1", "Configure",
     ["a{sv}", "3", "Autoneg", "b", "false", "Speed", "u", "10", "Duplex", "s", "quarter"],
     "quarter"),
    ("io.phyd.Phy1", "Configure",
     ["a{sv}", "3", "Autoneg", "b", "false", "Speed", "s", "10", "Duplex", "s", "half"],
     "Speed"),
    ("io.phyd.Phy1", "Configure", ["a{sv}", "1", "Autoneg", "b", "false"], "Autoneg"),
    # A forced speed on a PHY that negotiates, without turning autoneg off.
    ("io.phyd.Phy1", "Configure", ["a{sv}", "1", "Speed", "u", "10"], "Speed"),
    # Valid settings first: the bad one after them still refuses the whole call.
    ("io.phyd.Phy1", "Configure",
     ["a{sv}", "4", "Autoneg", "b", "false", "Speed", "u", "10", "Duplex", "s", "half",
      "Bogus", "b", "true"], "Bogus"),
    ("io.phyd.Phy1", "Configure", ["a{sv}", "2", "RxPause", "b", "false", "TxPause", "u", "0"],
     "TxPause"),
    ("io.phyd.Phy1", "Configure",
     ["a{sv}", "1", "Advertise", "as", "2", "100baseT/Full", "1000baseT/Fool"],
     "1000baseT/Fool"),
    ("io.phyd.Simulator1", "InjectFault", ["siu", "melt-down", "-1", "0"], "melt-down"),
    ("io.phyd.Simulator1", "InjectFault", ["siu", "read-error", "32", "0"], "32"),
    ("io.phyd.Simulator1", "SetQuirk", ["sb", "no-such-quirk", "true"], "no-such-quirk"),
    ("io.phyd.Simulator1", "PlugPartner", ["as", "1", "1000baseT/Full"], "1000baseT/Full"),
]

LINK_PROPERTIES = ("State", "Link", "Speed", "Duplex", "Autoneg", "Advertising")


def test_bad_arguments():
    with h.Rig(["--sim=ax88772a", "--poll-interval=50ms"]) as rig:
        bus, phyd = rig.bus, rig.phyd
        path = h.phys_by_id(bus)["sim0:10"]
        errors = rig.error_monitor()

        def link():
            v = h.values(bus, path, "io.phyd.Phy1")
            return {k: v[k] for k in LINK_PROPERTIES}

        before = link()
        sim_before = h.values(bus, path, "io.phyd.Simulator1")
        n = len(phyd.trace_lines())
        h.check(n > 0, "the MDIO trace is empty after start")

        for (interface, method, args, word) in BAD_CALLS:
            what = f"{method}({' '.join(args)})"
            message = h.expect_error(bus, errors, INVALID_ARGS, "io.phyd", path, interface,
                                     method, *args)
            h.check(word in message, f"{what}: the message {message!r} does not name {word!r}")

        # A barrier: this read goes through the PHY's worker after anything queued before.
        h.check_equal(call_json(bus, path, "io.phyd.Phy1", "ReadRegister", "y", "2"),
                      [0x003b], "ReadRegister 2 (barrier)")
        new = phyd.trace_lines()[n:]
        h.check_equal(writes(new), [], "MDIO writes after refused calls")
        h.check_equal(link(), before, "link after refused calls")
        h.check_equal(h.values(bus, path, "io.phyd.Simulator1"), sim_before,
                      "Simulator1 after refused calls")


def test_methods_as_root():
    with h.Rig(["--sim=ax88772a", "--poll-interval=50ms"]) as rig:
        bus, phyd = rig.bus, rig.phyd
        path = h.phys_by_id(bus)["sim0:10"]
        phy = "io.phyd.Phy1"
        errors = rig.error_monitor()

        # PHYSID1 of the AX88772A: 0x003b (OUI 00:0e:c6).
        h.check_equal(call_json(bus, path, phy, "ReadRegister", "y", "2"), [0x003b],
                      "ReadRegister 2")
        # ADVERTISE round-trips, and the write is in the trace as the kernel's tracepoint
        # would show it.
        n = len(phyd.trace_lines())
        h.busctl(bus, "call", "io.phyd", path, phy, "WriteRegister", "yq", "4", str(0x01e1))
        h.check_equal(call_json(bus, path, phy, "ReadRegister", "y", "4"), [0x01e1],
                      "ReadRegister 4 after WriteRegister 4 0x01e1")
        h.check_equal([l.split(" ", 1)[1] for l in writes(phyd.trace_lines()[n:])],
                      ["sim0 write phy:0x10 reg:0x04 val:0x01e1"], "writes in the trace")

        # A forced 10/half link, then a partner: the link comes up at 10/half.
        h.busctl(bus, "call", "io.phyd", path, phy, "Configure", "a{sv}", "3", "Autoneg", "b",
                 "false", "Speed", "u", "10", "Duplex", "s", "half")
        h.check_equal(h.get_property(bus, path, phy, "Autoneg"), False, "Autoneg after Configure")
        line = h.plug_partner(bus, path, rig.gdbus_monitor())
        h.check(line is not None, "no LinkChanged with the link up after PlugPartner")
        snap = h.gdbus_link_changed(line, path)
        h.check_equal((snap["Speed"], snap["Duplex"], snap["Autoneg"]), ("10", "half", "false"),
                      "LinkChanged: Speed, Duplex, Autoneg")
        v = h.values(bus, path, phy)
        h.check_equal((v["State"], v["Link"], v["Speed"], v["Duplex"], v["Autoneg"]),
                      ("running", True, 10, "half", False), "properties once the link is up")

        # Suspend only from halted.
        h.expect_error(bus, errors, "io.phyd.Error.Busy", "io.phyd", path, phy, "Suspend")
        h.check_equal(h.get_property(bus, path, phy, "State"), "running",
                      "State after a refused Suspend")
        h.busctl(bus, "call", "io.phyd", path, phy, "Stop")
        h.check_equal(h.get_property(bus, path, phy, "State"), "halted", "State after Stop")
        h.busctl(bus, "call", "io.phyd", path, phy, "Suspend")
        h.check_equal(h.get_property(bus, path, phy, "State"), "halted", "State after Suspend")
        h.busctl(bus, "call", "io.phyd", path, phy, "Start")
        state = h.get_property(bus, path, phy, "State")
        h.check(state not in ("halted", "error", "down"), f"State after Start: {state}")


def test_phyctl_sim_timings():
    """phyctl sim's model timings reach the model: ANRESTART held after a restart (spec
    §2.2 step 1), the link read up before the negotiation completes (§2.2 step 3). Each is
    set far longer than the test lasts, so what is read does not depend on when."""
    with h.Rig(["--sim=ax88772a"]) as rig:
        def read(reg):
            return int(h.phyctl(rig.bus, "read", "sim0:10", reg).stdout, 16)

        for args in (["aneg-time", "60s"], ["link-lead-time", "60s"], ["partner", "up"]):
            h.phyctl(rig.bus, "sim", "sim0:10", *args)
        # LSTATUS latches low (§2.2): the second read is the link now.
        read("bmsr")
        bmsr = read("bmsr")
        h.check_equal((bool(bmsr & 0x0004), bool(bmsr & 0x0020)), (True, False),
                      f"BMSR 0x{bmsr:04x}: link status ahead of aneg complete")
        h.phyctl(rig.bus, "sim", "sim0:10", "anrestart-time", "60s")
        h.phyctl(rig.bus, "restart-aneg", "sim0:10")
        h.check(read("bmcr") & 0x0200, "BMCR.ANRESTART still set after restart-aneg")
        p = h.phyctl(rig.bus, "sim", "sim0:10", "link-lead-time", "soon", check_rc=False)
        h.check(p.returncode != 0 and "invalid duration 'soon'" in p.stderr,
                f"a bad duration: {p.stderr.strip()}")


def json_objects(text):
    """phyctl --json=short output: one array, one object, or one object per line."""
    text = text.strip()
    try:
        doc = json.loads(text)
    except ValueError:
        doc = [json.loads(l) for l in text.splitlines() if l.strip()]
    return doc if isinstance(doc, list) else [doc]


def test_phyctl_json_keys():
    h.check(os.path.isfile(h.PHYCTL) and os.access(h.PHYCTL, os.X_OK),
            f"phyctl is not built ({h.PHYCTL} missing): its --json keys cannot be checked "
            "against io.phyd.Phy1")
    names = set(repository_interface("io.phyd.Phy1")["property"])
    with h.Rig(["--sim=ax88772a,ax88796b"]) as rig:
        status = json_objects(h.phyctl(rig.bus, "--json=short", "status").stdout)
        h.check_equal(len(status), 2, "objects in phyctl status")
        for obj in status:
            h.check(isinstance(obj, dict), f"phyctl status: {obj!r} is not an object")
            h.check_equal(set(obj), names, "phyctl status keys")
        listed = json_objects(h.phyctl(rig.bus, "--json=short", "list").stdout)
        h.check_equal(len(listed), 2, "objects in phyctl list")
        for obj in listed:
            h.check(isinstance(obj, dict), f"phyctl list: {obj!r} is not an object")
            h.check(set(obj) <= names, f"phyctl list keys {sorted(set(obj) - names)} are not "
                    "io.phyd.Phy1 properties")


if __name__ == "__main__":
    sys.exit(h.run([
        ("live introspection equals the repository XML", test_introspection),
        ("properties have the XML's types; ListPhys, GetPhy, NoSuchPhy",
         test_properties_and_lookup),
        ("bad arguments are InvalidArgs and change nothing", test_bad_arguments),
        ("registers, forced link, Stop/Suspend/Start as root", test_methods_as_root),
        ("phyctl --json keys are the Phy1 property names", test_phyctl_json_keys),
        ("phyctl sim sets the model's timings", test_phyctl_sim_timings),
    ]))
