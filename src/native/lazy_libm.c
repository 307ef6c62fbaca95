/*
 * libm, loaded only if it is ever called (see build.rs).
 *
 * The one libm function the azrs binary refers to is `pow`, from tokio's multi-threaded
 * scheduler (its busy-time average), which azrs never starts: it runs on a current-thread
 * runtime, but azure_core turns tokio's multi-threaded runtime on, so its code is linked in.
 * That one reference made the dynamic loader map and relocate libm.so.6 at every start, about
 * 50 µs of each command. The binary links with --wrap=pow, so the reference lands here; the
 * first call (none today) opens libm with dlopen and passes every call on to its `pow`, the same
 * function (the default version, as the link would have chosen) a direct link would call.
 */
#include <dlfcn.h>
#include <stdlib.h>

typedef double (*pow_fn)(double, double);

static pow_fn real_pow;

double __wrap_pow(double x, double y)
{
    pow_fn f = __atomic_load_n(&real_pow, __ATOMIC_ACQUIRE);
    if (!f) {
        void *libm = dlopen("libm.so.6", RTLD_NOW | RTLD_LOCAL);
        f = libm ? (pow_fn)dlsym(libm, "pow") : NULL;
        /* glibc ships libm with every libc; without it there is no answer to give. */
        if (!f)
            abort();
        __atomic_store_n(&real_pow, f, __ATOMIC_RELEASE);
    }
    return f(x, y);
}
