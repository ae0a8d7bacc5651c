/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * The few helpers every file uses. systemd keeps the same ones in its internal
 * src/fundamental/macro-fundamental.h, which libsystemd does not export, so the
 * project keeps its own small copy of the idea.
 */

#include <stdlib.h>
#include <stdint.h>
#include <unistd.h>

#define _cleanup_(f) __attribute__((cleanup(f)))
#define _unused_ __attribute__((unused))
#define _printf_(a, b) __attribute__((format(printf, a, b)))
#define _warn_unused_result_ __attribute__((warn_unused_result))
#define _likely_(x) (__builtin_expect(!!(x), 1))
#define _unlikely_(x) (__builtin_expect(!!(x), 0))

#define ELEMENTSOF(x) (sizeof(x) / sizeof((x)[0]))
#define MIN(a, b) ((a) < (b) ? (a) : (b))

/* Hands ownership of *p to the caller and leaves NULL behind, so a cleanup attribute on
 * the original variable frees nothing. */
#define TAKE_PTR(p)                                  \
        ({                                           \
                __typeof__(p) _ptr_ = (p);           \
                (p) = NULL;                          \
                _ptr_;                               \
        })

#define TAKE_FD(fd)                                  \
        ({                                           \
                int _fd_ = (fd);                     \
                (fd) = -EBADF;                       \
                _fd_;                                \
        })

static inline void freep(void *p)
{
        free(*(void **) p);
}
#define _cleanup_free_ _cleanup_(freep)

static inline void closep(int *fd)
{
        if (*fd >= 0)
                close(*fd);
}
#define _cleanup_close_ _cleanup_(closep)

/* Defines name##p(type **p), calling func(*p) unless *p is NULL, for _cleanup_(). */
#define DEFINE_TRIVIAL_CLEANUP_FUNC(type, func)      \
        static inline void func##p(type *p)          \
        {                                            \
                if (*p)                              \
                        func(*p);                    \
        }

#define streq(a, b) (strcmp((a), (b)) == 0)

#define BIT(n) (1ULL << (n))

#define USEC_PER_SEC ((uint64_t) 1000000)
#define USEC_PER_MSEC ((uint64_t) 1000)
#define USEC_INFINITY ((uint64_t) UINT64_MAX)
