package dev.strand.secure.streams.policy;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The HTTP keys of a streamtype (h1, h2, h3, and ws for its upgrade request). Immutable.
 *
 * @param method          {@code http_method}; absent for ws (lws skips the upgrade when a method is set)
 * @param url             {@code http_url}, with {@code ${meta}} substitutions
 * @param expect          {@code http_expect}: the one status that counts as success; absent means any 2xx
 * @param responseMap     {@code http_resp_map}: response status to application state (1000 and up), in policy order
 * @param failRedirect    {@code http_fail_redirect}: a redirect fails the connection (captive portal)
 * @param authHeader      {@code http_auth_header}: header carrying the auth token blob
 * @param dsnHeader       {@code http_dsn_header}: header carrying the device serial blob
 * @param fwvHeader       {@code http_fwv_header}: header carrying the firmware version blob
 * @param devtypeHeader   {@code http_devtype_header}: header carrying the device type blob
 * @param authPreamble    {@code http_auth_preamble}: text before the auth token, e.g. {@code "Bearer "}
 * @param multipartName   {@code http_multipart_name}
 * @param multipartFilename {@code http_multipart_filename}
 * @param mimeContentType {@code http_mime_content_type} (lws's README calls it http_multipart_content_type)
 */
public record HttpSettings(Optional<String> method, Optional<Template> url, OptionalInt expect,
                           Map<Integer, Integer> responseMap, boolean failRedirect,
                           Optional<String> authHeader, Optional<String> dsnHeader, Optional<String> fwvHeader,
                           Optional<String> devtypeHeader, Optional<String> authPreamble,
                           Optional<String> multipartName, Optional<String> multipartFilename,
                           Optional<String> mimeContentType) {

    public HttpSettings {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(expect, "expect");
        responseMap = Collections.unmodifiableMap(new LinkedHashMap<>(responseMap));
        Objects.requireNonNull(authHeader, "authHeader");
        Objects.requireNonNull(dsnHeader, "dsnHeader");
        Objects.requireNonNull(fwvHeader, "fwvHeader");
        Objects.requireNonNull(devtypeHeader, "devtypeHeader");
        Objects.requireNonNull(authPreamble, "authPreamble");
        Objects.requireNonNull(multipartName, "multipartName");
        Objects.requireNonNull(multipartFilename, "multipartFilename");
        Objects.requireNonNull(mimeContentType, "mimeContentType");
    }

    /** Whether the body is sent as a multipart section (any of the multipart keys is set). */
    public boolean multipart() {
        return multipartName.isPresent() || multipartFilename.isPresent() || mimeContentType.isPresent();
    }

    /** Whether {@code status} counts as success: {@link #expect()} if set, otherwise any 2xx. */
    public boolean isSuccess(int status) {
        return expect.isPresent() ? status == expect.getAsInt() : status >= 200 && status < 300;
    }

    /** The application state {@code http_resp_map} assigns to {@code status}, if any. */
    public OptionalInt mappedState(int status) {
        Integer s = responseMap.get(status);
        return s == null ? OptionalInt.empty() : OptionalInt.of(s);
    }
}
