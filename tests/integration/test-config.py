#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""phyd's configuration (DESIGN, "phyd and its configuration"; messages of conf-parser.h and
phyd-config.h), through the real daemon:

- phyd refuses to start on every kind of configuration error, exiting non-zero with exactly
  one line of output naming FILE:LINE: unknown key, unknown section, bad value, key outside
  a section, missing Backend= (FILE alone: no line holds it), Backend=sim without Model=,
  and errors in drop-ins (the drop-in is named, with its own line);
- a .phy file creates a sim PHY whose properties say what the file set (Model, MacProfile,
  Address, PollMode, PollIntervalSec), and Autoneg=no with Speed=10, Duplex=half gives a
  forced 10/half link once a partner is plugged;
- Reload, by Manager1.Reload and by SIGHUP: a bad file is refused with FILE:LINE and the old
  configuration stays whole (PHYs and every property unchanged, a valid change in another
  file not applied); an added .phy file adds a PHY (InterfacesAdded), a removed one removes
  it (InterfacesRemoved), a changed PollIntervalSec= changes PollIntervalUSec
  (PropertiesChanged) and nothing else: no MDIO write, no link event;
- runtime Configure() changes survive a Reload that leaves the PHY's file as it was (a
  phyd.conf change) and are dropped when the PHY's file changed."""

import os
import re
import signal
import sys

import harness as h

INVALID_ARGS = "org.freedesktop.DBus.Error.InvalidArgs"

SIM_A = "[Phy]\nBackend=sim\nModel=ax88772a\n"

# (name, {relative path: content}, relative path of the file named, line or None, message)
ERRORS = [
    ("unknown key", {"phyd.conf": "[Daemon]\nPollMode=fast\nFrobnicate=yes\n"},
     "phyd.conf", 3, 'Unknown key "Frobnicate" in section [Daemon]'),
    ("unknown section", {"phyd.conf": "# phyd\n[Daemon]\n\n[Deamon]\nPollMode=fast\n"},
     "phyd.conf", 4, "Unknown section [Deamon]"),
    ("key outside a section", {"phyd.conf": "# no section yet\nPollMode=fast\n[Daemon]\n"},
     "phyd.conf", 2, 'Key "PollMode" outside of any section'),
    ("bad value", {"phy.d/10-a.phy": SIM_A + "Autoneg=no\nSpeed=1000\nDuplex=half\n"},
     "phy.d/10-a.phy", 5, "Invalid Speed=1000, expected 10 or 100"),
    ("bad value in [Daemon]", {"phyd.conf": "[Daemon]\nPollIntervalSec=soon\n"},
     "phyd.conf", 2, "Invalid PollIntervalSec=soon, expected a time span from 1ms to 1h"),
    ("missing Backend=", {"phy.d/10-a.phy": "[Phy]\nModel=ax88772a\nPollMode=fast\n"},
     "phy.d/10-a.phy", None, "Backend= is missing"),
    ("Backend=sim without Model=", {"phy.d/10-a.phy": "[Phy]\nPollMode=fast\nBackend=sim\n"},
     "phy.d/10-a.phy", 3, "Backend=sim requires Model="),
    ("bad value in a .phy drop-in",
     {"phy.d/10-a.phy": SIM_A, "phy.d/10-a.phy.d/50-poll.conf": "# poll\n[Phy]\nPollMode=often\n"},
     "phy.d/10-a.phy.d/50-poll.conf", 3,
     "Invalid PollMode=often, expected kernel, fast or carrier"),
    ("contradiction in a .phy drop-in",
     {"phy.d/10-a.phy": SIM_A, "phy.d/10-a.phy.d/50-speed.conf": "[Phy]\n\nSpeed=10\n"},
     "phy.d/10-a.phy.d/50-speed.conf", 3, "Speed= requires Autoneg=no"),
    ("unknown key in a phyd.conf drop-in",
     {"phyd.conf": "[Daemon]\n", "phyd.conf.d/50-x.conf": "[Daemon]\nPollMode=fast\nPoll=1\n"},
     "phyd.conf.d/50-x.conf", 3, 'Unknown key "Poll" in section [Daemon]'),
    ("error in a later file", {"phy.d/10-a.phy": SIM_A, "phy.d/20-b.phy": "[Phy]\nBackend=simm\n"},
     "phy.d/20-b.phy", 2,
     "Invalid Backend=simm, expected sim, ioctl, mdio-netlink or ethtool"),
]


def write_files(config_dir, files):
    for rel, content in files.items():
        path = os.path.join(config_dir, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(content)


def test_start_refused():
    bus = h.Bus()
    try:
        for (name, files, rel, line, message) in ERRORS:
            phyd = h.Phyd(bus, ["--sim=ax88772a"])
            try:
                write_files(phyd.config_dir, files)
                phyd.start(expect_ready=False)
                rc = phyd.proc.wait(timeout=h.DEFAULT_TIMEOUT)
                h.check(rc != 0, f"{name}: phyd exited {rc}")
                out = phyd.read_log().splitlines()
                where = os.path.join(phyd.config_dir, rel) + (f":{line}" if line else "")
                h.check_equal(out, [f"{where}: {message}"], f"{name}: phyd's output")
            finally:
                phyd.close()
        # Nothing of the refused runs is on the bus.
        p = h.busctl(bus, "call", "org.freedesktop.DBus", "/", "org.freedesktop.DBus",
                     "NameHasOwner", "s", "io.phyd")
        h.check_equal(p.stdout.strip(), "b false", "io.phyd owned after refused starts")
    finally:
        bus.close()


def test_phy_file_settings():
    with h.Rig(start=False) as rig:
        write_files(rig.phyd.config_dir, {
            "phy.d/10-c.phy": "[Phy]\nBackend=sim\nModel=ax88772c\nMacProfile=ax88772\n"
                              "PollMode=fast\nPollIntervalSec=200ms\n",
            "phy.d/20-b.phy": "[Phy]\nBackend=sim\nModel=ax88796b\nMacProfile=none\n"
                              "Address=3\n",
        })
        rig.phyd.start()
        phys = h.phys_by_id(rig.bus)
        h.check_equal(sorted(phys), ["sim0:10", "sim1:03"], "PHY ids")

        v = h.values(rig.bus, phys["sim0:10"])
        h.check_equal((v["MacProfile"], v["PollMode"], v["PollIntervalUSec"], v["Address"]),
                      ("ax88772", "fast", 200000, 0x10), "10-c.phy: MacProfile, PollMode, "
                      "PollIntervalUSec, Address")
        h.check_equal(v["Driver"], "Asix Electronics AX88772C", "10-c.phy: Driver")
        h.check_equal(h.get_property(rig.bus, phys["sim0:10"], "io.phyd.Simulator1", "Model"),
                      "ax88772c", "10-c.phy: Model")

        # Not the defaults of an AX88796B: the xsurf MAC and address 0x10.
        v = h.values(rig.bus, phys["sim1:03"])
        h.check_equal((v["MacProfile"], v["PollMode"], v["PollIntervalUSec"], v["Address"]),
                      ("none", "kernel", 1000000, 3), "20-b.phy: MacProfile, PollMode, "
                      "PollIntervalUSec, Address")
        h.check_equal(v["Driver"], "Asix Electronics AX88796B", "20-b.phy: Driver")


def test_forced_link_from_file():
    with h.Rig(start=False) as rig:
        write_files(rig.phyd.config_dir, {
            "phy.d/10-forced.phy": "[Phy]\nBackend=sim\nModel=ax88772a\nPollMode=fast\n"
                                   "PollIntervalSec=50ms\nAutoneg=no\nSpeed=10\nDuplex=half\n",
        })
        rig.phyd.start()
        bus = rig.bus
        path = h.phys_by_id(bus)["sim0:10"]
        h.check_equal(h.get_property(bus, path, "io.phyd.Phy1", "Autoneg"), False,
                      "Autoneg after start")
        line = h.plug_partner(bus, path, rig.gdbus_monitor())
        h.check(line is not None, "no LinkChanged with the link up")
        h.check_equal(h.gdbus_link_changed(line, path, ("Link", "Speed", "Duplex", "Autoneg")),
                      {"Link": "true", "Speed": "10", "Duplex": "half", "Autoneg": "false"},
                      "LinkChanged of the forced link")
        v = h.values(bus, path)
        h.check_equal((v["Link"], v["Speed"], v["Duplex"], v["Autoneg"]),
                      (True, 10, "half", False), "properties of the forced link")


def settle(bus, path):
    """Returns once the PHY's worker has carried out everything submitted before, and run
    its state machine once after that: two reads of PHYSID1 (not latching) through the
    worker, which takes its requests in order and runs the machine between batches."""
    for _ in range(2):
        h.busctl(bus, "call", "io.phyd", path, "io.phyd.Phy1", "ReadRegister", "y", "2")


def everything(bus):
    """Every PHY with every property of both its interfaces."""
    return {phy_id: (h.values(bus, path), h.values(bus, path, "io.phyd.Simulator1"))
            for phy_id, path in h.phys_by_id(bus).items()}


def test_reload():
    with h.Rig(start=False) as rig:
        bus, phyd = rig.bus, rig.phyd
        conf = phyd.config_dir
        file_a = "[Phy]\nBackend=sim\nModel=ax88772a\nPollMode=fast\nPollIntervalSec={}\n"
        write_files(conf, {"phy.d/10-a.phy": file_a.format("100ms"),
                           "phy.d/20-b.phy": "[Phy]\nBackend=sim\nModel=ax88796b\n"})
        phyd.start()
        errors = rig.error_monitor()
        monitor = rig.gdbus_monitor()
        log = rig.reader(["tail", "-n", "+1", "-f", phyd.log_path])
        phys = h.phys_by_id(bus)
        h.check_equal(sorted(phys), ["sim0:10", "sim1:10"], "PHYs at start")
        path_a, path_b = phys["sim0:10"], phys["sim1:10"]
        h.check_equal(h.get_property(bus, path_a, "io.phyd.Phy1", "PollIntervalUSec"), 100000,
                      "PollIntervalUSec at start")
        before = everything(bus)

        # A valid change in one file, an error in another: nothing of it is applied.
        bad = os.path.join(conf, "phy.d", "30-bad.phy")
        write_files(conf, {"phy.d/10-a.phy": file_a.format("300ms"),
                           "phy.d/30-bad.phy": "[Phy]\nBackend=sim\nModel=ax88772a\n"
                                               "PollIntervalSec=fortnightly\n"})
        message = h.expect_error(bus, errors, INVALID_ARGS, "io.phyd", "/io/phyd",
                                 "io.phyd.Manager1", "Reload")
        h.check(f"{bad}:4: " in message, f"Reload's error {message!r} does not name {bad}:4")
        h.check_equal(everything(bus), before, "PHYs and properties after a refused Reload")

        os.kill(phyd.proc.pid, signal.SIGHUP)
        line = log.wait_for(lambda l: "Reload failed" in l)
        h.check(line is not None, "no 'Reload failed' in the log after SIGHUP")
        h.check(f"{bad}:4: " in line, f"the log line {line!r} does not name {bad}:4")
        h.check_equal(everything(bus), before, "PHYs and properties after a refused SIGHUP")
        # Both refusals were answered before these reads: had they added, removed or changed a
        # PHY, its signals would be here already.
        noise = [l for l in monitor.drain(0.3)
                 if "InterfacesAdded" in l or "InterfacesRemoved" in l
                 or "PollIntervalUSec" in l]
        h.check_equal(noise, [], "signals after refused reloads")

        # Added, by Reload.
        os.unlink(bad)
        write_files(conf, {"phy.d/10-a.phy": file_a.format("100ms"),
                           "phy.d/30-c.phy": "[Phy]\nBackend=sim\nModel=generic\n"})
        h.busctl(bus, "call", "io.phyd", "/io/phyd", "io.phyd.Manager1", "Reload")
        line = monitor.wait_for(lambda l: "ObjectManager.InterfacesAdded" in l)
        h.check(line is not None, "no InterfacesAdded after Reload")
        m = re.search(r"\(objectpath '([^']+)'", line)
        h.check(m is not None and "'io.phyd.Phy1'" in line and "'io.phyd.Simulator1'" in line,
                f"InterfacesAdded: {line}")
        phys = h.phys_by_id(bus)
        h.check_equal(sorted(phys), ["sim0:10", "sim1:10", "sim2:10"], "PHYs after adding")
        h.check_equal(phys["sim2:10"], m.group(1), "the added PHY's path")
        h.check_equal(h.get_property(bus, m.group(1), "io.phyd.Simulator1", "Model"), "generic",
                      "the added PHY's model")
        h.check_equal((phys["sim0:10"], phys["sim1:10"]), (path_a, path_b),
                      "the other PHYs keep their paths")

        # Removed, by SIGHUP.
        os.unlink(os.path.join(conf, "phy.d", "20-b.phy"))
        os.kill(phyd.proc.pid, signal.SIGHUP)
        line = monitor.wait_for(lambda l: "ObjectManager.InterfacesRemoved" in l)
        h.check(line is not None, "no InterfacesRemoved after SIGHUP")
        h.check(f"(objectpath '{path_b}'," in line, f"InterfacesRemoved: {line}")
        h.check_equal(sorted(h.phys_by_id(bus)), ["sim0:10", "sim2:10"], "PHYs after removing")

        # PollIntervalSec= changed, by Reload then by SIGHUP: PollIntervalUSec follows, and
        # nothing else changes (DESIGN decision 6: the interval never feeds the state machine
        # another input): no MDIO write, every other property as it was (Sequence among
        # them: no LinkChanged).
        for (value, usec, how) in (("250ms", 250000, "Reload"), ("400ms", 400000, "SIGHUP")):
            settle(bus, path_a)
            props = h.values(bus, path_a)
            n = len(phyd.trace_lines())
            write_files(conf, {"phy.d/10-a.phy": file_a.format(value)})
            if how == "Reload":
                h.busctl(bus, "call", "io.phyd", "/io/phyd", "io.phyd.Manager1", "Reload")
            else:
                os.kill(phyd.proc.pid, signal.SIGHUP)
            line = monitor.wait_for(lambda l: l.startswith(
                f"{path_a}: org.freedesktop.DBus.Properties.PropertiesChanged ('io.phyd.Phy1'")
                and f"'PollIntervalUSec': <uint64 {usec}>" in l)
            h.check(line is not None, f"no PropertiesChanged of PollIntervalUSec after {how}")
            h.check_equal(h.get_property(bus, path_a, "io.phyd.Phy1", "PollIntervalUSec"), usec,
                          f"PollIntervalUSec after {how}")
            settle(bus, path_a)
            h.check_equal([l for l in phyd.trace_lines()[n:] if " write " in l], [],
                          f"MDIO writes after a PollIntervalSec= change by {how}")
            after = h.values(bus, path_a)
            h.check_equal({k: v for k, v in after.items() if k != "PollIntervalUSec"},
                          {k: v for k, v in props.items() if k != "PollIntervalUSec"},
                          f"properties but PollIntervalUSec after {how}")
        h.check_equal(h.phys_by_id(bus)["sim0:10"], path_a,
                      "the changed PHY stays the same object")


def test_reload_keeps_runtime_settings():
    with h.Rig(start=False) as rig:
        bus, conf = rig.bus, rig.phyd.config_dir
        file_a = ("[Phy]\nBackend=sim\nModel=ax88772a\nPollMode=fast\nPollIntervalSec={}\n"
                  "Autoneg=no\nSpeed=10\nDuplex=half\n")
        write_files(conf, {"phy.d/10-a.phy": file_a.format("100ms")})
        rig.phyd.start()
        path = h.phys_by_id(bus)["sim0:10"]
        h.check_equal(h.get_property(bus, path, "io.phyd.Phy1", "Autoneg"), False,
                      "Autoneg from the file")
        advertising = h.get_property(bus, path, "io.phyd.Phy1", "Advertising")
        h.busctl(bus, "call", "io.phyd", path, "io.phyd.Phy1", "Configure", "a{sv}", "1",
                 "Autoneg", "b", "true")
        h.check_equal(h.get_property(bus, path, "io.phyd.Phy1", "Autoneg"), True,
                      "Autoneg after Configure()")

        # phyd.conf changes, the PHY's file does not: the runtime setting stays.
        write_files(conf, {"phyd.conf": "[Daemon]\nPollMode=fast\nPollIntervalSec=300ms\n"})
        h.busctl(bus, "call", "io.phyd", "/io/phyd", "io.phyd.Manager1", "Reload")
        settle(bus, path)
        h.check_equal(h.get_property(bus, path, "io.phyd.Phy1", "Autoneg"), True,
                      "Autoneg after a Reload that did not change the PHY's file")

        # The PHY's file changes: Configure() is dropped, the file applies again.
        write_files(conf, {"phy.d/10-a.phy": file_a.format("150ms")})
        h.busctl(bus, "call", "io.phyd", "/io/phyd", "io.phyd.Manager1", "Reload")
        settle(bus, path)
        v = h.values(bus, path)
        h.check_equal((v["Autoneg"], v["PollIntervalUSec"]), (False, 150000),
                      "Autoneg, PollIntervalUSec after a Reload that changed the PHY's file")
        # Back to what probe and the file gave at start, not to a part of it.
        h.check_equal(v["Advertising"], advertising, "Advertising after the file applies again")


if __name__ == "__main__":
    sys.exit(h.run([
        ("phyd refuses to start on a configuration error, naming FILE:LINE",
         test_start_refused),
        ("a .phy file's settings show in the PHY's properties", test_phy_file_settings),
        ("Autoneg=no, Speed=10, Duplex=half in a file force 10/half", test_forced_link_from_file),
        ("Reload and SIGHUP: refused whole, add, remove, change", test_reload),
        ("Reload keeps Configure() where the PHY's file did not change",
         test_reload_keeps_runtime_settings),
    ]))
