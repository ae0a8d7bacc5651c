/* SPDX-License-Identifier: GPL-2.0-or-later */

/* The pool that runs every PHY's delayed work (DESIGN decision 2, docs/design-deviations.md):
 * an item blocked in a long run does not hold the others back, not even on a pool of one
 * thread; one item never runs on two threads at once and, queued while it runs, runs once
 * more after; a timer never fires before its due time; a cancelled item is waited for and
 * never runs again. Every wait here is on a semaphore the items post: nothing is timed. */

#include <pthread.h>
#include <semaphore.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <time.h>
#include <cmocka.h>

#include "phy-workqueue.h"
#include "phyd/macro.h"

typedef struct TestItem {
        PhyWork work;
        sem_t started;      /* posted when a run starts */
        sem_t finished;     /* posted when a run ends */
        sem_t release;      /* a blocking run waits for it */
        bool block;         /* the next run waits for release */
        atomic_int inside;  /* runs in progress: never more than one */
        atomic_int max_inside;
        atomic_int runs;
        uint64_t due_usec;  /* the timer it was scheduled for */
        uint64_t ran_usec;  /* when its last run started */
} TestItem;

static uint64_t now_usec(void)
{
        struct timespec ts;

        clock_gettime(CLOCK_MONOTONIC, &ts);
        return (uint64_t) ts.tv_sec * USEC_PER_SEC + (uint64_t) ts.tv_nsec / 1000;
}

static void item_run(PhyWork *work)
{
        TestItem *t = work->userdata;
        int inside = atomic_fetch_add(&t->inside, 1) + 1;

        if (inside > atomic_load(&t->max_inside))
                atomic_store(&t->max_inside, inside);
        t->ran_usec = now_usec();
        sem_post(&t->started);
        if (t->block) {
                t->block = false;
                sem_wait(&t->release);
        }
        atomic_fetch_add(&t->runs, 1);
        atomic_fetch_sub(&t->inside, 1);
        sem_post(&t->finished);
}

static void item_init(TestItem *t)
{
        *t = (TestItem) {};
        phy_work_init(&t->work, item_run, t);
        sem_init(&t->started, 0, 0);
        sem_init(&t->finished, 0, 0);
        sem_init(&t->release, 0, 0);
}

static void item_done(TestItem *t)
{
        sem_destroy(&t->started);
        sem_destroy(&t->finished);
        sem_destroy(&t->release);
}

/* A PHY stuck in its reset poll (phy_sleep() up to 600 ms) holds one thread; the others
 * carry on. With a single thread, the pool grows rather than let the second item wait for
 * the first. */
static void test_blocked_item_does_not_stall_others(void **state)
{
        for (unsigned n_threads = 1; n_threads <= 2; n_threads++) {
                PhyWorkqueue *wq;
                TestItem stuck, other;

                assert_int_equal(phy_workqueue_new(n_threads, &wq), 0);
                assert_int_equal(phy_workqueue_n_threads(wq), n_threads);
                item_init(&stuck);
                item_init(&other);

                stuck.block = true;
                phy_work_queue(wq, &stuck.work);
                sem_wait(&stuck.started);

                /* Runs while the first one is still blocked. */
                phy_work_schedule(wq, &other.work, now_usec());
                sem_wait(&other.finished);
                assert_int_equal(atomic_load(&stuck.runs), 0);
                if (n_threads == 1)
                        assert_int_equal(phy_workqueue_n_threads(wq), 2);

                sem_post(&stuck.release);
                sem_wait(&stuck.finished);
                wq = phy_workqueue_free(wq);
                assert_int_equal(atomic_load(&stuck.runs), 1);
                assert_int_equal(atomic_load(&other.runs), 1);
                item_done(&stuck);
                item_done(&other);
        }
}

typedef struct Hammer {
        PhyWorkqueue *wq;
        TestItem *item;
} Hammer;

static void *hammer_main(void *userdata)
{
        Hammer *h = userdata;

        /* Requests from the event loop and the timer firing, as fast as they come. */
        for (unsigned i = 0; i < 2000; i++) {
                if (i % 2)
                        phy_work_queue(h->wq, &h->item->work);
                else
                        phy_work_schedule(h->wq, &h->item->work, now_usec());
        }
        return NULL;
}

/* Two requests to one PHY never overlap, however many threads the pool has and however
 * the item is queued. */
static void test_never_two_runs_at_once(void **state)
{
        PhyWorkqueue *wq;
        TestItem t;
        Hammer h;
        pthread_t threads[3];

        assert_int_equal(phy_workqueue_new(4, &wq), 0);
        item_init(&t);
        h = (Hammer) { .wq = wq, .item = &t };
        for (size_t i = 0; i < ELEMENTSOF(threads); i++)
                assert_int_equal(pthread_create(&threads[i], NULL, hammer_main, &h), 0);
        for (size_t i = 0; i < ELEMENTSOF(threads); i++)
                pthread_join(threads[i], NULL);
        /* Queued 6000 times: it runs at least once (the cancel may take a pending run). */
        sem_wait(&t.finished);

        phy_work_cancel_sync(wq, &t.work);
        assert_int_equal(atomic_load(&t.max_inside), 1);
        wq = phy_workqueue_free(wq);
        item_done(&t);
}

/* Queued while it runs (a request arriving during the state machine's run): it runs once
 * more after this run, not beside it. */
static void test_queued_while_running_runs_again(void **state)
{
        PhyWorkqueue *wq;
        TestItem t;

        assert_int_equal(phy_workqueue_new(2, &wq), 0);
        item_init(&t);
        t.block = true;
        phy_work_queue(wq, &t.work);
        sem_wait(&t.started);
        phy_work_queue(wq, &t.work);
        phy_work_queue(wq, &t.work); /* the same pending run */
        sem_post(&t.release);

        sem_wait(&t.finished);
        sem_wait(&t.finished);
        phy_work_cancel_sync(wq, &t.work);
        assert_int_equal(atomic_load(&t.runs), 2);
        assert_int_equal(atomic_load(&t.max_inside), 1);
        wq = phy_workqueue_free(wq);
        item_done(&t);
}

/* Delayed work fires at or after its due time, never before; rescheduling replaces the due
 * time; items due at different times all fire. */
static void test_timers_fire_not_before_due(void **state)
{
        static const uint64_t delays_usec[] = { 3000, 1000, 2000, 1500, 0 };
        TestItem items[ELEMENTSOF(delays_usec)];
        PhyWorkqueue *wq;
        uint64_t now;

        assert_int_equal(phy_workqueue_new(2, &wq), 0);
        now = now_usec();
        for (size_t i = 0; i < ELEMENTSOF(items); i++) {
                item_init(&items[i]);
                /* First far away, then moved to its real time. */
                phy_work_schedule(wq, &items[i].work, now + USEC_PER_SEC * 3600);
                items[i].due_usec = now + delays_usec[i];
                phy_work_schedule(wq, &items[i].work, items[i].due_usec);
        }
        for (size_t i = 0; i < ELEMENTSOF(items); i++) {
                sem_wait(&items[i].finished);
                assert_true(items[i].ran_usec >= items[i].due_usec);
                assert_int_equal(atomic_load(&items[i].runs), 1);
        }
        wq = phy_workqueue_free(wq);
        for (size_t i = 0; i < ELEMENTSOF(items); i++)
                item_done(&items[i]);
}

typedef struct Canceller {
        PhyWorkqueue *wq;
        TestItem *item;
        int runs_seen; /* the item's finished runs when cancel_sync() returned */
} Canceller;

static void *cancel_main(void *userdata)
{
        Canceller *c = userdata;

        phy_work_cancel_sync(c->wq, &c->item->work);
        c->runs_seen = atomic_load(&c->item->runs);
        return NULL;
}

/* Stop of one PHY: its running item ends first, then nothing of it runs again. */
static void test_cancel_waits_and_ends_the_item(void **state)
{
        PhyWorkqueue *wq;
        TestItem t;
        Canceller c;
        pthread_t thread;

        assert_int_equal(phy_workqueue_new(2, &wq), 0);
        item_init(&t);
        t.block = true;
        phy_work_queue(wq, &t.work);
        sem_wait(&t.started);
        /* Its next timer, far enough not to fire before the cancel takes it away. */
        phy_work_schedule(wq, &t.work, now_usec() + USEC_PER_SEC * 3600);

        c = (Canceller) { .wq = wq, .item = &t };
        assert_int_equal(pthread_create(&thread, NULL, cancel_main, &c), 0);
        sem_post(&t.release);
        pthread_join(thread, NULL);
        assert_int_equal(c.runs_seen, 1);

        /* Queued or scheduled after the cancel: ignored. */
        phy_work_queue(wq, &t.work);
        phy_work_schedule(wq, &t.work, now_usec());
        wq = phy_workqueue_free(wq);
        assert_int_equal(atomic_load(&t.runs), 1);
        item_done(&t);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_blocked_item_does_not_stall_others),
                cmocka_unit_test(test_never_two_runs_at_once),
                cmocka_unit_test(test_queued_while_running_runs_again),
                cmocka_unit_test(test_timers_fire_not_before_due),
                cmocka_unit_test(test_cancel_waits_and_ends_the_item),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
