/* SPDX-License-Identifier: GPL-2.0-or-later */

/*
 * phyd's own small parser of the systemd unit-file dialect (systemd.syntax(7)), written for
 * phyd. systemd's parser is internal to systemd and not part of libsystemd, and no library
 * packaged in Debian fits: libinih, the obvious candidate, does not give its handlers the
 * line number, and every configuration error phyd reports must name FILE:LINE.
 */

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "conf-parser.h"
#include "phyd/time-util.h"

#define COMMENTS "#;"
/* systemd's LONG_LINE_MAX: a logical line, continuations joined, may be this long. */
#define CONFIG_LINE_MAX (1024U * 1024U)

static inline void fclosep(FILE **f)
{
        if (*f)
                fclose(*f);
}

static inline void closedirp(DIR **d)
{
        if (*d)
                closedir(*d);
}

static bool startswith(const char *s, const char *prefix)
{
        return strncmp(s, prefix, strlen(prefix)) == 0;
}

static bool endswith(const char *s, const char *suffix)
{
        size_t n = strlen(s), m = strlen(suffix);

        return n >= m && streq(s + n - m, suffix);
}

/* Trims WHITESPACE on both ends, in place. */
static char *strstrip(char *s)
{
        size_t n;

        s += strspn(s, WHITESPACE);
        n = strlen(s);
        while (n > 0 && strchr(WHITESPACE, s[n - 1]))
                s[--n] = '\0';
        return s;
}

static void config_error_va(ConfigError *err, int error, const char *filename, unsigned line,
                            const char *format, va_list ap)
{
        int saved_errno = errno, n;

        if (!err)
                return;

        if (line > 0)
                n = snprintf(err->message, sizeof(err->message), "%s:%u: ", filename, line);
        else
                n = snprintf(err->message, sizeof(err->message), "%s: ", filename);
        if (n >= 0 && (size_t) n < sizeof(err->message)) {
                /* %m is the error we were given, whatever errno holds. */
                errno = error < 0 ? -error : error;
                vsnprintf(err->message + n, sizeof(err->message) - (size_t) n, format, ap);
                errno = saved_errno;
        }

        /* One error, one line, whatever a file name holds: the daemon logs it and returns it
         * over D-Bus as is. */
        for (char *p = err->message; *p; p++)
                if (*p == '\n' || *p == '\r')
                        *p = ' ';
}

int config_error(ConfigError *err, const char *filename, unsigned line, const char *format, ...)
{
        va_list ap;

        va_start(ap, format);
        config_error_va(err, -EINVAL, filename, line, format, ap);
        va_end(ap);
        return -EINVAL;
}

int config_error_errno(ConfigError *err, int error, const char *filename, unsigned line,
                       const char *format, ...)
{
        va_list ap;

        va_start(ap, format);
        config_error_va(err, error, filename, line, format, ap);
        va_end(ap);
        return error;
}

static void config_location_set(ConfigLocation *l, const char *filename, unsigned line)
{
        /* An empty assignment puts the setting back to unset: it was not set anywhere. */
        if (!filename) {
                free(l->filename);
                *l = (ConfigLocation) {};
                return;
        }
        if (!l->filename || !streq(l->filename, filename)) {
                char *copy = strdup(filename);

                /* Out of memory: the location is lost, not the setting. A check that then
                 * reports an error names the file without a line. */
                free(l->filename);
                l->filename = copy;
        }
        l->line = line;
}

void config_locations_done(ConfigLocation *locations, size_t n)
{
        if (!locations)
                return;
        for (size_t i = 0; i < n; i++) {
                free(locations[i].filename);
                locations[i] = (ConfigLocation) {};
        }
}

/* Concatenates three strings into a new one; NULL if out of memory. */
static char *strjoin3(const char *a, const char *b, const char *c)
{
        size_t na = strlen(a), nb = strlen(b), nc = strlen(c);
        char *s;

        s = malloc(na + nb + nc + 1);
        if (!s)
                return NULL;
        memcpy(s, a, na);
        memcpy(s + na, b, nb);
        memcpy(s + na + nb, c, nc + 1);
        return s;
}

typedef struct ConfigParser {
        const char *path;
        const ConfigItem *items;
        size_t n_items;
        void *userdata;
        ConfigLocation *locations;
        char *section;          /* NULL before the first header */
        bool ignore_section;    /* an "X-" section */
        char *continuation;     /* a line ending in a backslash and what was joined to it */
        size_t continuation_len;
        unsigned continuation_line;
} ConfigParser;

static void config_parser_done(ConfigParser *p)
{
        free(p->section);
        free(p->continuation);
}

static bool section_known(const ConfigParser *p, const char *section)
{
        for (size_t i = 0; i < p->n_items; i++)
                if (streq(p->items[i].section, section))
                        return true;
        return false;
}

static const ConfigItem *item_find(const ConfigParser *p, const char *section, const char *key)
{
        for (size_t i = 0; i < p->n_items; i++)
                if (streq(p->items[i].section, section) && streq(p->items[i].key, key))
                        return &p->items[i];
        return NULL;
}

static int parse_section_header(ConfigParser *p, const char *l, unsigned line, ConfigError *err)
{
        _cleanup_free_ char *name = NULL;
        size_t n = strlen(l);

        /* "[Name]": one pair of brackets around a non-empty name. */
        if (n < 3 || l[n - 1] != ']' || strcspn(l + 1, "[]") != n - 2)
                return config_error(err, p->path, line, "Invalid section header \"%s\"", l);

        name = strndup(l + 1, n - 2);
        if (!name)
                return config_error_errno(err, -ENOMEM, p->path, line, "%m");

        if (startswith(name, "X-"))
                p->ignore_section = true;
        else if (section_known(p, name))
                p->ignore_section = false;
        else
                return config_error(err, p->path, line, "Unknown section [%s]", name);

        free(p->section);
        p->section = TAKE_PTR(name);
        return 0;
}

static int parse_assignment(ConfigParser *p, char *l, unsigned line, ConfigError *err)
{
        const ConfigItem *item;
        ConfigError handler_err;
        char *eq, *key, *value;
        int r;

        eq = strchr(l, '=');
        if (!eq)
                return config_error(err, p->path, line,
                                    "Invalid line \"%s\", expected [Section] or Key=Value", l);
        *eq = '\0';
        key = strstrip(l);
        value = strstrip(eq + 1);

        if (key[0] == '\0')
                return config_error(err, p->path, line, "Missing key before \"=%s\"", value);
        if (!p->section)
                return config_error(err, p->path, line, "Key \"%s\" outside of any section",
                                    key);
        if (p->ignore_section)
                return 0;

        item = item_find(p, p->section, key);
        if (!item) {
                if (startswith(key, "X-"))
                        return 0;
                return config_error(err, p->path, line, "Unknown key \"%s\" in section [%s]",
                                    key, p->section);
        }

        /* The handler gets a buffer of its own, so that we can tell whether it explained
         * its error, and err stays untouched when all goes well. */
        handler_err.message[0] = '\0';
        r = item->parse(p->path, line, p->section, key, value, item, p->userdata, &handler_err);
        if (r < 0) {
                if (handler_err.message[0] == '\0')
                        return config_error_errno(err, r, p->path, line,
                                                  "Failed to parse %s=%s: %m", key, value);
                if (err)
                        *err = handler_err;
                return r;
        }

        if (p->locations)
                config_location_set(&p->locations[item - p->items],
                                    value[0] == '\0' ? NULL : p->path, line);
        return 0;
}

static int parse_line(ConfigParser *p, char *l, unsigned line, ConfigError *err)
{
        l = strstrip(l);
        if (l[0] == '\0')
                return 0;
        if (l[0] == '[')
                return parse_section_header(p, l, line, err);
        return parse_assignment(p, l, line, err);
}

/* A line ends in a continuation if it ends in an odd number of backslashes: "\\" at the
 * end is an escaped backslash, as systemd reads it. */
static bool ends_in_continuation(const char *l, size_t n)
{
        size_t k = 0;

        while (k < n && l[n - 1 - k] == '\\')
                k++;
        return k % 2 == 1;
}

static int continuation_append(ConfigParser *p, const char *l, size_t len, ConfigError *err)
{
        char *joined;

        if (p->continuation_len + len > CONFIG_LINE_MAX)
                return config_error(err, p->path, p->continuation_line, "Line too long");
        joined = realloc(p->continuation, p->continuation_len + len + 1);
        if (!joined)
                return config_error_errno(err, -ENOMEM, p->path, p->continuation_line, "%m");
        memcpy(joined + p->continuation_len, l, len + 1);
        p->continuation = joined;
        p->continuation_len += len;
        return 0;
}

static int config_parse_stream(FILE *f, const char *path, const ConfigItem *items,
                               size_t n_items, void *userdata, ConfigLocation *locations,
                               ConfigError *err)
{
        _cleanup_(config_parser_done) ConfigParser p = {
                .path = path,
                .items = items,
                .n_items = n_items,
                .userdata = userdata,
                .locations = locations,
        };
        _cleanup_free_ char *buf = NULL;
        size_t size = 0;
        unsigned line = 0;
        int r;

        for (;;) {
                bool continued;
                char *l, *first;
                ssize_t n;
                size_t len;

                errno = 0;
                n = getline(&buf, &size, f);
                if (n < 0) {
                        if (ferror(f))
                                return config_error_errno(err, errno > 0 ? -errno : -EIO, path,
                                                          0, "Failed to read: %m");
                        break;
                }
                line++;

                if (strlen(buf) != (size_t) n)
                        return config_error(err, path, line, "Line contains a NUL byte");

                l = buf;
                if (line == 1 && startswith(l, "\xef\xbb\xbf"))
                        l += 3;

                /* Comment lines are skipped inside a continuation too (systemd.syntax(7)). */
                first = l + strspn(l, WHITESPACE);
                if (*first != '\0' && strchr(COMMENTS, *first))
                        continue;

                /* Trailing whitespace (a CRLF file's CR too) would hide a continuation. */
                len = strlen(l);
                while (len > 0 && strchr(WHITESPACE, l[len - 1]))
                        l[--len] = '\0';

                continued = ends_in_continuation(l, len);
                if (continued)
                        l[len - 1] = ' ';

                if (!continued && !p.continuation) {
                        if (len > CONFIG_LINE_MAX)
                                return config_error(err, path, line, "Line too long");
                        r = parse_line(&p, l, line, err);
                        if (r < 0)
                                return r;
                        continue;
                }

                if (!p.continuation)
                        p.continuation_line = line;
                r = continuation_append(&p, l, len, err);
                if (r < 0)
                        return r;
                if (!continued) {
                        _cleanup_free_ char *joined = TAKE_PTR(p.continuation);

                        p.continuation_len = 0;
                        r = parse_line(&p, joined, p.continuation_line, err);
                        if (r < 0)
                                return r;
                }
        }

        /* A backslash on the last line continues into nothing: what was read is the line. */
        if (p.continuation) {
                r = parse_line(&p, p.continuation, p.continuation_line, err);
                if (r < 0)
                        return r;
        }
        return 0;
}

int config_parse_file_full(const char *path, const ConfigItem *items, size_t n_items,
                           void *userdata, ConfigLocation *locations, ConfigError *ret_err)
{
        _cleanup_(fclosep) FILE *f = NULL;

        f = fopen(path, "re");
        if (!f)
                return config_error_errno(ret_err, -errno, path, 0, "Failed to read: %m");
        return config_parse_stream(f, path, items, n_items, userdata, locations, ret_err);
}

typedef struct DropIn {
        char *name;
        char *path; /* NULL: masked */
} DropIn;

typedef struct DropIns {
        DropIn *items;
        size_t n;
} DropIns;

static void dropins_done(DropIns *d)
{
        for (size_t i = 0; i < d->n; i++) {
                free(d->items[i].name);
                free(d->items[i].path);
        }
        free(d->items);
}

static int dropin_compare(const void *a, const void *b)
{
        const DropIn *x = a, *y = b;

        return strcmp(x->name, y->name);
}

static bool dropins_contain(const DropIns *d, const char *name)
{
        for (size_t i = 0; i < d->n; i++)
                if (streq(d->items[i].name, name))
                        return true;
        return false;
}

/* Adds the "*.conf" regular files of dir that no earlier directory had. */
static int dropins_add_dir(DropIns *d, const char *dir, ConfigError *err)
{
        _cleanup_(closedirp) DIR *dp = NULL;

        dp = opendir(dir);
        if (!dp) {
                if (errno == ENOENT || errno == ENOTDIR)
                        return 0;
                return config_error_errno(err, -errno, dir, 0, "Failed to read directory: %m");
        }

        for (;;) {
                _cleanup_free_ char *name = NULL, *path = NULL;
                struct dirent *de;
                struct stat st;
                DropIn *grown;

                errno = 0;
                de = readdir(dp);
                if (!de) {
                        if (errno != 0)
                                return config_error_errno(err, -errno, dir, 0,
                                                          "Failed to read directory: %m");
                        return 0;
                }
                if (de->d_name[0] == '.' || !endswith(de->d_name, ".conf"))
                        continue;
                if (dropins_contain(d, de->d_name))
                        continue;

                /* Follows symlinks: one to /dev/null masks the name, here and in the
                 * directories after this one, as in systemd. It is kept, without a path. */
                if (fstatat(dirfd(dp), de->d_name, &st, 0) < 0) {
                        if (errno == ENOENT)
                                continue; /* a dangling symlink */
                        return config_error_errno(err, -errno, dir, 0, "Failed to read %s: %m",
                                                  de->d_name);
                }

                name = strdup(de->d_name);
                if (S_ISREG(st.st_mode))
                        path = strjoin3(dir, "/", de->d_name);
                if (!name || (S_ISREG(st.st_mode) && !path))
                        return config_error_errno(err, -ENOMEM, dir, 0, "%m");
                grown = reallocarray(d->items, d->n + 1, sizeof(DropIn));
                if (!grown)
                        return config_error_errno(err, -ENOMEM, dir, 0, "%m");
                d->items = grown;
                d->items[d->n++] = (DropIn) { .name = TAKE_PTR(name), .path = TAKE_PTR(path) };
        }
}

int config_parse_with_dropins(const char *path, char *const *dropin_dirs, bool missing_ok,
                              const ConfigItem *items, size_t n_items, void *userdata,
                              ConfigLocation *locations, ConfigError *ret_err)
{
        _cleanup_(dropins_done) DropIns dropins = {};
        _cleanup_free_ char *default_dir = NULL;
        _cleanup_(fclosep) FILE *f = NULL;
        char *default_dirs[2] = {};
        int n_read = 0, r;

        if (!dropin_dirs) {
                default_dir = strjoin3(path, ".d", "");
                if (!default_dir)
                        return config_error_errno(ret_err, -ENOMEM, path, 0, "%m");
                default_dirs[0] = default_dir;
                dropin_dirs = default_dirs;
        }

        /* Listed before anything is parsed: a drop-in directory we cannot read fails the
         * load before any handler ran. */
        for (char *const *d = dropin_dirs; *d; d++) {
                r = dropins_add_dir(&dropins, *d, ret_err);
                if (r < 0)
                        return r;
        }
        if (dropins.n > 0)
                qsort(dropins.items, dropins.n, sizeof(DropIn), dropin_compare);

        f = fopen(path, "re");
        if (f) {
                r = config_parse_stream(f, path, items, n_items, userdata, locations, ret_err);
                if (r < 0)
                        return r;
                n_read++;
        } else if (errno != ENOENT || !missing_ok)
                return config_error_errno(ret_err, -errno, path, 0, "Failed to read: %m");

        for (size_t i = 0; i < dropins.n; i++) {
                if (!dropins.items[i].path)
                        continue; /* masked */
                r = config_parse_file_full(dropins.items[i].path, items, n_items, userdata,
                                           locations, ret_err);
                if (r < 0)
                        return r;
                n_read++;
        }
        return n_read;
}

int parse_boolean(const char *v)
{
        static const char *const yes[] = { "1", "yes", "y", "true", "t", "on" };
        static const char *const no[] = { "0", "no", "n", "false", "f", "off" };

        if (!v)
                return -EINVAL;
        for (size_t i = 0; i < ELEMENTSOF(yes); i++)
                if (strcasecmp(v, yes[i]) == 0)
                        return 1;
        for (size_t i = 0; i < ELEMENTSOF(no); i++)
                if (strcasecmp(v, no[i]) == 0)
                        return 0;
        return -EINVAL;
}

int parse_unsigned_range(const char *v, unsigned min, unsigned max, unsigned *ret)
{
        const char *digits = "0123456789";
        unsigned long long x;
        int base = 10;
        char *end;

        if (!v)
                return -EINVAL;
        if (v[0] == '0' && (v[1] == 'x' || v[1] == 'X')) {
                v += 2;
                digits = "0123456789abcdefABCDEF";
                base = 16;
        }
        /* strtoull() alone would take a sign, leading whitespace and, for base 16, a
         * second "0x". */
        if (v[0] == '\0' || v[strspn(v, digits)] != '\0')
                return -EINVAL;

        errno = 0;
        x = strtoull(v, &end, base);
        if (errno == ERANGE || x < min || x > max)
                return -ERANGE;
        if (errno != 0 || *end != '\0')
                return -EINVAL;
        *ret = (unsigned) x;
        return 0;
}

int parse_timespan(const char *v, uint64_t *ret_usec)
{
        return parse_timespan_full(v, 0, ret_usec);
}

bool strv_net_match(char *const *patterns, const char *s)
{
        bool positive = false, matched = false;

        if (!patterns)
                return true;

        for (char *const *i = patterns; *i; i++) {
                const char *glob = *i;
                bool negated = glob[0] == '!';

                if (negated)
                        glob++;
                else
                        positive = true;

                if (s && fnmatch(glob, s, 0) == 0) {
                        if (negated)
                                return false;
                        matched = true;
                }
        }
        return positive ? matched : true;
}

CONFIG_PARSER_PROTOTYPE(config_parse_tristate)
{
        int *p = config_item_data(item, userdata);
        int r;

        if (value[0] == '\0') {
                *p = -1;
                return 0;
        }
        r = parse_boolean(value);
        if (r < 0)
                return config_error(err, filename, line, "Invalid %s=%s, expected a boolean",
                                    key, value);
        *p = r;
        return 0;
}

CONFIG_PARSER_PROTOTYPE(config_parse_strv)
{
        char ***p = config_item_data(item, userdata);

        if (value[0] == '\0') {
                *p = strv_free(*p);
                return 0;
        }
        return strv_extend_words(p, value);
}

CONFIG_PARSER_PROTOTYPE(config_parse_match_strv)
{
        char ***p = config_item_data(item, userdata);

        if (value[0] == '\0') {
                *p = strv_free(*p);
                return 0;
        }
        for (const char *w = value; *w; w += strspn(w, WHITESPACE)) {
                size_t len = strcspn(w, WHITESPACE);

                if (len == 1 && w[0] == '!')
                        return config_error(err, filename, line,
                                            "Invalid %s= entry \"!\", expected a glob after \"!\"",
                                            key);
                w += len;
        }
        return strv_extend_words(p, value);
}

void config_choices_append(char *buf, size_t size, size_t index, const char *choice, bool last)
{
        size_t n = strnlen(buf, size);

        if (n >= size)
                return;
        snprintf(buf + n, size - n, "%s%s", index == 0 ? "" : last ? " or " : ", ", choice);
}
