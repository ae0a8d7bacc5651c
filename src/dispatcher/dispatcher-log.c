/* SPDX-License-Identifier: GPL-2.0-or-later */

#define SD_JOURNAL_SUPPRESS_LOCATION
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <systemd/sd-journal.h>

#include "dispatcher-log.h"

#define IOVEC_STR(s) ((struct iovec) { .iov_base = (char *) (s), .iov_len = strlen(s) })

static void log_to_journal(int level, int error, const char *phy, const char *script,
                           const char *file, int line, const char *message)
{
        /* Each field is cut to its buffer: a log line is never worth an allocation. */
        char full[2048], priority[16], code_file[256], code_line[32], phy_field[256],
                script_field[512], errno_field[32];
        struct iovec iov[9];
        size_t n = 0;

        snprintf(full, sizeof(full), "MESSAGE=%s", message);
        snprintf(priority, sizeof(priority), "PRIORITY=%d", level);
        snprintf(code_file, sizeof(code_file), "CODE_FILE=%s", file);
        snprintf(code_line, sizeof(code_line), "CODE_LINE=%d", line);
        iov[n++] = IOVEC_STR(full);
        iov[n++] = IOVEC_STR(priority);
        iov[n++] = IOVEC_STR("SYSLOG_IDENTIFIER=phyd-dispatcher");
        iov[n++] = IOVEC_STR(code_file);
        iov[n++] = IOVEC_STR(code_line);
        if (phy) {
                snprintf(phy_field, sizeof(phy_field), "PHYD_PHY=%s", phy);
                iov[n++] = IOVEC_STR(phy_field);
        }
        if (script) {
                snprintf(script_field, sizeof(script_field), "PHYD_SCRIPT=%s", script);
                iov[n++] = IOVEC_STR(script_field);
        }
        if (error) {
                snprintf(errno_field, sizeof(errno_field), "ERRNO=%d", error);
                iov[n++] = IOVEC_STR(errno_field);
        }
        (void) sd_journal_sendv(iov, (int) n);
}

int log_internal(int level, int error, const char *phy, const char *script, const char *file,
                 int line, const char *format, ...)
{
        int saved_errno = errno;
        char buf[1024];
        va_list ap;

        error = abs(error);
        if (level > log_get_max_level())
                return -error;

        /* %m means the error we were given, not whatever errno happens to hold. */
        errno = error;
        va_start(ap, format);
        vsnprintf(buf, sizeof(buf), format, ap);
        va_end(ap);

        if (log_target_is_journal())
                log_to_journal(level, error, phy, script, file, line, buf);
        else
                fprintf(stderr, "%s\n", buf);

        errno = saved_errno;
        return -error;
}
