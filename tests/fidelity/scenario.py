# SPDX-License-Identifier: GPL-2.0-or-later
"""Scenario files of the fidelity tier (format in INTERFACE.md)."""

import os
from dataclasses import dataclass, field

MODELS = ("ax88772a", "ax88772c")
QUIRKS = ("lpa-zero", "stale-lpa")
ACTIONS = {"up": 0, "down": 0, "plug": 1, "unplug": 0, "pause": 2, "anrestart": 1, "link-lead": 1,
           "fault": 1, "settings": 0}
# The model's faults (src/sim/phy-model.c), and none, which clears them.
FAULTS = ("none", "read-error", "write-error", "reset-stuck", "absent", "device-gone",
          "id-changed", "garbage")
DEFAULT_OFFSET_MS = 400

# ADVERTISE bits (spec §5) as the ethtool link-mode names Simulator1.PlugPartner takes.
ADVERTISE_MODES = [
    (0x0020, "10baseT/Half"), (0x0040, "10baseT/Full"), (0x0080, "100baseT/Half"),
    (0x0100, "100baseT/Full"), (0x0400, "Pause"), (0x0800, "Asym_Pause"),
]


@dataclass
class Event:
    after_run: int
    offset_ms: int
    action: str
    args: list


@dataclass
class Scenario:
    name: str
    model: str = None
    quirks: list = field(default_factory=list)
    aneg_ms: int = 1200
    runs: int = 0
    events: list = field(default_factory=list)

    @property
    def compared(self):
        """Runs compared: all but the last, which only has to begin on schedule. A stall that
        ended the last compared run too early then shows (INTERFACE.md), and the last run,
        which the kernel's side may cut short when it detaches the device, is not compared."""
        return self.runs - 1


def advertise_modes(hexval):
    v = int(hexval, 16)
    return [name for bit, name in ADVERTISE_MODES if v & bit]


def load(path):
    """The scenario at path; a bad line raises ValueError naming file:line."""
    sc = Scenario(os.path.basename(path).removesuffix(".scenario"))
    with open(path) as f:
        for n, line in enumerate(f, 1):
            words = line.split("#", 1)[0].split()
            if not words:
                continue
            where = f"{path}:{n}"
            try:
                if words[0] == "model" and len(words) == 2 and words[1] in MODELS:
                    sc.model = words[1]
                elif words[0] == "quirk" and len(words) == 2 and words[1] in QUIRKS:
                    sc.quirks.append(words[1])
                elif words[0] == "aneg-ms" and len(words) == 2:
                    sc.aneg_ms = int(words[1])
                elif words[0] == "runs" and len(words) == 2:
                    sc.runs = int(words[1])
                elif words[0] == "after" and len(words) >= 3:
                    k = int(words[1])
                    rest = words[2:]
                    offset = DEFAULT_OFFSET_MS
                    if rest[0].startswith("+"):
                        offset = int(rest[0][1:])
                        rest = rest[1:]
                    if not rest or rest[0] not in ACTIONS or len(rest) - 1 != ACTIONS[rest[0]]:
                        raise ValueError
                    if rest[0] == "plug":
                        int(rest[1], 16)
                    if rest[0] in ("anrestart", "link-lead") and not 0 <= int(rest[1]) <= 60000:
                        raise ValueError
                    if rest[0] == "pause" and any(w not in ("on", "off") for w in rest[1:]):
                        raise ValueError
                    if rest[0] == "fault" and rest[1] not in FAULTS:
                        raise ValueError
                    sc.events.append(Event(k, offset, rest[0], rest[1:]))
                else:
                    raise ValueError
            except ValueError:
                raise ValueError(f"{where}: cannot read {line.strip()!r}") from None
    if sc.model is None or sc.runs <= 1:
        raise ValueError(f"{path}: 'model' and 'runs' (2 or more) are required")
    if not sc.events or (sc.events[0].after_run, sc.events[0].action) != (0, "up"):
        raise ValueError(f"{path}: the first event must be 'after 0 up'")
    return sc


def catalogue(directory):
    return [load(os.path.join(directory, f)) for f in sorted(os.listdir(directory))
            if f.endswith(".scenario")]
