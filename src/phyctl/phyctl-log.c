/* SPDX-License-Identifier: GPL-2.0-or-later */

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>

#include "phyctl-log.h"

static void log_line(const char *format, va_list ap)
{
        fputs("phyctl: ", stderr);
        vfprintf(stderr, format, ap);
        fputc('\n', stderr);
}

int log_error_errno(int error, const char *format, ...)
{
        va_list ap;

        errno = error < 0 ? -error : error;
        va_start(ap, format);
        log_line(format, ap);
        va_end(ap);
        if (error == 0)
                return -EIO; /* a failure must not read as success */
        return error < 0 ? error : -error;
}

int log_usage(const char *format, ...)
{
        va_list ap;

        va_start(ap, format);
        log_line(format, ap);
        va_end(ap);
        return PHYCTL_EXIT_USAGE;
}
