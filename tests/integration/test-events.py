#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""LinkChanged, as three clients we did not write, or did, receive it: for N scripted
events on each sim model, busctl monitor, gdbus monitor and phyctl monitor --json each get
exactly N signals, with contiguous sequence numbers, and values equal to the outcome the
IEEE 802.3 rules give for that partner (Annex 28B priority and pause resolution), written
out below rather than computed by phyd."""

import json
import re
import sys

import harness as h

# (model@profile, [(action, partner modes, speed, duplex, tx_pause, rx_pause)])
# The ax88772 MAC advertises Pause and Asym_Pause; the X-Surf MAC no pause (DESIGN
# decision 7). Table 28B-3: local (1,1) with partner (1,x) -> tx+rx; with (0,1) -> rx only.
# Without a link the MAC has no flow control. After a link loss the AX88772A's read_status
# leaves speed and duplex as they were (spec §1); genphy_read_status makes them unknown
# (spec §2.5).
SCENARIOS = {
    "ax88772a@ax88772": [
        ("plug", ["100baseT/Full", "100baseT/Half", "Pause"], 100, "full", True, True),
        ("unplug", None, 100, "full", False, False),
        ("plug", ["10baseT/Half"], 10, "half", False, False),
        ("unplug", None, 10, "half", False, False),
        ("plug", ["100baseT/Full", "Asym_Pause"], 100, "full", False, True),
    ],
    "ax88772c@ax88772": [
        ("plug", ["10baseT/Full", "Pause", "Asym_Pause"], 10, "full", True, True),
        ("unplug", None, 0, "unknown", False, False),
        ("plug", ["100baseT/Half", "10baseT/Half"], 100, "half", False, False),
    ],
    "ax88796b@xsurf": [
        ("plug", ["100baseT/Full", "Pause"], 100, "full", False, False),
        ("unplug", None, 0, "unknown", False, False),
        ("plug", ["10baseT/Full", "10baseT/Half"], 10, "full", False, False),
        ("unplug", None, 0, "unknown", False, False),
    ],
}

GDBUS_SIGNAL = re.compile(r"^(/io/phyd/phy/\d+): io\.phyd\.Phy1\.LinkChanged \(uint64 (\d+), (.*)\)$")


def gdbus_value(body, key):
    m = re.search(r"'" + key + r"': <(?:uint32 |uint64 )?([^>]*)>", body)
    return m.group(1).strip("'") if m else None


def parse_busctl(line):
    msg = json.loads(line)
    if msg.get("member") != "LinkChanged":
        return None
    seq, snap = msg["payload"]["data"]
    return (msg["path"], seq, {k: v["data"] for k, v in snap.items()})


def parse_gdbus(line):
    m = GDBUS_SIGNAL.match(line)
    if not m:
        return None
    body = m.group(3)
    snap = {
        "Speed": int(gdbus_value(body, "Speed")),
        "Duplex": gdbus_value(body, "Duplex"),
        "Link": gdbus_value(body, "Link") == "true",
        "NegotiatedTxPause": gdbus_value(body, "NegotiatedTxPause") == "true",
        "NegotiatedRxPause": gdbus_value(body, "NegotiatedRxPause") == "true",
    }
    return (m.group(1), int(m.group(2)), snap)


def parse_phyctl(line):
    obj = json.loads(line)
    return (obj["Object"], obj["Sequence"], obj)


def test_scripted_events():
    sims = ",".join(SCENARIOS)
    with h.Rig(["--sim=" + sims, "--poll-interval=50ms"]) as rig:
        bus = rig.bus
        phys = {p[0]: p[3] for p in h.list_phys(bus)}
        paths = [phys[f"sim{i}:10"] for i in range(len(SCENARIOS))]
        # Short negotiations keep the test fast; a model parameter, not a phyd setting.
        for path in paths:
            h.busctl(bus, "call", "io.phyd", path, "io.phyd.Simulator1", "SetAnegTime", "t",
                     "100000")

        # Each monitor is subscribed before the first event: busctl and phyctl say so once
        # their match is in place, gdbus through the rig's check of its AddMatch.
        match = "type='signal',sender='io.phyd',interface='io.phyd.Phy1',member='LinkChanged'"
        busctl_mon = rig.reader(["busctl", f"--address={bus.address}", "monitor",
                                 "--json=short", f"--match={match}"])
        h.check(busctl_mon.wait_for(lambda l: "Monitoring bus message stream" in l)
                is not None, "busctl monitor did not start")
        phyctl_mon = rig.reader([h.PHYCTL, f"--address={bus.address}", "monitor",
                                 "--json=short"])
        h.check(phyctl_mon.wait_for(lambda l: "Monitoring link changes" in l) is not None,
                "phyctl monitor did not start")
        clients = {
            "busctl": (busctl_mon, parse_busctl),
            "gdbus": (rig.gdbus_monitor(), parse_gdbus),
            "phyctl": (phyctl_mon, parse_phyctl),
        }

        last_seq = {}
        for i, (model, events) in enumerate(SCENARIOS.items()):
            path = paths[i]
            for (action, modes, speed, duplex, tx, rx) in events:
                if action == "plug":
                    h.busctl(bus, "call", "io.phyd", path, "io.phyd.Simulator1", "PlugPartner",
                             "as", str(len(modes)), *modes)
                else:
                    h.busctl(bus, "call", "io.phyd", path, "io.phyd.Simulator1",
                             "UnplugPartner")
                for name, (reader, parse) in clients.items():
                    line = reader.wait_for(lambda l: (p := parse_or_none(parse, l)) is not None
                                           and p[0] == path)
                    h.check(line is not None, f"{name}: no LinkChanged for {model} {action}")
                    obj, seq, snap = parse(line)
                    key = (name, path)
                    if key in last_seq:
                        h.check_equal(seq, last_seq[key] + 1, f"{name}: {model} sequence")
                    last_seq[key] = seq
                    what = f"{name}: {model} after {action} {modes or ''}"
                    h.check_equal(snap["Link"], action == "plug", what + " Link")
                    h.check_equal(snap["Speed"], speed, what + " Speed")
                    h.check_equal(snap["Duplex"], duplex, what + " Duplex")
                    h.check_equal(snap["NegotiatedTxPause"], tx, what + " tx pause")
                    h.check_equal(snap["NegotiatedRxPause"], rx, what + " rx pause")

        # Exactly N: nothing more arrives over many more poll periods.
        for name, (reader, parse) in clients.items():
            extra = [l for l in reader.drain(0.5) if parse_or_none(parse, l)]
            h.check_equal(extra, [], f"{name}: signals after the last event")
        for name in clients:
            got = sum(1 for (n, _) in last_seq if n == name)
            h.check_equal(got, len(SCENARIOS), f"{name}: PHYs seen")


def parse_or_none(parse, line):
    try:
        return parse(line)
    except (ValueError, KeyError, TypeError):
        return None


if __name__ == "__main__":
    sys.exit(h.run([("scripted events reach busctl, gdbus and phyctl exactly once each",
                     test_scripted_events)]))
