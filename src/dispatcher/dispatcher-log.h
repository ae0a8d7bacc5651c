/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * phyd-dispatcher's logging. Under systemd (stderr connected to the journal) a message goes to
 * the journal with structured fields: PHYD_PHY= for the messages about a PHY's event,
 * PHYD_SCRIPT= for those about one script and for the lines the script printed. Otherwise one
 * line on stderr. The message text names the PHY and the script itself, so both read the same.
 */

#include <syslog.h>

#include "phyd/log-target.h"
#include "phyd/macro.h"

/* Returns -abs(error) (0 stays 0), so that 'return log_error_errno(r, ...)' reads as in
 * systemd. %m in format is strerror(error). phy and script may be NULL. */
int log_internal(int level, int error, const char *phy, const char *script, const char *file,
                 int line, const char *format, ...) _printf_(7, 8);

#define log_full_errno(level, error, ...) \
        log_internal(level, error, NULL, NULL, __FILE__, __LINE__, __VA_ARGS__)
#define log_debug(...) log_full_errno(LOG_DEBUG, 0, __VA_ARGS__)
#define log_info(...) log_full_errno(LOG_INFO, 0, __VA_ARGS__)
#define log_warning(...) log_full_errno(LOG_WARNING, 0, __VA_ARGS__)
#define log_error(...) log_full_errno(LOG_ERR, 0, __VA_ARGS__)
#define log_warning_errno(error, ...) log_full_errno(LOG_WARNING, error, __VA_ARGS__)
#define log_error_errno(error, ...) log_full_errno(LOG_ERR, error, __VA_ARGS__)

#define log_phy_full_errno(phy, level, error, ...) \
        log_internal(level, error, phy, NULL, __FILE__, __LINE__, __VA_ARGS__)
#define log_phy_debug(phy, ...) log_phy_full_errno(phy, LOG_DEBUG, 0, __VA_ARGS__)
#define log_phy_info(phy, ...) log_phy_full_errno(phy, LOG_INFO, 0, __VA_ARGS__)
#define log_phy_warning_errno(phy, error, ...) \
        log_phy_full_errno(phy, LOG_WARNING, error, __VA_ARGS__)

#define log_script_full_errno(phy, script, level, error, ...) \
        log_internal(level, error, phy, script, __FILE__, __LINE__, __VA_ARGS__)
#define log_script_debug(phy, script, ...) \
        log_script_full_errno(phy, script, LOG_DEBUG, 0, __VA_ARGS__)
#define log_script_info(phy, script, ...) \
        log_script_full_errno(phy, script, LOG_INFO, 0, __VA_ARGS__)
#define log_script_warning(phy, script, ...) \
        log_script_full_errno(phy, script, LOG_WARNING, 0, __VA_ARGS__)
#define log_script_warning_errno(phy, script, error, ...) \
        log_script_full_errno(phy, script, LOG_WARNING, error, __VA_ARGS__)
