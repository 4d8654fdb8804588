#pragma once
#include <curl/curl.h>
#include <dlfcn.h>

/* libcurl is loaded when a command first needs it (probe, verify), not linked: linked, it brings
   some thirty shared libraries (TLS, Kerberos, LDAP, IDN …) that every command would pay to load and
   relocate at start-up, about half of a cold `advisor recommend`. Each call goes through the symbol
   looked up once. A missing libcurl makes ccurl_easy_init return NULL, which the caller reports. */
static inline void *ccurl_library(void) {
    static void *library = NULL;
    if (!library) library = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
    return library;
}
#define CCURL_SYMBOL(type, name) \
    static type cached = NULL; \
    if (!cached && ccurl_library()) cached = (type)dlsym(ccurl_library(), name);

typedef CURLcode (*ccurl_fn_global_init)(long);
typedef CURL *(*ccurl_fn_easy_init)(void);
typedef void (*ccurl_fn_handle)(CURL *);
typedef CURLcode (*ccurl_fn_perform)(CURL *);
typedef const char *(*ccurl_fn_strerror)(CURLcode);
typedef struct curl_slist *(*ccurl_fn_slist_append)(struct curl_slist *, const char *);
typedef void (*ccurl_fn_slist_free)(struct curl_slist *);
typedef CURLcode (*ccurl_setopt_function)(CURL *, CURLoption, ...);
typedef CURLcode (*ccurl_getinfo_function)(CURL *, CURLINFO, ...);

static inline CURLcode ccurl_global_init(long flags) {
    CCURL_SYMBOL(ccurl_fn_global_init, "curl_global_init")
    return cached ? cached(flags) : CURLE_FAILED_INIT;
}
static inline CURL *ccurl_easy_init(void) {
    CCURL_SYMBOL(ccurl_fn_easy_init, "curl_easy_init")
    return cached ? cached() : NULL;
}
static inline void ccurl_easy_cleanup(CURL *handle) {
    CCURL_SYMBOL(ccurl_fn_handle, "curl_easy_cleanup")
    if (cached) cached(handle);
}
static inline void ccurl_easy_reset(CURL *handle) {
    CCURL_SYMBOL(ccurl_fn_handle, "curl_easy_reset")
    if (cached) cached(handle);
}
static inline CURLcode ccurl_easy_perform(CURL *handle) {
    CCURL_SYMBOL(ccurl_fn_perform, "curl_easy_perform")
    return cached ? cached(handle) : CURLE_FAILED_INIT;
}
static inline const char *ccurl_easy_strerror(CURLcode code) {
    CCURL_SYMBOL(ccurl_fn_strerror, "curl_easy_strerror")
    return cached ? cached(code) : "libcurl.so.4 could not be loaded";
}
static inline struct curl_slist *ccurl_slist_append(struct curl_slist *list, const char *text) {
    CCURL_SYMBOL(ccurl_fn_slist_append, "curl_slist_append")
    return cached ? cached(list, text) : NULL;
}
static inline void ccurl_slist_free_all(struct curl_slist *list) {
    CCURL_SYMBOL(ccurl_fn_slist_free, "curl_slist_free_all")
    if (cached) cached(list);
}
static inline ccurl_setopt_function ccurl_setopt_symbol(void) {
    CCURL_SYMBOL(ccurl_setopt_function, "curl_easy_setopt")
    return cached;
}
static inline ccurl_getinfo_function ccurl_getinfo_symbol(void) {
    CCURL_SYMBOL(ccurl_getinfo_function, "curl_easy_getinfo")
    return cached;
}
#define curl_easy_setopt(handle, option, value) (ccurl_setopt_symbol() ? ccurl_setopt_symbol()((handle), (option), (value)) : CURLE_FAILED_INIT)
#define curl_easy_getinfo(handle, info, value) (ccurl_getinfo_symbol() ? ccurl_getinfo_symbol()((handle), (info), (value)) : CURLE_FAILED_INIT)

/* curl_easy_setopt and curl_easy_getinfo are variadic, which Swift cannot call: typed wrappers. */
static inline CURLcode ccurl_setopt_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}
static inline CURLcode ccurl_setopt_string(CURL *handle, CURLoption option, const char *value) {
    return curl_easy_setopt(handle, option, value);
}
static inline CURLcode ccurl_setopt_pointer(CURL *handle, CURLoption option, void *value) {
    return curl_easy_setopt(handle, option, value);
}
static inline CURLcode ccurl_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value) {
    return curl_easy_setopt(handle, option, value);
}
typedef size_t (*ccurl_callback)(char *data, size_t size, size_t count, void *context);
static inline CURLcode ccurl_setopt_callback(CURL *handle, CURLoption option, ccurl_callback value) {
    return curl_easy_setopt(handle, option, value);
}
static inline CURLcode ccurl_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return curl_easy_getinfo(handle, info, value);
}
static inline CURLcode ccurl_getinfo_off(CURL *handle, CURLINFO info, curl_off_t *value) {
    return curl_easy_getinfo(handle, info, value);
}
typedef int (*ccurl_xferinfo)(void *context, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal, curl_off_t ulnow);
static inline CURLcode ccurl_setopt_xferinfo(CURL *handle, ccurl_xferinfo value) {
    return curl_easy_setopt(handle, CURLOPT_XFERINFOFUNCTION, value);
}
