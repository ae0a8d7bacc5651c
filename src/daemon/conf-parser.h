/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * A parser of the systemd unit-file dialect that .link and .network files use (see
 * systemd.syntax(7)), for phyd.conf and the .phy files:
 *
 *   [Section] headers, Key=Value assignments (whitespace around key and value trimmed),
 *   comment lines starting with '#' or ';', blank lines, a trailing backslash that joins the
 *   next line (replaced by a space; comment lines inside a continuation are skipped), and an
 *   empty assignment "Key=" that resets the setting to its default. Sections and keys whose
 *   name starts with "X-" are extensions and are ignored, as systemd ignores them.
 *
 * The parser is table-driven (ConfigItem); anything it does not know is an error, never a
 * warning: phyd refuses a configuration it does not understand, at start as on Reload.
 *
 * Every error is one line, "FILE:LINE: message" (or "FILE: message" where no line applies),
 * in a ConfigError. LINE is the first physical line of a continued line.
 */

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "phyd/macro.h"
#include "phyd/strv.h"


/* Room for a path of PATH_MAX and a message quoting a value. A longer message is cut. */
#define CONFIG_ERROR_MAX 5120

/* The one-line reason of a failed parse or load. Written only on failure; a function given
 * a ConfigError leaves it untouched when it succeeds. NULL is allowed wherever a
 * ConfigError * is taken, and then no message is made. */
typedef struct ConfigError {
        char message[CONFIG_ERROR_MAX];
} ConfigError;

static inline const char *config_error_message(const ConfigError *err)
{
        return err->message;
}

typedef struct ConfigItem ConfigItem;

/* A key's handler. value is trimmed and never NULL; "" is the empty assignment, after which
 * the setting must be back at its default (its "unset" value). The setting lives at
 * config_item_data(item, userdata). On a bad value: fill err with config_error() (file,
 * line and key are passed for that) and return its -EINVAL; messages read "Invalid
 * Key=value, expected WHAT", or for one entry of a list "Invalid Key= entry "WORD",
 * expected WHAT". Any other negative return without a message is reported as
 * "FILE:LINE: Failed to parse Key=value: <strerror>". */
typedef int (*ConfigParseFn)(const char *filename, unsigned line, const char *section,
                             const char *key, const char *value, const ConfigItem *item,
                             void *userdata, ConfigError *err);

#define CONFIG_PARSER_PROTOTYPE(name)                                                     \
        int name(const char *filename, unsigned line, const char *section, const char *key, \
                 const char *value, const ConfigItem *item, void *userdata, ConfigError *err)

struct ConfigItem {
        const char *section;     /* "Phy", without brackets */
        const char *key;         /* "Speed"; matched case-sensitively, as systemd does */
        ConfigParseFn parse;
        size_t offset_or_ltype;  /* offsetof() the setting in userdata, or a handler's own
                                  * constant */
};

/* Where an item was last assigned: the file (owned) and its line. {NULL, 0} when it was
 * never assigned or its last assignment was the empty one, i.e. the setting is unset. Lets
 * a check that runs after parsing (Autoneg=no without Speed=) point at the key's line,
 * which may be in a drop-in. */
typedef struct ConfigLocation {
        char *filename;
        unsigned line;
} ConfigLocation;

static inline void *config_item_data(const ConfigItem *item, void *userdata)
{
        return (uint8_t *) userdata + item->offset_or_ltype;
}

/* Formats "FILE:LINE: message" (line 0: "FILE: message") into err and returns -EINVAL. */
int config_error(ConfigError *err, const char *filename, unsigned line, const char *format, ...)
        _printf_(4, 5);
/* The same with error (a negative errno, returned as is); %m in format is strerror(error). */
int config_error_errno(ConfigError *err, int error, const char *filename, unsigned line,
                       const char *format, ...) _printf_(5, 6);

/* Parses one file. locations, if not NULL, has n_items entries, parallel to items, and is
 * updated as assignments are read (see ConfigLocation); free with config_locations_done().
 * Returns 0, -EINVAL for a configuration error, -errno for an I/O error ("FILE: Failed to
 * read: No such file or directory"). What the handlers stored before an error stays in
 * userdata: the caller throws userdata away on failure. */
int config_parse_file_full(const char *path, const ConfigItem *items, size_t n_items,
                           void *userdata, ConfigLocation *locations, ConfigError *ret_err);

static inline int config_parse_file(const char *path, const ConfigItem *items, size_t n_items,
                                    void *userdata, ConfigError *ret_err)
{
        return config_parse_file_full(path, items, n_items, userdata, NULL, ret_err);
}

/* The main file, then its drop-ins: the "*.conf" files (not hidden) of dropin_dirs, a
 * NULL-terminated list, or of "<path>.d" if dropin_dirs is NULL. Drop-ins are read in the
 * order of their file names (strcmp()), whichever directory holds them, and later
 * assignments win. A name in several directories is taken from the first one listed only
 * (systemd's /etc over /run over /usr/lib); there, anything but a regular file (a symlink to
 * /dev/null) masks the name, and a dangling symlink is skipped. A missing drop-in directory
 * (or a file in its place) is no error. A missing main file is none either if missing_ok,
 * and its drop-ins are still read, as systemd reads the drop-ins of a unit without a main
 * file. Returns the number of files read (0 or more), or as config_parse_file_full(). */
int config_parse_with_dropins(const char *path, char *const *dropin_dirs, bool missing_ok,
                              const ConfigItem *items, size_t n_items, void *userdata,
                              ConfigLocation *locations, ConfigError *ret_err);

void config_locations_done(ConfigLocation *locations, size_t n);

/*
 * Value parsers: 0 (or the boolean) on success with *ret set, a negative errno otherwise,
 * *ret untouched. Input is taken as is: callers trim.
 */

/* systemd's booleans, case-insensitive: 1 yes y true t on -> 1, 0 no n false f off -> 0,
 * anything else -EINVAL. */
int parse_boolean(const char *v);

/* Decimal digits, or "0x"/"0X" and hex digits; no sign, no whitespace. -EINVAL for
 * anything else, -ERANGE outside [min, max]. */
int parse_unsigned_range(const char *v, unsigned min, unsigned max, unsigned *ret);

/* A systemd time span into microseconds: one or more "<number>[<unit>]" components,
 * optionally separated by whitespace ("1s 500ms", "1min30s", "2.5s", "1 s"). A number
 * without unit is seconds. Units: us usec ms msec s sec second seconds m min minute minutes
 * h hr hour hours. Fractions below 1 us are dropped. -EINVAL for garbage or an empty
 * string, -ERANGE for a negative span or one that overflows 64 bits of microseconds. */
int parse_timespan(const char *v, uint64_t *ret_usec);

/* systemd's net_match_config() rule for one list: the empty list matches anything; an entry
 * "!GLOB" that matches s fails the list; if there is any entry without "!", one of them must
 * match. s NULL matches no glob. Globs are fnmatch(3)'s, without flags. */
bool strv_net_match(char *const *patterns, const char *s);

/*
 * Generic handlers.
 */

/* int: -1 (unset) on the empty assignment, else parse_boolean(). */
CONFIG_PARSER_PROTOTYPE(config_parse_tristate);
/* char **: the empty assignment frees the list; otherwise the words are appended. */
CONFIG_PARSER_PROTOTYPE(config_parse_strv);
/* char **, as config_parse_strv, each word a glob optionally negated with "!" (strv_net_match);
 * a bare "!" is refused. */
CONFIG_PARSER_PROTOTYPE(config_parse_match_strv);

/* Appends choice to the list in buf ("a", "a, b", "a, b or c"): index counts from 0, last
 * says whether this is the final one. For "expected ..." messages. */
void config_choices_append(char *buf, size_t size, size_t index, const char *choice, bool last);

/* Defines a handler for an enum with a string table (include/phyd/string-table.h): the
 * empty assignment stores (type) -EINVAL, the table's _INVALID "unset" value; an unknown
 * name is "Invalid Key=value, expected a, b or c", listing the table. Write "static" before
 * it for a file-local handler. */
#define DEFINE_CONFIG_PARSE_ENUM(function, name, type)                                    \
        CONFIG_PARSER_PROTOTYPE(function)                                                  \
        {                                                                                  \
                type *p = config_item_data(item, userdata);                                \
                char expected[256] = "";                                                   \
                type v;                                                                    \
                                                                                           \
                if (value[0] == '\0') {                                                    \
                        *p = (type) -EINVAL;                                               \
                        return 0;                                                          \
                }                                                                          \
                v = name##_from_string(value);                                             \
                if ((int) v >= 0) {                                                        \
                        *p = v;                                                            \
                        return 0;                                                          \
                }                                                                          \
                for (size_t i = 0; name##_to_string((type) i); i++)                        \
                        config_choices_append(expected, sizeof(expected), i,               \
                                              name##_to_string((type) i),                  \
                                              !name##_to_string((type) (i + 1)));          \
                return config_error(err, filename, line, "Invalid %s=%s, expected %s",     \
                                    key, value, expected);                                 \
        }
