/* SPDX-License-Identifier: GPL-2.0-or-later */

/*
 * libFuzzer target: the configuration loader (phyd-config.h on conf-parser.h), through the
 * files it reads. The input holds up to three files separated by NUL bytes: phyd.conf,
 * phy.d/10-fuzz.phy and its drop-in phy.d/10-fuzz.phy.d/50-fuzz.conf. A load either gives a
 * whole configuration or one error line; both are fine, a crash or a leak is not.
 */

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz.h"
#include "phyd-config.h"

static const char *const files[] = {
        "phyd.conf",
        "phy.d/10-fuzz.phy",
        "phy.d/10-fuzz.phy.d/50-fuzz.conf",
};

static char dir[] = "/tmp/fuzz-phyd-config-XXXXXX";
static char paths[ELEMENTSOF(files)][sizeof(dir) + 64];

static void cleanup(void)
{
        char sub[sizeof(paths[0])];

        for (size_t i = 0; i < ELEMENTSOF(files); i++)
                (void) unlink(paths[i]);
        snprintf(sub, sizeof(sub), "%s/phy.d/10-fuzz.phy.d", dir);
        (void) rmdir(sub);
        snprintf(sub, sizeof(sub), "%s/phy.d", dir);
        (void) rmdir(sub);
        (void) rmdir(dir);
}

/* One directory for the whole run: the files are rewritten for each input. */
static int setup(void)
{
        char sub[sizeof(paths[0])];

        if (!mkdtemp(dir))
                return -errno;
        snprintf(sub, sizeof(sub), "%s/phy.d", dir);
        if (mkdir(sub, 0700) < 0)
                return -errno;
        snprintf(sub, sizeof(sub), "%s/phy.d/10-fuzz.phy.d", dir);
        if (mkdir(sub, 0700) < 0)
                return -errno;
        for (size_t i = 0; i < ELEMENTSOF(files); i++)
                snprintf(paths[i], sizeof(paths[i]), "%s/%s", dir, files[i]);
        return atexit(cleanup) != 0 ? -ENOMEM : 0;
}

static int write_file(const char *path, const uint8_t *data, size_t size)
{
        int fd;

        fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
        if (fd < 0)
                return -errno;
        while (size > 0) {
                ssize_t n = write(fd, data, size);

                if (n < 0) {
                        close(fd);
                        return -errno;
                }
                data += n;
                size -= (size_t) n;
        }
        return close(fd) < 0 ? -errno : 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        static bool initialized;
        _cleanup_(phyd_config_freep) PhydConfig *config = NULL;
        ConfigError err;
        const uint8_t *part;
        size_t len, i;

        if (!initialized) {
                if (setup() < 0)
                        abort();
                initialized = true;
        }

        for (i = 0; i < ELEMENTSOF(files) && fuzz_next_part(&data, &size, &part, &len); i++)
                if (write_file(paths[i], part, len) < 0)
                        abort();
        /* Files this input does not hold are absent, not left over from the last one. */
        for (; i < ELEMENTSOF(files); i++)
                (void) unlink(paths[i]);

        if (phyd_config_load(dir, &config, &err) == 0) {
                /* Walk what was loaded, as the daemon does. */
                (void) daemon_config_watches(&config->daemon, "eth0");
                (void) phyd_config_find_phy(config, "eth0", "pci-0000:00:1f.6", "asix",
                                            "00:11:22:33:44:55");
        }
        return 0;
}
