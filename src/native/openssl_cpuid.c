/*
 * OpenSSL's CPU feature detection, held back from start-up (see build.rs).
 *
 * OpenSSL's x86-64 build calls OPENSSL_cpuid_setup from the `.init` section of every process
 * that links it. The azrs binary links with --wrap=OPENSSL_cpuid_setup, so that call and
 * OpenSSL's own (from its lazy initialisation, OPENSSL_init_crypto, which the `openssl`
 * crate runs before its first use of the library) land here. glibc runs `.init` before the
 * constructors of `.init_array`, so the first call, from `.init`, finds `started` still 0 and
 * does nothing; every later call is passed on. Missing a call could only leave OpenSSL on its
 * generic code paths (slower, same results), never change what it computes.
 */
void __real_OPENSSL_cpuid_setup(void);

static int started;

void __wrap_OPENSSL_cpuid_setup(void)
{
    if (started)
        __real_OPENSSL_cpuid_setup();
}

__attribute__((constructor)) static void azrs_openssl_cpuid_started(void)
{
    started = 1;
}
