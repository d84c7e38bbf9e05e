#ifndef REEL_CCURL_SHIM_H
#define REEL_CCURL_SHIM_H

#include <curl/curl.h>

// curl_easy_setopt and curl_easy_getinfo are variadic, which Swift cannot call: these typed
// wrappers pass each kind of argument with the type libcurl expects for it.

/// Sets an option that takes a `long`.
static inline CURLcode reel_curl_set_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}

/// Sets an option that takes a `curl_off_t`.
static inline CURLcode reel_curl_set_off(CURL *handle, CURLoption option, curl_off_t value) {
    return curl_easy_setopt(handle, option, value);
}

/// Sets an option that takes a string (libcurl copies it).
static inline CURLcode reel_curl_set_string(CURL *handle, CURLoption option, const char *value) {
    return curl_easy_setopt(handle, option, value);
}

/// Sets an option that takes a data pointer (callback user data).
static inline CURLcode reel_curl_set_pointer(CURL *handle, CURLoption option, void *value) {
    return curl_easy_setopt(handle, option, value);
}

/// Sets CURLOPT_HTTPHEADER (the list must outlive the transfer).
static inline CURLcode reel_curl_set_headers(CURL *handle, struct curl_slist *headers) {
    return curl_easy_setopt(handle, CURLOPT_HTTPHEADER, headers);
}

/// The signature of CURLOPT_WRITEFUNCTION, CURLOPT_HEADERFUNCTION and CURLOPT_READFUNCTION.
typedef size_t (*reel_curl_data_callback)(char *buffer, size_t size, size_t count, void *context);

/// The signature of CURLOPT_XFERINFOFUNCTION.
typedef int (*reel_curl_progress_callback)(
    void *context, curl_off_t download_total, curl_off_t downloaded, curl_off_t upload_total, curl_off_t uploaded);

/// Sets CURLOPT_WRITEFUNCTION.
static inline CURLcode reel_curl_set_write_function(CURL *handle, reel_curl_data_callback callback) {
    return curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, callback);
}

/// Sets CURLOPT_HEADERFUNCTION.
static inline CURLcode reel_curl_set_header_function(CURL *handle, reel_curl_data_callback callback) {
    return curl_easy_setopt(handle, CURLOPT_HEADERFUNCTION, callback);
}

/// Sets CURLOPT_READFUNCTION.
static inline CURLcode reel_curl_set_read_function(CURL *handle, reel_curl_data_callback callback) {
    return curl_easy_setopt(handle, CURLOPT_READFUNCTION, callback);
}

/// Sets CURLOPT_XFERINFOFUNCTION (and turns progress callbacks on).
static inline CURLcode reel_curl_set_progress_function(CURL *handle, reel_curl_progress_callback callback) {
    CURLcode code = curl_easy_setopt(handle, CURLOPT_XFERINFOFUNCTION, callback);
    if (code != CURLE_OK) return code;
    return curl_easy_setopt(handle, CURLOPT_NOPROGRESS, 0L);
}

/// Reads CURLINFO_RESPONSE_CODE.
static inline long reel_curl_response_code(CURL *handle) {
    long code = 0;
    curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &code);
    return code;
}

/// `curl_global_init(CURL_GLOBAL_DEFAULT)`; call once before any other libcurl function.
static inline CURLcode reel_curl_global_init(void) { return curl_global_init(CURL_GLOBAL_DEFAULT); }

/// `CURL_ERROR_SIZE`, the size of the buffer CURLOPT_ERRORBUFFER points to.
static inline size_t reel_curl_error_size(void) { return CURL_ERROR_SIZE; }

/// `CURL_READFUNC_ABORT`, which stops a transfer from a read callback.
static inline size_t reel_curl_readfunc_abort(void) { return CURL_READFUNC_ABORT; }

#endif
