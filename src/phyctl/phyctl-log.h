/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * phyctl reports every failure as one line on stderr, "phyctl: <reason>", once, where it is
 * understood; callers pass the return value up. Verbs return a negative errno for a failure
 * that has been reported (exit status 1) or a non-negative exit status.
 */

#include "phyd/macro.h"

#define PHYCTL_EXIT_USAGE 2
#define PHYCTL_EXIT_TIMEOUT 124

/* Prints "phyctl: <message>" (with errno set to -error, so %m works) and returns error,
 * which must be negative. */
int log_error_errno(int error, const char *format, ...) _printf_(2, 3);

/* A usage error: prints "phyctl: <message>" and returns PHYCTL_EXIT_USAGE. */
int log_usage(const char *format, ...) _printf_(1, 2);
