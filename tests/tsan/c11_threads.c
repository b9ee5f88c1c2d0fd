/* For the tsan preset only. glibc 2.34+ implements C11 threads (thrd_create, mtx_lock,
 * cnd_wait, ...) on its internal pthread functions, which ThreadSanitizer's interceptors never
 * see: a thread started by thrd_create crashes in the sanitizer's allocator, and its mutexes are
 * invisible. librdkafka uses C11 threads, so no Kafka test could run under tsan. These
 * definitions come before libc's in symbol lookup and forward each call to the public pthread
 * function that tsan intercepts. glibc's C11 types wrap the pthread ones of the same size. */
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <threads.h>

_Static_assert(sizeof(mtx_t) == sizeof(pthread_mutex_t), "mtx_t wraps pthread_mutex_t");
_Static_assert(sizeof(cnd_t) == sizeof(pthread_cond_t), "cnd_t wraps pthread_cond_t");
_Static_assert(sizeof(thrd_t) == sizeof(pthread_t), "thrd_t is pthread_t");

static int result(int err) {
    switch (err) {
    case 0:
        return thrd_success;
    case ETIMEDOUT:
        return thrd_timedout;
    case EBUSY:
        return thrd_busy;
    case ENOMEM:
    case EAGAIN:
        return thrd_nomem;
    default:
        return thrd_error;
    }
}

struct start {
    thrd_start_t func;
    void *arg;
};

static void *trampoline(void *p) {
    struct start s = *(struct start *)p;
    free(p);
    return (void *)(intptr_t)s.func(s.arg);
}

int thrd_create(thrd_t *thr, thrd_start_t func, void *arg) {
    struct start *s = malloc(sizeof *s);
    if (!s) {
        return thrd_nomem;
    }
    s->func = func;
    s->arg = arg;
    const int err = pthread_create((pthread_t *)thr, NULL, trampoline, s);
    if (err) {
        free(s);
    }
    return result(err);
}

int thrd_join(thrd_t thr, int *res) {
    void *value = NULL;
    const int err = pthread_join((pthread_t)thr, &value);
    if (!err && res) {
        *res = (int)(intptr_t)value;
    }
    return result(err);
}

int thrd_detach(thrd_t thr) {
    return result(pthread_detach((pthread_t)thr));
}

int mtx_init(mtx_t *m, int type) {
    pthread_mutexattr_t attr;
    pthread_mutexattr_init(&attr);
    pthread_mutexattr_settype(&attr, (type & mtx_recursive) ? PTHREAD_MUTEX_RECURSIVE
                                                            : PTHREAD_MUTEX_NORMAL);
    const int err = pthread_mutex_init((pthread_mutex_t *)m, &attr);
    pthread_mutexattr_destroy(&attr);
    return result(err);
}

int mtx_lock(mtx_t *m) {
    return result(pthread_mutex_lock((pthread_mutex_t *)m));
}

int mtx_trylock(mtx_t *m) {
    return result(pthread_mutex_trylock((pthread_mutex_t *)m));
}

int mtx_timedlock(mtx_t *restrict m, const struct timespec *restrict at) {
    return result(pthread_mutex_timedlock((pthread_mutex_t *)m, at));
}

int mtx_unlock(mtx_t *m) {
    return result(pthread_mutex_unlock((pthread_mutex_t *)m));
}

void mtx_destroy(mtx_t *m) {
    pthread_mutex_destroy((pthread_mutex_t *)m);
}

int cnd_init(cnd_t *c) {
    return result(pthread_cond_init((pthread_cond_t *)c, NULL));
}

int cnd_signal(cnd_t *c) {
    return result(pthread_cond_signal((pthread_cond_t *)c));
}

int cnd_broadcast(cnd_t *c) {
    return result(pthread_cond_broadcast((pthread_cond_t *)c));
}

int cnd_wait(cnd_t *c, mtx_t *m) {
    return result(pthread_cond_wait((pthread_cond_t *)c, (pthread_mutex_t *)m));
}

int cnd_timedwait(cnd_t *restrict c, mtx_t *restrict m, const struct timespec *restrict at) {
    return result(pthread_cond_timedwait((pthread_cond_t *)c, (pthread_mutex_t *)m, at));
}

void cnd_destroy(cnd_t *c) {
    pthread_cond_destroy((pthread_cond_t *)c);
}

_Noreturn void thrd_exit(int res) {
    pthread_exit((void *)(intptr_t)res);
}

_Static_assert(sizeof(once_flag) == sizeof(pthread_once_t), "once_flag wraps pthread_once_t");

void call_once(once_flag *flag, void (*func)(void)) {
    pthread_once((pthread_once_t *)flag, func);
}
