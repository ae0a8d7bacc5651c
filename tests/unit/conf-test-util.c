/* SPDX-License-Identifier: GPL-2.0-or-later */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "conf-test-util.h"
#include "phyd/macro.h"

int rm_rf_at(int at, const char *name)
{
        struct stat st;

        if (fstatat(at, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
                return -errno;
        if (S_ISDIR(st.st_mode)) {
                struct dirent *de;
                DIR *d;
                int fd;

                fd = openat(at, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
                if (fd < 0)
                        return -errno;
                d = fdopendir(fd);
                if (!d) {
                        close(fd);
                        return -errno;
                }
                while ((de = readdir(d)))
                        if (!streq(de->d_name, ".") && !streq(de->d_name, ".."))
                                rm_rf_at(dirfd(d), de->d_name);
                closedir(d);
                return unlinkat(at, name, AT_REMOVEDIR) < 0 ? -errno : 0;
        }
        return unlinkat(at, name, 0) < 0 ? -errno : 0;
}

char *path_join(const char *dir, const char *name)
{
        char *p = malloc(strlen(dir) + 1 + strlen(name) + 1);

        assert_non_null(p);
        sprintf(p, "%s/%s", dir, name);
        return p;
}

int setup_tmpdir(void **state)
{
        char *dir;

        if (asprintf(&dir, "%s/%s.XXXXXX", P_tmpdir, program_invocation_short_name) < 0)
                return -1;
        if (!mkdtemp(dir)) {
                free(dir);
                return -1;
        }
        *state = dir;
        return 0;
}

int teardown_tmpdir(void **state)
{
        char *dir = *state;

        assert_int_equal(rm_rf_at(AT_FDCWD, dir), 0);
        free(dir);
        return 0;
}

char *write_file_len(const char *dir, const char *name, const char *content, size_t len)
{
        char *path;
        FILE *f;

        path = path_join(dir, name);
        for (char *slash = path + strlen(dir) + 1; (slash = strchr(slash, '/')); slash++) {
                *slash = '\0';
                if (mkdir(path, 0755) < 0)
                        assert_int_equal(errno, EEXIST);
                *slash = '/';
        }
        f = fopen(path, "we");
        assert_non_null(f);
        if (len == 0)
                len = strlen(content);
        assert_int_equal(fwrite(content, 1, len, f), len);
        assert_int_equal(fclose(f), 0);
        return path;
}
