/* SPDX-License-Identifier: GPL-2.0-or-later */

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "phyd/linkmode.h"
#include "phyd/macro.h"
#include "phyd/string-table.h"
#include "phyctl-parse.h"
#include "phyd/strv.h"
#include "phyd/time-util.h"

int parse_unsigned_arg(const char *s, uint64_t max, uint64_t *ret)
{
        unsigned long long v;
        const char *digits;
        char *end;
        int base;

        if (!s)
                return -EINVAL;
        if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
                digits = s + 2;
                base = 16;
        } else {
                digits = s;
                base = 10;
        }
        /* strtoull() would take a sign, spaces and, for base 16, a second "0x": a register
         * argument is none of these. */
        if (!*digits)
                return -EINVAL;
        for (const char *p = digits; *p; p++)
                if (base == 16 ? !isxdigit((unsigned char) *p) : !isdigit((unsigned char) *p))
                        return -EINVAL;

        errno = 0;
        v = strtoull(digits, &end, base);
        if (errno == ERANGE || v > max)
                return -ERANGE;
        if (*end)
                return -EINVAL;
        *ret = v;
        return 0;
}

int parse_boolean_arg(const char *s, bool *ret)
{
        static const char *const yes[] = { "on", "yes", "true", "1", "y", "t" };
        static const char *const no[] = { "off", "no", "false", "0", "n", "f" };

        if (!s)
                return -EINVAL;
        for (size_t i = 0; i < ELEMENTSOF(yes); i++)
                if (strcasecmp(s, yes[i]) == 0) {
                        *ret = true;
                        return 0;
                }
        for (size_t i = 0; i < ELEMENTSOF(no); i++)
                if (strcasecmp(s, no[i]) == 0) {
                        *ret = false;
                        return 0;
                }
        return -EINVAL;
}

int parse_speed_arg(const char *s, uint32_t *ret)
{
        uint64_t v;
        int r;

        r = parse_unsigned_arg(s, UINT32_MAX, &v);
        if (r < 0)
                return r;
        if (v != 10 && v != 100)
                return -ERANGE;
        *ret = (uint32_t) v;
        return 0;
}

int parse_duplex_arg(const char *s, const char **ret)
{
        if (!s)
                return -EINVAL;
        if (strcasecmp(s, "half") == 0)
                *ret = "half";
        else if (strcasecmp(s, "full") == 0)
                *ret = "full";
        else
                return -EINVAL;
        return 0;
}

static const char *link_mode_canonical(const char *name, size_t n)
{
        /* phyd names the first 64 ethtool bits at most (linkmode.h). */
        for (unsigned bit = 0; bit < 64; bit++) {
                const char *known = linkmode_bit_to_string(bit);

                if (known && strlen(known) == n && strncasecmp(known, name, n) == 0)
                        return known;
        }
        return NULL;
}

int parse_link_modes_arg(const char *s, char ***ret)
{
        _cleanup_(strv_freep) char **modes = NULL;
        int r;

        if (!s || !*s)
                return -EINVAL;

        for (const char *p = s;;) {
                size_t n = strcspn(p, ",");
                const char *name = link_mode_canonical(p, n);

                if (!name)
                        return -EINVAL;
                if (!strv_contains(modes, name)) {
                        r = strv_extend(&modes, name);
                        if (r < 0)
                                return r;
                }
                if (!p[n])
                        break;
                p += n + 1;
        }

        *ret = TAKE_PTR(modes);
        return 0;
}

int parse_duration_arg(const char *s, uint64_t *ret_usec)
{
        uint64_t usec;
        int r;

        if (!s)
                return -EINVAL;
        if (streq(s, "infinity")) {
                *ret_usec = USEC_INFINITY;
                return 0;
        }
        /* No sign ("-1" is garbage, not a negative span) and only spaces between words. */
        if (strpbrk(s, "-\t\n\r"))
                return -EINVAL;

        r = parse_timespan_full(s, TIMESPAN_DAYS | TIMESPAN_DIGIT_AFTER_POINT, &usec);
        if (r < 0)
                return r;
        /* A finite span: the sum may not reach USEC_INFINITY. */
        if (usec == USEC_INFINITY)
                return -ERANGE;

        *ret_usec = usec;
        return 0;
}

void link_settings_done(LinkSettings *s)
{
        s->advertise = strv_free(s->advertise);
}

static const char link_settings_expected[] =
        "expected autoneg, speed, duplex, advertise, rx-pause or tx-pause";

static int set_error(char **ret_error, const char *format, ...) _printf_(2, 3);

static int set_error(char **ret_error, const char *format, ...)
{
        va_list ap;
        int r;

        va_start(ap, format);
        r = vasprintf(ret_error, format, ap);
        va_end(ap);
        if (r < 0) {
                *ret_error = NULL;
                return -ENOMEM;
        }
        return -EINVAL;
}

static int parse_tristate_setting(const char *key, const char *value, int *field,
                                  char **ret_error)
{
        bool b;

        if (parse_boolean_arg(value, &b) < 0)
                return set_error(ret_error, "invalid %s '%s': expected on or off", key, value);
        *field = b;
        return 0;
}

int link_settings_parse(char **args, LinkSettings *ret, char **ret_error)
{
        _cleanup_(link_settings_done) LinkSettings s = LINK_SETTINGS_NULL;
        bool given = false;
        int r;

        for (char **a = args; a && *a; a += 2) {
                const char *key = a[0], *value = a[1];

                if (!value)
                        return set_error(ret_error, "missing value after '%s'", key);

                if (streq(key, "autoneg")) {
                        if (s.autoneg >= 0)
                                return set_error(ret_error, "'%s' given twice", key);
                        r = parse_tristate_setting(key, value, &s.autoneg, ret_error);
                } else if (streq(key, "speed")) {
                        if (s.speed > 0)
                                return set_error(ret_error, "'%s' given twice", key);
                        r = parse_speed_arg(value, &s.speed);
                        if (r < 0)
                                return set_error(ret_error,
                                                 "invalid speed '%s': expected 10 or 100",
                                                 value);
                } else if (streq(key, "duplex")) {
                        if (s.duplex)
                                return set_error(ret_error, "'%s' given twice", key);
                        r = parse_duplex_arg(value, &s.duplex);
                        if (r < 0)
                                return set_error(ret_error,
                                                 "invalid duplex '%s': expected half or full",
                                                 value);
                } else if (streq(key, "advertise")) {
                        if (s.advertise)
                                return set_error(ret_error, "'%s' given twice", key);
                        r = parse_link_modes_arg(value, &s.advertise);
                        if (r == -ENOMEM)
                                return r;
                        if (r < 0)
                                return set_error(ret_error,
                                                 "invalid link modes '%s': expected ethtool "
                                                 "names such as 100baseT/Full,Pause",
                                                 value);
                } else if (streq(key, "rx-pause")) {
                        if (s.rx_pause >= 0)
                                return set_error(ret_error, "'%s' given twice", key);
                        r = parse_tristate_setting(key, value, &s.rx_pause, ret_error);
                } else if (streq(key, "tx-pause")) {
                        if (s.tx_pause >= 0)
                                return set_error(ret_error, "'%s' given twice", key);
                        r = parse_tristate_setting(key, value, &s.tx_pause, ret_error);
                } else
                        return set_error(ret_error, "unknown setting '%s': %s", key,
                                         link_settings_expected);
                if (r < 0)
                        return r;
                given = true;
        }

        if (!given)
                return set_error(ret_error, "nothing to set: %s", link_settings_expected);

        *ret = s;
        s = LINK_SETTINGS_NULL;
        return 0;
}

static const char *const sim_command_method_table[_SIM_COMMAND_MAX] = {
        [SIM_COMMAND_PARTNER_UP] = "PlugPartner",
        [SIM_COMMAND_PARTNER_DOWN] = "UnplugPartner",
        [SIM_COMMAND_FAULT] = "InjectFault",
        [SIM_COMMAND_CLEAR_FAULTS] = "ClearFaults",
        [SIM_COMMAND_QUIRK] = "SetQuirk",
        [SIM_COMMAND_ANEG_TIME] = "SetAnegTime",
        [SIM_COMMAND_ANRESTART_TIME] = "SetAnrestartTime",
        [SIM_COMMAND_LINK_LEAD_TIME] = "SetLinkLeadTime",
};

/* The model's timings, each a duration (spec §2.2: ANRESTART's hold, LSTATUS ahead of
 * ANEGCOMPLETE). */
static const struct {
        const char *word;
        SimCommandKind kind;
} sim_timings[] = {
        { "aneg-time", SIM_COMMAND_ANEG_TIME },
        { "anrestart-time", SIM_COMMAND_ANRESTART_TIME },
        { "link-lead-time", SIM_COMMAND_LINK_LEAD_TIME },
};

#define SIM_COMMANDS_EXPECTED "partner, fault, quirk, aneg-time, anrestart-time or link-lead-time"

static int sim_timing_kind(const char *word)
{
        for (size_t i = 0; i < ELEMENTSOF(sim_timings); i++)
                if (streq(sim_timings[i].word, word))
                        return sim_timings[i].kind;
        return -EINVAL;
}

DEFINE_STRING_TABLE_LOOKUP(sim_command_method, SimCommandKind);

/* Simulator1's names (io.phyd.Simulator1.xml); checked here so that a typo is a usage
 * error that names the word, before any bus traffic. */
static const char *const sim_faults[] = {
        "read-error", "write-error", "reset-stuck", "absent", "device-gone", "id-changed", "garbage",
};

static const char *const sim_quirks[] = {
        "lpa-zero",
        "stale-lpa",
};

static const char *lookup_name(const char *const *names, size_t n, const char *s)
{
        for (size_t i = 0; i < n; i++)
                if (streq(names[i], s))
                        return names[i];
        return NULL;
}

void sim_command_done(SimCommand *c)
{
        c->modes = strv_free(c->modes);
}

int sim_command_parse(char **args, SimCommand *ret, char **ret_error)
{
        _cleanup_(sim_command_done) SimCommand c = {};
        size_t n = strv_length(args), want;
        int r, timing;

        if (n == 0)
                return set_error(ret_error, "missing sim command: expected %s",
                                 SIM_COMMANDS_EXPECTED);

        if (streq(args[0], "partner")) {
                if (n < 2)
                        return set_error(ret_error, "missing 'up' or 'down' after 'partner'");
                if (streq(args[1], "up")) {
                        c.kind = SIM_COMMAND_PARTNER_UP;
                        want = 2;
                        if (n >= 3) {
                                want = 3;
                                r = parse_link_modes_arg(args[2], &c.modes);
                                if (r == -ENOMEM)
                                        return r;
                                if (r < 0)
                                        return set_error(ret_error,
                                                         "invalid link modes '%s': expected "
                                                         "ethtool names such as "
                                                         "100baseT/Full,Pause",
                                                         args[2]);
                        }
                } else if (streq(args[1], "down")) {
                        c.kind = SIM_COMMAND_PARTNER_DOWN;
                        want = 2;
                } else
                        return set_error(ret_error,
                                         "invalid partner command '%s': expected up or down",
                                         args[1]);
        } else if (streq(args[0], "fault")) {
                if (n < 2)
                        return set_error(ret_error, "missing fault kind after 'fault'");
                want = 2;
                if (streq(args[1], "clear"))
                        c.kind = SIM_COMMAND_CLEAR_FAULTS;
                else {
                        c.kind = SIM_COMMAND_FAULT;
                        c.name = lookup_name(sim_faults, ELEMENTSOF(sim_faults), args[1]);
                        if (!c.name)
                                return set_error(ret_error,
                                                 "unknown fault '%s': expected read-error, "
                                                 "write-error, reset-stuck, absent, "
                                                 "device-gone, id-changed, garbage or clear",
                                                 args[1]);
                }
        } else if (streq(args[0], "quirk")) {
                if (n < 3)
                        return set_error(ret_error, "expected 'quirk NAME on|off'");
                c.kind = SIM_COMMAND_QUIRK;
                want = 3;
                c.name = lookup_name(sim_quirks, ELEMENTSOF(sim_quirks), args[1]);
                if (!c.name)
                        return set_error(ret_error,
                                         "unknown quirk '%s': expected lpa-zero or stale-lpa",
                                         args[1]);
                if (parse_boolean_arg(args[2], &c.on) < 0)
                        return set_error(ret_error, "invalid quirk state '%s': expected on or off",
                                         args[2]);
        } else if ((timing = sim_timing_kind(args[0])) >= 0) {
                if (n < 2)
                        return set_error(ret_error, "missing duration after '%s'", args[0]);
                c.kind = timing;
                want = 2;
                r = parse_duration_arg(args[1], &c.usec);
                if (r < 0 || c.usec == USEC_INFINITY)
                        return set_error(ret_error,
                                         "invalid duration '%s': expected a time such as 2s "
                                         "or 500ms",
                                         args[1]);
        } else
                return set_error(ret_error, "unknown sim command '%s': expected %s", args[0],
                                 SIM_COMMANDS_EXPECTED);

        if (n > want)
                return set_error(ret_error, "unexpected argument '%s'", args[want]);

        *ret = c;
        c = (SimCommand){};
        return 0;
}
