/* SPDX-License-Identifier: GPL-2.0-or-later */

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "phy-state-file.h"

#define STATE_MAGIC "phydst01"

typedef struct StateHeader {
        char magic[8];
        uint32_t saved_size;
        uint32_t model_size; /* 0 without a model */
} StateHeader;

static char *state_path(const char *dir, const DaemonPhy *phy, const char *suffix)
{
        char *p;

        if (asprintf(&p, "%s/%s.state%s", dir, phy->name, suffix) < 0)
                return NULL;
        return p;
}

static int write_all(int fd, const void *buf, size_t size)
{
        const uint8_t *p = buf;

        while (size > 0) {
                ssize_t n = write(fd, p, size);

                if (n < 0) {
                        if (errno == EINTR)
                                continue;
                        return -errno;
                }
                p += n;
                size -= (size_t) n;
        }
        return 0;
}

int phy_state_file_save(const char *dir, DaemonPhy *phy)
{
        _cleanup_free_ char *path = NULL, *tmp = NULL;
        _cleanup_free_ void *model = NULL;
        _cleanup_close_ int fd = -EBADF;
        StateHeader header = { .magic = STATE_MAGIC };
        PhySavedState saved;
        int r;

        if (!phy->dev)
                return 0;

        phy_save_state(phy->dev, &saved);
        header.saved_size = sizeof(saved);
        if (phy->model) {
                header.model_size = (uint32_t) phy_model_state_size();
                model = malloc(header.model_size);
                if (!model)
                        return -ENOMEM;
                mdio_bus_lock(phy->bus);
                phy_model_save_state(phy->model, model);
                mdio_bus_unlock(phy->bus);
        }

        path = state_path(dir, phy, "");
        tmp = state_path(dir, phy, ".tmp");
        if (!path || !tmp)
                return -ENOMEM;

        fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
        if (fd < 0)
                return log_phy_warning_errno(phy, errno, "Failed to save the PHY's state to %s: %m",
                                             tmp);
        r = write_all(fd, &header, sizeof(header));
        if (r >= 0)
                r = write_all(fd, &saved, sizeof(saved));
        if (r >= 0 && model)
                r = write_all(fd, model, header.model_size);
        if (r < 0 || rename(tmp, path) < 0) {
                r = r < 0 ? r : -errno;
                (void) unlink(tmp);
                return log_phy_warning_errno(phy, r, "Failed to save the PHY's state: %m");
        }
        log_phy_debug(phy, "Saved the PHY's state to %s.", path);
        return 0;
}

int phy_state_file_load(const char *dir, DaemonPhy *phy, PhySavedState *ret_saved)
{
        _cleanup_free_ char *path = NULL;
        _cleanup_free_ void *model = NULL;
        _cleanup_close_ int fd = -EBADF;
        StateHeader header;
        PhySavedState saved;
        int r;

        path = state_path(dir, phy, "");
        if (!path)
                return -ENOMEM;

        fd = open(path, O_RDONLY | O_CLOEXEC);
        if (fd < 0)
                return errno == ENOENT ? 0 : -errno;
        /* Used once: a crash later must not bring back this moment. */
        (void) unlink(path);

        if (read(fd, &header, sizeof(header)) != (ssize_t) sizeof(header) ||
            memcmp(header.magic, STATE_MAGIC, sizeof(header.magic)) != 0 ||
            header.saved_size != sizeof(saved) ||
            header.model_size != (phy->model ? phy_model_state_size() : 0) ||
            read(fd, &saved, sizeof(saved)) != (ssize_t) sizeof(saved)) {
                log_phy_notice(phy, "Ignoring %s: not a state file of this phyd.", path);
                return 0;
        }

        if (phy->model) {
                model = malloc(header.model_size);
                if (!model)
                        return -ENOMEM;
                if (read(fd, model, header.model_size) != (ssize_t) header.model_size) {
                        log_phy_notice(phy, "Ignoring %s: truncated.", path);
                        return 0;
                }
                r = phy_model_restore_state(phy->model, model, header.model_size);
                if (r < 0) {
                        log_phy_notice(phy, "Ignoring %s: another simulated PHY.", path);
                        return 0;
                }
        }

        *ret_saved = saved;
        return 1;
}
