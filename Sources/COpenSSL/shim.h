#pragma once
#include <dlfcn.h>
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <openssl/evp.h>

/* libcrypto is loaded when a command first hashes or signs (ingest, probe, verify, catalogue import),
   not linked: linked, the loader relocates and initialises its 4.5 MB at every start-up, about a
   tenth of a cold `advisor recommend`, which never hashes. The headers give the types and
   constants only; every function is reached through the pointers looked up once, under
   pthread_once because ingest hashes on its reading thread while other threads may sign. */
typedef EVP_MD_CTX *(*ccrypto_fn_ctx_new)(void);
typedef void (*ccrypto_fn_ctx_free)(EVP_MD_CTX *);
typedef const EVP_MD *(*ccrypto_fn_sha256)(void);
typedef int (*ccrypto_fn_digest_init)(EVP_MD_CTX *, const EVP_MD *, ENGINE *);
typedef int (*ccrypto_fn_digest_update)(EVP_MD_CTX *, const void *, size_t);
typedef int (*ccrypto_fn_digest_final)(EVP_MD_CTX *, unsigned char *, unsigned int *);
typedef unsigned char *(*ccrypto_fn_hmac)(const EVP_MD *, const void *, int, const unsigned char *, size_t,
                                          unsigned char *, unsigned int *);

struct ccrypto_functions {
    ccrypto_fn_ctx_new ctx_new;
    ccrypto_fn_ctx_free ctx_free;
    ccrypto_fn_sha256 sha256;
    ccrypto_fn_digest_init digest_init;
    ccrypto_fn_digest_update digest_update;
    ccrypto_fn_digest_final digest_final;
    ccrypto_fn_hmac hmac;
    /* NULL when every function was found; otherwise what dlopen or dlsym said. */
    const char *failure;
};

/* Function-local statics: Swift emits a header's inline functions, not its global variables. */
static inline struct ccrypto_functions *ccrypto_storage(void) {
    static struct ccrypto_functions loaded;
    return &loaded;
}

static inline void ccrypto_load(void) {
    struct ccrypto_functions *loaded = ccrypto_storage();
    void *library = dlopen("libcrypto.so.3", RTLD_NOW | RTLD_LOCAL);
    if (!library) {
        /* dlerror's text lives until the next dl call on this thread: keep a copy. */
        static char message[512];
        const char *error = dlerror();
        snprintf(message, sizeof message, "%s", error ? error : "dlopen failed");
        loaded->failure = message;
        return;
    }
#define CCRYPTO_FIND(field, name) \
    if (!(loaded->field = (__typeof__(loaded->field))dlsym(library, name))) { \
        loaded->failure = "libcrypto.so.3 lacks " name; return; }
    CCRYPTO_FIND(ctx_new, "EVP_MD_CTX_new")
    CCRYPTO_FIND(ctx_free, "EVP_MD_CTX_free")
    CCRYPTO_FIND(sha256, "EVP_sha256")
    CCRYPTO_FIND(digest_init, "EVP_DigestInit_ex")
    CCRYPTO_FIND(digest_update, "EVP_DigestUpdate")
    CCRYPTO_FIND(digest_final, "EVP_DigestFinal_ex")
    CCRYPTO_FIND(hmac, "HMAC")
#undef CCRYPTO_FIND
}

/* The functions, loaded on the first call; check `failure` before using any. */
static inline const struct ccrypto_functions *ccrypto(void) {
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, ccrypto_load);
    return ccrypto_storage();
}
