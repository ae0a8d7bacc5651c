/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * phyd's configuration (DESIGN.md, "phyd and its configuration"), in the dialect of systemd
 * .link files (conf-parser.h):
 *
 *   DIR/phyd.conf and its drop-ins DIR/phyd.conf.d/X.conf         [Daemon]
 *   DIR/phy.d/NAME.phy and its drop-ins DIR/phy.d/NAME.phy.d/X.conf  [Match], [Phy]: one PHY
 *
 * Loading is all or nothing: phyd_config_load() returns a whole configuration or an error
 * naming FILE:LINE, never a part, which is how Reload keeps the old configuration whole.
 *
 * A .phy file sets what it names and nothing else: the daemon applies only what is set, so
 * every optional [Phy] setting has an "unset" value, noted beside it.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "conf-parser.h"
#include "phyd/linkmode.h"
#include "phyd/mac-profile.h"
#include "phyd/macro.h"
#include "phyd/phy-model.h"
#include "phyd/string-table.h"

/* SYSCONFDIR/phyd, from the build. */
#ifndef PHYD_CONFIG_DIR
#define PHYD_CONFIG_DIR "/etc/phyd"
#endif

/* PollIntervalSec=: the kernel's PHY_STATE_TIME by default, 1 ms to 1 h. */
#define POLL_INTERVAL_DEFAULT_USEC USEC_PER_SEC
#define POLL_INTERVAL_MIN_USEC USEC_PER_MSEC
#define POLL_INTERVAL_MAX_USEC (3600 * USEC_PER_SEC)

typedef enum PollMode {
        /* As the kernel polls (DESIGN decision 6): the next run 1 s after the end of the
         * previous one, and nothing else triggers a run. PollIntervalSec= is not used. */
        POLL_MODE_KERNEL,
        /* As kernel, with PollIntervalSec= instead of 1 s: a deliberate divergence. */
        POLL_MODE_FAST,
        /* As kernel, plus a run triggered by a carrier change of the interface: a
         * deliberate divergence. */
        POLL_MODE_CARRIER,
        _POLL_MODE_MAX,
        _POLL_MODE_INVALID = -22,
} PollMode;

/* How phyd reaches the PHY's registers (DESIGN, layer 1). */
typedef enum PhyBackend {
        PHY_BACKEND_SIM,           /* a simulated PHY, created by its .phy file */
        PHY_BACKEND_IOCTL,         /* SIOCGMIIPHY/SIOCGMIIREG/SIOCSMIIREG on the interface */
        PHY_BACKEND_MDIO_NETLINK,  /* the out-of-tree mdio-netlink module */
        PHY_BACKEND_ETHTOOL,       /* ethtool netlink only */
        _PHY_BACKEND_MAX,
        _PHY_BACKEND_INVALID = -22,
} PhyBackend;

/* DESIGN decision 4: real interfaces are monitor unless a .phy file says managed. */
typedef enum PhyMode {
        PHY_MODE_MANAGED,
        PHY_MODE_MONITOR,
        _PHY_MODE_MAX,
        _PHY_MODE_INVALID = -22,
} PhyMode;

/* The values are the kernel's DUPLEX_HALF and DUPLEX_FULL, so that a set duplex can be
 * handed to the PHY core (phy_ethtool_ksettings_set()) as is. */
typedef enum PhyDuplex {
        PHY_DUPLEX_HALF = DUPLEX_HALF,
        PHY_DUPLEX_FULL = DUPLEX_FULL,
        _PHY_DUPLEX_MAX,
        _PHY_DUPLEX_INVALID = -22,
} PhyDuplex;

typedef struct DaemonConfig {
        char **watch_interfaces;      /* WatchInterfaces=: globs, "!GLOB" excludes; NULL:
                                       * every Ethernet interface */
        PollMode poll_mode;           /* PollMode=, POLL_MODE_KERNEL by default */
        uint64_t poll_interval_usec;  /* PollIntervalSec=, POLL_INTERVAL_DEFAULT_USEC by
                                       * default; used by POLL_MODE_FAST only */
} DaemonConfig;

/* Each optional [Phy] setting x comes with x_set: whether the file (with its drop-ins) sets
 * it, i.e. its last assignment is not the empty one. When x_set is false, x holds the
 * "unset" value noted beside it. */
typedef struct PhyConfig {
        char *filename;               /* "10-eth.phy" */
        char *path;                   /* "DIR/phy.d/10-eth.phy" */

        /* [Match]. An empty (NULL) list matches anything; see phy_config_matches(). */
        char **match_interface;       /* Interface=: globs, "!GLOB" excludes */
        char **match_path;            /* Path=: globs on ID_PATH, "!GLOB" excludes */
        char **match_driver;          /* Driver=: globs on the kernel driver, "!GLOB" excludes */
        char **match_mac;             /* MACAddress=: "aa:bb:cc:dd:ee:ff", lower case */

        /* [Phy]. Backend= is always set in a loaded configuration. */
        PhyBackend backend;
        bool address_set;
        int address;                  /* Address=: 0..31; -1 unset */
        bool model_set;               /* if and only if backend is PHY_BACKEND_SIM */
        PhyModelKind model;           /* Model=: _PHY_MODEL_KIND_INVALID unset */
        bool mode_set;
        PhyMode mode;                 /* Mode=: _PHY_MODE_INVALID unset */
        bool poll_mode_set;
        PollMode poll_mode;           /* PollMode=: _POLL_MODE_INVALID unset */
        bool poll_interval_set;
        uint64_t poll_interval_usec;  /* PollIntervalSec=: 0 unset */
        bool mac_profile_set;
        MacProfileKind mac_profile;   /* MacProfile=: _MAC_PROFILE_KIND_INVALID unset */
        bool autoneg_set;
        int autoneg;                  /* Autoneg=: 0, 1; -1 unset */
        bool speed_set;               /* speed and duplex: set if and only if autoneg is 0 */
        int speed;                    /* Speed=: SPEED_10, SPEED_100; 0 unset */
        bool duplex_set;
        PhyDuplex duplex;             /* Duplex=: _PHY_DUPLEX_INVALID unset */
        bool advertise_set;           /* never with autoneg 0 */
        LinkModes advertise;          /* Advertise=: the link modes named; 0 unset */
        bool rx_pause_set;
        int rx_pause;                 /* RxPause=: 0, 1; -1 unset */
        bool tx_pause_set;
        int tx_pause;                 /* TxPause=: 0, 1; -1 unset */
        bool allow_raw_writes_set;
        int allow_raw_writes;         /* AllowRawWrites=: 0, 1; -1 unset, which means no */
} PhyConfig;

typedef struct PhydConfig {
        char *dir;                    /* the directory it was loaded from */
        DaemonConfig daemon;
        PhyConfig *phys;              /* one per .phy file, in strcmp() order of file name */
        size_t n_phys;
} PhydConfig;

/*
 * Loads DIR/phyd.conf with its drop-ins and every DIR/phy.d/NAME.phy with its drop-ins.
 * A missing DIR, phyd.conf or phy.d is no error (defaults, no PHY file); a file or
 * directory that exists and cannot be read is. Only regular files count (a symlink to
 * /dev/null masks a file). On success *ret_config is a new configuration; on failure it is
 * untouched, ret_err holds the one-line reason and the return value is -EINVAL for a
 * configuration error or -errno for an I/O error.
 *
 * Beside the parser's own messages (conf-parser.h), a .phy file's settings are checked
 * together, after its drop-ins, each error at the line of the key it names (which may be
 * in a drop-in):
 *   "FILE: Backend= is missing"                          (FILE: the .phy file)
 *   "FILE:LINE: Backend=sim requires Model="             (at Backend=)
 *   "FILE:LINE: Model= requires Backend=sim"             (at Model=)
 *   "FILE:LINE: Mode=monitor contradicts Backend=sim, a sim PHY is always managed"
 *   "FILE:LINE: Interface= contradicts Backend=sim, a sim PHY matches no interface"
 *                                                        (also Path=, Driver=, MACAddress=)
 *   "FILE:LINE: Autoneg=no requires Speed= and Duplex="  (at Autoneg=)
 *   "FILE:LINE: Advertise= contradicts Autoneg=no"
 *   "FILE:LINE: Speed= requires Autoneg=no"              (also Duplex=)
 */
int phyd_config_load(const char *dir, PhydConfig **ret_config, ConfigError *ret_err);
PhydConfig *phyd_config_free(PhydConfig *c);
DEFINE_TRIVIAL_CLEANUP_FUNC(PhydConfig *, phyd_config_free);

/* The PHY file of that name ("10-eth.phy"), or NULL. */
const PhyConfig *phyd_config_get_phy(const PhydConfig *c, const char *filename);
/* The first PHY file, in file name order, that phy_config_matches() the interface, as the
 * first matching .link file applies in systemd; NULL if none. */
const PhyConfig *phyd_config_find_phy(const PhydConfig *c, const char *ifname, const char *path,
                                      const char *driver, const char *mac);

/* The defaults, as without phyd.conf. */
void daemon_config_init(DaemonConfig *c);
void daemon_config_done(DaemonConfig *c);
bool daemon_config_equal(const DaemonConfig *a, const DaemonConfig *b);
/* WatchInterfaces= with strv_net_match(): whether phyd watches the interface. */
bool daemon_config_watches(const DaemonConfig *c, const char *ifname);

/* Everything unset, no file name. */
void phy_config_init(PhyConfig *c);
void phy_config_done(PhyConfig *c);

/* Whether the [Match] section takes the interface: each list as strv_net_match() (systemd's
 * net_match_config(): no "!GLOB" may match, and one GLOB must if there is any), all four
 * lists must agree. NULL arguments match no glob. mac is "aa:bb:cc:dd:ee:ff", either case.
 * A Backend=sim file matches no interface. */
bool phy_config_matches(const PhyConfig *c, const char *ifname, const char *path,
                        const char *driver, const char *mac);

/* Whether two PHY files say the same: every [Match] list (in order) and [Phy] setting. The
 * file names are not compared: the daemon pairs old and new files by name itself. */
bool phyd_config_phy_equal(const PhyConfig *a, const PhyConfig *b);

DECLARE_STRING_TABLE_LOOKUP(poll_mode, PollMode);
DECLARE_STRING_TABLE_LOOKUP(phy_backend, PhyBackend);
DECLARE_STRING_TABLE_LOOKUP(phy_mode, PhyMode);
DECLARE_STRING_TABLE_LOOKUP(phy_duplex, PhyDuplex);
