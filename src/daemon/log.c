/* SPDX-License-Identifier: GPL-2.0-or-later */

#define SD_JOURNAL_SUPPRESS_LOCATION
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>
#include <systemd/sd-journal.h>

#include "daemon-phy.h"
#include "log.h"

#define IOVEC_STR(s) ((struct iovec) { .iov_base = (char *) (s), .iov_len = strlen(s) })

int log_internal(int level, int error, DaemonPhy *phy, const char *file, int line,
                 const char *format, ...)
{
        char buf[1024];
        va_list ap;
        int saved_errno = errno;

        error = abs(error);
        if (level > log_get_max_level())
                return -error;

        /* %m means the error we were given, not whatever errno happens to hold. */
        errno = error;
        va_start(ap, format);
        vsnprintf(buf, sizeof(buf), format, ap);
        va_end(ap);

        if (log_target_is_journal()) {
                char code_line[16], err[16];

                snprintf(code_line, sizeof(code_line), "%d", line);
                snprintf(err, sizeof(err), "%d", error);
                if (phy)
                        sd_journal_send("MESSAGE=%s: %s", daemon_phy_name(phy), buf,
                                        "SYSLOG_IDENTIFIER=phyd",
                                        "PRIORITY=%d", level, "CODE_FILE=%s", file,
                                        "CODE_LINE=%s", code_line, "PHYD_PHY=%s",
                                        daemon_phy_name(phy), "INTERFACE=%s",
                                        daemon_phy_ifname(phy) ?: "", error ? "ERRNO=%s" : NULL,
                                        err, NULL);
                else
                        sd_journal_send("MESSAGE=%s", buf, "SYSLOG_IDENTIFIER=phyd",
                                        "PRIORITY=%d", level,
                                        "CODE_FILE=%s", file, "CODE_LINE=%s", code_line,
                                        error ? "ERRNO=%s" : NULL, err, NULL);
        } else {
                /* One writev() per line, not fprintf(): workers log at the same time, and
                 * fprintf() on unbuffered stderr formats through an 8 KiB buffer on the
                 * caller's stack, which each worker thread would keep touched for life. */
                struct iovec iov[4];
                size_t n = 0;

                if (phy) {
                        iov[n++] = IOVEC_STR(daemon_phy_name(phy));
                        iov[n++] = IOVEC_STR(": ");
                }
                iov[n++] = IOVEC_STR(buf);
                iov[n++] = IOVEC_STR("\n");
                (void) writev(STDERR_FILENO, iov, n);
        }

        errno = saved_errno;
        return -error;
}

void log_phy_event(DaemonPhy *phy, int level, const char *message_id, char **fields,
                   const char *format, ...)
{
        char message[1024], priority[16], id[64], phy_field[128], ifname[128];
        struct iovec iov[32];
        size_t n = 0;
        va_list ap;

        if (level > log_get_max_level())
                return;

        va_start(ap, format);
        vsnprintf(message, sizeof(message), format, ap);
        va_end(ap);

        if (!log_target_is_journal()) {
                fprintf(stderr, "%s: %s\n", daemon_phy_name(phy), message);
                return;
        }

        /* journald takes MESSAGE= as is: the PHY's name leads, as in the plain log. */
        char full[1200];
        snprintf(full, sizeof(full), "MESSAGE=%s: %s", daemon_phy_name(phy), message);
        snprintf(priority, sizeof(priority), "PRIORITY=%d", level);
        snprintf(id, sizeof(id), "MESSAGE_ID=%s", message_id);
        snprintf(phy_field, sizeof(phy_field), "PHYD_PHY=%s", daemon_phy_name(phy));
        snprintf(ifname, sizeof(ifname), "INTERFACE=%s", daemon_phy_ifname(phy) ?: "");
        iov[n++] = IOVEC_STR(full);
        iov[n++] = IOVEC_STR(priority);
        iov[n++] = IOVEC_STR(id);
        iov[n++] = IOVEC_STR(phy_field);
        if (daemon_phy_ifname(phy))
                iov[n++] = IOVEC_STR(ifname);
        iov[n++] = IOVEC_STR("SYSLOG_IDENTIFIER=phyd");
        for (char **f = fields; f && *f && n < ELEMENTSOF(iov); f++)
                iov[n++] = IOVEC_STR(*f);
#undef IOVEC_STR
        (void) sd_journal_sendv(iov, (int) n);
}
