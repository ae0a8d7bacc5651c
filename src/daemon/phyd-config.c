/* SPDX-License-Identifier: GPL-2.0-or-later */

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/ethtool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "phyd-config.h"

/* PhyDuplex is handed to the PHY core as the kernel's duplex value. */
_Static_assert(PHY_DUPLEX_HALF == DUPLEX_HALF && PHY_DUPLEX_FULL == DUPLEX_FULL,
               "PhyDuplex must be the kernel's duplex values");

#define MAC_ADDRESS_STRLEN 17 /* "aa:bb:cc:dd:ee:ff" */

static inline void closedirp(DIR **d)
{
        if (*d)
                closedir(*d);
}

static char *path_join(const char *a, const char *b)
{
        size_t na = strlen(a), nb = strlen(b);
        char *s;

        s = malloc(na + 1 + nb + 1);
        if (!s)
                return NULL;
        memcpy(s, a, na);
        s[na] = '/';
        memcpy(s + na + 1, b, nb + 1);
        return s;
}

/* "aa:bb:cc:dd:ee:ff" in either case into its lower-case form. Only this form: it is the
 * one ip(8), udev and the sysfs address file print. */
static int parse_mac_address(const char *s, char ret[static MAC_ADDRESS_STRLEN + 1])
{
        char mac[MAC_ADDRESS_STRLEN + 1];

        if (!s || strlen(s) != MAC_ADDRESS_STRLEN)
                return -EINVAL;
        for (size_t i = 0; i < MAC_ADDRESS_STRLEN; i++) {
                if (i % 3 == 2) {
                        if (s[i] != ':')
                                return -EINVAL;
                } else if (!isxdigit((unsigned char) s[i]))
                        return -EINVAL;
                mac[i] = (char) tolower((unsigned char) s[i]);
        }
        mac[MAC_ADDRESS_STRLEN] = '\0';
        memcpy(ret, mac, sizeof(mac));
        return 0;
}

static const char *const poll_mode_table[_POLL_MODE_MAX] = {
        [POLL_MODE_KERNEL] = "kernel",
        [POLL_MODE_FAST] = "fast",
        [POLL_MODE_CARRIER] = "carrier",
};

DEFINE_STRING_TABLE_LOOKUP(poll_mode, PollMode);

static const char *const phy_backend_table[_PHY_BACKEND_MAX] = {
        [PHY_BACKEND_SIM] = "sim",
        [PHY_BACKEND_IOCTL] = "ioctl",
        [PHY_BACKEND_MDIO_NETLINK] = "mdio-netlink",
        [PHY_BACKEND_ETHTOOL] = "ethtool",
};

DEFINE_STRING_TABLE_LOOKUP(phy_backend, PhyBackend);

static const char *const phy_mode_table[_PHY_MODE_MAX] = {
        [PHY_MODE_MANAGED] = "managed",
        [PHY_MODE_MONITOR] = "monitor",
};

DEFINE_STRING_TABLE_LOOKUP(phy_mode, PhyMode);

static const char *const phy_duplex_table[_PHY_DUPLEX_MAX] = {
        [PHY_DUPLEX_HALF] = "half",
        [PHY_DUPLEX_FULL] = "full",
};

DEFINE_STRING_TABLE_LOOKUP(phy_duplex, PhyDuplex);

static DEFINE_CONFIG_PARSE_ENUM(config_parse_poll_mode, poll_mode, PollMode);
static DEFINE_CONFIG_PARSE_ENUM(config_parse_backend, phy_backend, PhyBackend);
static DEFINE_CONFIG_PARSE_ENUM(config_parse_mode, phy_mode, PhyMode);
static DEFINE_CONFIG_PARSE_ENUM(config_parse_duplex, phy_duplex, PhyDuplex);
static DEFINE_CONFIG_PARSE_ENUM(config_parse_model, phy_model_kind, PhyModelKind);
static DEFINE_CONFIG_PARSE_ENUM(config_parse_mac_profile, mac_profile_kind, MacProfileKind);

/* A handler for a number of type, as DEFINE_CONFIG_PARSE_ENUM is for an enum: the empty
 * assignment stores unset; a value that parse_<name>() refuses (leaving *ret untouched) is
 * "Invalid Key=value, expected <expected>". */
#define DEFINE_CONFIG_PARSE_NUMBER(function, name, type, unset, expected)                 \
        CONFIG_PARSER_PROTOTYPE(function)                                                 \
        {                                                                                 \
                type *p = config_item_data(item, userdata);                               \
                                                                                          \
                if (value[0] == '\0') {                                                   \
                        *p = (unset);                                                     \
                        return 0;                                                         \
                }                                                                         \
                if (parse_##name(value, p) < 0)                                           \
                        return config_error(err, filename, line,                          \
                                            "Invalid %s=%s, expected " expected, key,     \
                                            value);                                       \
                return 0;                                                                 \
        }

static int parse_poll_interval(const char *s, uint64_t *ret)
{
        uint64_t usec;

        if (parse_timespan(s, &usec) < 0 || usec < POLL_INTERVAL_MIN_USEC ||
            usec > POLL_INTERVAL_MAX_USEC)
                return -ERANGE;
        *ret = usec;
        return 0;
}

static DEFINE_CONFIG_PARSE_NUMBER(config_parse_poll_interval, poll_interval, uint64_t, 0,
                                  "a time span from 1ms to 1h");

static int parse_address(const char *s, int *ret)
{
        unsigned a;

        if (parse_unsigned_range(s, 0, 31, &a) < 0)
                return -ERANGE;
        *ret = (int) a;
        return 0;
}

static DEFINE_CONFIG_PARSE_NUMBER(config_parse_address, address, int, -1, "0..31");

/* Only the speeds of a 10/100 PHY. */
static int parse_speed(const char *s, int *ret)
{
        unsigned speed;

        if (parse_unsigned_range(s, 0, UINT_MAX, &speed) < 0 ||
            (speed != SPEED_10 && speed != SPEED_100))
                return -EINVAL;
        *ret = (int) speed;
        return 0;
}

static DEFINE_CONFIG_PARSE_NUMBER(config_parse_speed, speed, int, 0, "10 or 100");

/* LinkModes. Entries accumulate over lines, as systemd's Advertise= does; the empty
 * assignment clears them. */
static CONFIG_PARSER_PROTOTYPE(config_parse_advertise)
{
        LinkModes *p = config_item_data(item, userdata);
        _cleanup_(strv_freep) char **words = NULL;
        LinkModes modes = 0;
        int r;

        if (value[0] == '\0') {
                *p = 0;
                return 0;
        }

        r = strv_extend_words(&words, value);
        if (r < 0)
                return r;
        for (char **w = words; *w; w++) {
                int bit = linkmode_bit_from_string(*w);

                if (bit < 0)
                        return config_error(err, filename, line,
                                            "Invalid %s= entry \"%s\", expected an ethtool link "
                                            "mode such as 100baseT/Full",
                                            key, *w);
                modes |= (LinkModes) 1 << bit;
        }
        *p |= modes;
        return 0;
}

/* char **: lower-case MAC addresses; the empty assignment clears the list. */
static CONFIG_PARSER_PROTOTYPE(config_parse_mac_list)
{
        char ***p = config_item_data(item, userdata);
        _cleanup_(strv_freep) char **words = NULL;
        int r;

        if (value[0] == '\0') {
                *p = strv_free(*p);
                return 0;
        }

        r = strv_extend_words(&words, value);
        if (r < 0)
                return r;
        /* Every entry is checked before the list grows. */
        for (char **w = words; *w; w++) {
                char mac[MAC_ADDRESS_STRLEN + 1];

                if (parse_mac_address(*w, mac) < 0)
                        return config_error(err, filename, line,
                                            "Invalid %s= entry \"%s\", expected aa:bb:cc:dd:ee:ff",
                                            key, *w);
                memcpy(*w, mac, sizeof(mac)); /* same length: lower case in place */
        }
        for (char **w = words; *w; w++) {
                r = strv_extend(p, *w);
                if (r < 0)
                        return r;
        }
        return 0;
}

static const ConfigItem daemon_items[] = {
        { "Daemon", "WatchInterfaces", config_parse_match_strv,
          offsetof(DaemonConfig, watch_interfaces) },
        { "Daemon", "PollIntervalSec", config_parse_poll_interval,
          offsetof(DaemonConfig, poll_interval_usec) },
        { "Daemon", "PollMode", config_parse_poll_mode, offsetof(DaemonConfig, poll_mode) },
};

static const ConfigItem phy_items[] = {
        { "Match", "Interface", config_parse_match_strv, offsetof(PhyConfig, match_interface) },
        { "Match", "Path", config_parse_match_strv, offsetof(PhyConfig, match_path) },
        { "Match", "Driver", config_parse_match_strv, offsetof(PhyConfig, match_driver) },
        { "Match", "MACAddress", config_parse_mac_list, offsetof(PhyConfig, match_mac) },
        { "Phy", "Backend", config_parse_backend, offsetof(PhyConfig, backend) },
        { "Phy", "Address", config_parse_address, offsetof(PhyConfig, address) },
        { "Phy", "Model", config_parse_model, offsetof(PhyConfig, model) },
        { "Phy", "Mode", config_parse_mode, offsetof(PhyConfig, mode) },
        { "Phy", "PollMode", config_parse_poll_mode, offsetof(PhyConfig, poll_mode) },
        { "Phy", "PollIntervalSec", config_parse_poll_interval,
          offsetof(PhyConfig, poll_interval_usec) },
        { "Phy", "MacProfile", config_parse_mac_profile, offsetof(PhyConfig, mac_profile) },
        { "Phy", "Autoneg", config_parse_tristate, offsetof(PhyConfig, autoneg) },
        { "Phy", "Speed", config_parse_speed, offsetof(PhyConfig, speed) },
        { "Phy", "Duplex", config_parse_duplex, offsetof(PhyConfig, duplex) },
        { "Phy", "Advertise", config_parse_advertise, offsetof(PhyConfig, advertise) },
        { "Phy", "RxPause", config_parse_tristate, offsetof(PhyConfig, rx_pause) },
        { "Phy", "TxPause", config_parse_tristate, offsetof(PhyConfig, tx_pause) },
        { "Phy", "AllowRawWrites", config_parse_tristate, offsetof(PhyConfig, allow_raw_writes) },
};

#define N_PHY_ITEMS ELEMENTSOF(phy_items)

/* The x_set flag of each optional [Phy] setting, by key. */
static const struct {
        const char *key;
        size_t offset;
} phy_set_flags[] = {
        { "Address", offsetof(PhyConfig, address_set) },
        { "Model", offsetof(PhyConfig, model_set) },
        { "Mode", offsetof(PhyConfig, mode_set) },
        { "PollMode", offsetof(PhyConfig, poll_mode_set) },
        { "PollIntervalSec", offsetof(PhyConfig, poll_interval_set) },
        { "MacProfile", offsetof(PhyConfig, mac_profile_set) },
        { "Autoneg", offsetof(PhyConfig, autoneg_set) },
        { "Speed", offsetof(PhyConfig, speed_set) },
        { "Duplex", offsetof(PhyConfig, duplex_set) },
        { "Advertise", offsetof(PhyConfig, advertise_set) },
        { "RxPause", offsetof(PhyConfig, rx_pause_set) },
        { "TxPause", offsetof(PhyConfig, tx_pause_set) },
        { "AllowRawWrites", offsetof(PhyConfig, allow_raw_writes_set) },
};

typedef ConfigLocation PhyLocations[N_PHY_ITEMS];

static void phy_locations_done(PhyLocations *l)
{
        config_locations_done(*l, N_PHY_ITEMS);
}

/* Where the key was last set, or NULL if it is unset. Every key of phy_items is unique. */
static const ConfigLocation *phy_location(const PhyLocations *l, const char *key)
{
        for (size_t i = 0; i < N_PHY_ITEMS; i++)
                if (streq(phy_items[i].key, key))
                        return (*l)[i].line > 0 ? &(*l)[i] : NULL;
        return NULL;
}

/* An error at the key's line; at the file itself if the key's location was lost to an
 * allocation failure. */
static int error_at(ConfigError *err, const PhyConfig *c, const PhyLocations *l, const char *key,
                    const char *message)
{
        const ConfigLocation *at = phy_location(l, key);

        if (!at || !at->filename)
                return config_error(err, c->path, 0, "%s", message);
        return config_error(err, at->filename, at->line, "%s", message);
}

/* The checks across settings, once the file and its drop-ins are read. */
static int phy_config_verify(const PhyConfig *c, const PhyLocations *l, ConfigError *err)
{
        static const char *const match_keys[] = { "Interface", "Path", "Driver", "MACAddress" };

        if (c->backend < 0)
                return config_error(err, c->path, 0, "Backend= is missing");

        if (c->backend == PHY_BACKEND_SIM) {
                if (c->model < 0)
                        return error_at(err, c, l, "Backend", "Backend=sim requires Model=");
                if (c->mode == PHY_MODE_MONITOR)
                        return error_at(err, c, l, "Mode",
                                        "Mode=monitor contradicts Backend=sim, a sim PHY is "
                                        "always managed");
                /* A sim PHY is made by its file, not found on an interface: a [Match] there
                 * would never be used, and is likely meant for another file. */
                for (size_t i = 0; i < ELEMENTSOF(match_keys); i++) {
                        char message[128];

                        if (!phy_location(l, match_keys[i]))
                                continue;
                        snprintf(message, sizeof(message),
                                 "%s= contradicts Backend=sim, a sim PHY matches no interface",
                                 match_keys[i]);
                        return error_at(err, c, l, match_keys[i], message);
                }
        } else if (c->model >= 0)
                return error_at(err, c, l, "Model", "Model= requires Backend=sim");

        if (c->autoneg == 0) {
                if (c->speed == 0 || c->duplex < 0)
                        return error_at(err, c, l, "Autoneg",
                                        "Autoneg=no requires Speed= and Duplex=");
                if (c->advertise_set)
                        return error_at(err, c, l, "Advertise",
                                        "Advertise= contradicts Autoneg=no");
        } else {
                /* Forced settings only mean something with autonegotiation off; with it on
                 * (or left as the PHY has it) they would be silently ignored. */
                if (c->speed != 0)
                        return error_at(err, c, l, "Speed", "Speed= requires Autoneg=no");
                if (c->duplex >= 0)
                        return error_at(err, c, l, "Duplex", "Duplex= requires Autoneg=no");
        }
        return 0;
}

void daemon_config_init(DaemonConfig *c)
{
        *c = (DaemonConfig) {
                .poll_mode = POLL_MODE_KERNEL,
                .poll_interval_usec = POLL_INTERVAL_DEFAULT_USEC,
        };
}

void daemon_config_done(DaemonConfig *c)
{
        c->watch_interfaces = strv_free(c->watch_interfaces);
}

bool daemon_config_equal(const DaemonConfig *a, const DaemonConfig *b)
{
        return strv_equal(a->watch_interfaces, b->watch_interfaces) &&
               a->poll_mode == b->poll_mode && a->poll_interval_usec == b->poll_interval_usec;
}

bool daemon_config_watches(const DaemonConfig *c, const char *ifname)
{
        return strv_net_match(c->watch_interfaces, ifname);
}

void phy_config_init(PhyConfig *c)
{
        *c = (PhyConfig) {
                .backend = _PHY_BACKEND_INVALID,
                .address = -1,
                .model = _PHY_MODEL_KIND_INVALID,
                .mode = _PHY_MODE_INVALID,
                .poll_mode = _POLL_MODE_INVALID,
                .mac_profile = _MAC_PROFILE_KIND_INVALID,
                .autoneg = -1,
                .duplex = _PHY_DUPLEX_INVALID,
                .rx_pause = -1,
                .tx_pause = -1,
                .allow_raw_writes = -1,
        };
}

void phy_config_done(PhyConfig *c)
{
        free(c->filename);
        free(c->path);
        strv_free(c->match_interface);
        strv_free(c->match_path);
        strv_free(c->match_driver);
        strv_free(c->match_mac);
        phy_config_init(c);
}

static int daemon_config_load(const char *dir, DaemonConfig *c, ConfigError *err)
{
        _cleanup_free_ char *path = NULL;
        int r;

        path = path_join(dir, "phyd.conf");
        if (!path)
                return config_error_errno(err, -ENOMEM, dir, 0, "%m");

        r = config_parse_with_dropins(path, NULL, true, daemon_items, ELEMENTSOF(daemon_items), c,
                                      NULL, err);
        if (r < 0)
                return r;

        /* The empty assignment left these unset: that is the default. */
        if (c->poll_mode < 0)
                c->poll_mode = POLL_MODE_KERNEL;
        if (c->poll_interval_usec == 0)
                c->poll_interval_usec = POLL_INTERVAL_DEFAULT_USEC;
        return 0;
}

static int phy_config_load(const char *phy_dir, const char *filename, PhyConfig *ret,
                           ConfigError *err)
{
        _cleanup_(phy_locations_done) PhyLocations locations = {};
        _cleanup_(phy_config_done) PhyConfig c = {};
        int r;

        phy_config_init(&c);
        c.filename = strdup(filename);
        c.path = path_join(phy_dir, filename);
        if (!c.filename || !c.path)
                return config_error_errno(err, -ENOMEM, phy_dir, 0, "%m");

        r = config_parse_with_dropins(c.path, NULL, false, phy_items, N_PHY_ITEMS, &c,
                                      locations, err);
        if (r < 0)
                return r;

        /* A setting is set where its last assignment was not the empty one: the parser
         * tracks exactly that, drop-ins included. */
        for (size_t i = 0; i < ELEMENTSOF(phy_set_flags); i++)
                *(bool *) ((uint8_t *) &c + phy_set_flags[i].offset) =
                        phy_location((const PhyLocations *) &locations, phy_set_flags[i].key) !=
                        NULL;

        r = phy_config_verify(&c, (const PhyLocations *) &locations, err);
        if (r < 0)
                return r;

        *ret = c;
        c = (PhyConfig) {};
        return 0;
}

static int filename_compare(const void *a, const void *b)
{
        return strcmp(*(char *const *) a, *(char *const *) b);
}

/* The "NAME.phy" regular files of phy_dir, sorted. A missing directory has none. */
static int phy_files_list(const char *phy_dir, char ***ret_names, ConfigError *err)
{
        _cleanup_(closedirp) DIR *dp = NULL;
        _cleanup_(strv_freep) char **names = NULL;
        int r;

        dp = opendir(phy_dir);
        if (!dp) {
                if (errno != ENOENT)
                        return config_error_errno(err, -errno, phy_dir, 0,
                                                  "Failed to read directory: %m");
                *ret_names = NULL;
                return 0;
        }

        for (;;) {
                struct dirent *de;
                struct stat st;
                size_t n;

                errno = 0;
                de = readdir(dp);
                if (!de) {
                        if (errno != 0)
                                return config_error_errno(err, -errno, phy_dir, 0,
                                                          "Failed to read directory: %m");
                        break;
                }
                n = strlen(de->d_name);
                if (de->d_name[0] == '.' || n <= strlen(".phy") ||
                    !streq(de->d_name + n - strlen(".phy"), ".phy"))
                        continue;

                if (fstatat(dirfd(dp), de->d_name, &st, 0) < 0) {
                        if (errno == ENOENT)
                                continue; /* a dangling symlink */
                        return config_error_errno(err, -errno, phy_dir, 0,
                                                  "Failed to read %s: %m", de->d_name);
                }
                if (!S_ISREG(st.st_mode))
                        continue;

                r = strv_extend(&names, de->d_name);
                if (r < 0)
                        return config_error_errno(err, r, phy_dir, 0, "%m");
        }

        if (names)
                qsort(names, strv_length(names), sizeof(char *), filename_compare);
        *ret_names = TAKE_PTR(names);
        return 0;
}

int phyd_config_load(const char *dir, PhydConfig **ret_config, ConfigError *ret_err)
{
        _cleanup_(phyd_config_freep) PhydConfig *c = NULL;
        _cleanup_(strv_freep) char **names = NULL;
        _cleanup_free_ char *phy_dir = NULL;
        size_t n;
        int r;

        c = calloc(1, sizeof(*c));
        if (!c)
                return config_error_errno(ret_err, -ENOMEM, dir, 0, "%m");
        daemon_config_init(&c->daemon);
        c->dir = strdup(dir);
        phy_dir = path_join(dir, "phy.d");
        if (!c->dir || !phy_dir)
                return config_error_errno(ret_err, -ENOMEM, dir, 0, "%m");

        r = daemon_config_load(dir, &c->daemon, ret_err);
        if (r < 0)
                return r;

        r = phy_files_list(phy_dir, &names, ret_err);
        if (r < 0)
                return r;

        n = strv_length(names);
        if (n > 0) {
                c->phys = calloc(n, sizeof(PhyConfig));
                if (!c->phys)
                        return config_error_errno(ret_err, -ENOMEM, dir, 0, "%m");
        }
        for (size_t i = 0; i < n; i++) {
                r = phy_config_load(phy_dir, names[i], &c->phys[i], ret_err);
                if (r < 0)
                        return r;
                c->n_phys++;
        }

        *ret_config = TAKE_PTR(c);
        return 0;
}

PhydConfig *phyd_config_free(PhydConfig *c)
{
        if (!c)
                return NULL;
        for (size_t i = 0; i < c->n_phys; i++)
                phy_config_done(&c->phys[i]);
        free(c->phys);
        daemon_config_done(&c->daemon);
        free(c->dir);
        free(c);
        return NULL;
}

const PhyConfig *phyd_config_get_phy(const PhydConfig *c, const char *filename)
{
        for (size_t i = 0; c && filename && i < c->n_phys; i++)
                if (streq(c->phys[i].filename, filename))
                        return &c->phys[i];
        return NULL;
}

const PhyConfig *phyd_config_find_phy(const PhydConfig *c, const char *ifname, const char *path,
                                      const char *driver, const char *mac)
{
        for (size_t i = 0; c && i < c->n_phys; i++)
                if (phy_config_matches(&c->phys[i], ifname, path, driver, mac))
                        return &c->phys[i];
        return NULL;
}

bool phy_config_matches(const PhyConfig *c, const char *ifname, const char *path,
                        const char *driver, const char *mac)
{
        char normalized[MAC_ADDRESS_STRLEN + 1];

        if (!c || c->backend == PHY_BACKEND_SIM)
                return false;

        if (!strv_net_match(c->match_interface, ifname) ||
            !strv_net_match(c->match_path, path) || !strv_net_match(c->match_driver, driver))
                return false;

        if (!c->match_mac)
                return true;
        if (parse_mac_address(mac, normalized) < 0)
                return false;
        return strv_contains(c->match_mac, normalized);
}

bool phyd_config_phy_equal(const PhyConfig *a, const PhyConfig *b)
{
        if (!a || !b)
                return a == b;

        return strv_equal(a->match_interface, b->match_interface) &&
               strv_equal(a->match_path, b->match_path) &&
               strv_equal(a->match_driver, b->match_driver) &&
               strv_equal(a->match_mac, b->match_mac) && a->backend == b->backend &&
               a->address == b->address && a->model == b->model && a->mode == b->mode &&
               a->poll_mode == b->poll_mode && a->poll_interval_usec == b->poll_interval_usec &&
               a->mac_profile == b->mac_profile && a->autoneg == b->autoneg &&
               a->speed == b->speed && a->duplex == b->duplex &&
               a->advertise_set == b->advertise_set && a->advertise == b->advertise &&
               a->rx_pause == b->rx_pause && a->tx_pause == b->tx_pause &&
               a->allow_raw_writes == b->allow_raw_writes;
}
