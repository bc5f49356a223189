#ifndef NAKER_CCURL_SHIM_H
#define NAKER_CCURL_SHIM_H

#include <curl/curl.h>

// curl_easy_setopt is variadic, which Swift cannot call: one typed wrapper per argument kind.
static inline CURLcode naker_curl_setopt_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode naker_curl_setopt_string(CURL *handle, CURLoption option, const char *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode naker_curl_setopt_pointer(CURL *handle, CURLoption option, void *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode naker_curl_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value) {
    return curl_easy_setopt(handle, option, value);
}

typedef size_t (*naker_curl_write_callback)(char *data, size_t size, size_t count, void *context);

static inline CURLcode naker_curl_setopt_write_function(
    CURL *handle, CURLoption option, naker_curl_write_callback value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode naker_curl_setopt_xferinfo_function(CURL *handle, curl_xferinfo_callback value) {
    return curl_easy_setopt(handle, CURLOPT_XFERINFOFUNCTION, value);
}

static inline CURLcode naker_curl_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return curl_easy_getinfo(handle, info, value);
}

// CURLVERSION_NOW is a macro Swift does not import.
static inline const curl_version_info_data *naker_curl_version_info(void) {
    return curl_version_info(CURLVERSION_NOW);
}

#endif
