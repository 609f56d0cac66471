package dev.strand.protocol.ws.internal;

import dev.strand.protocol.ws.WsWire;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/** {@code Sec-WebSocket-Key} and {@code Sec-WebSocket-Accept} (RFC 6455 §4.1, §4.2.2). Stateless. */
public final class HandshakeKeys {

    private HandshakeKeys() {
    }

    /** A fresh key: 16 random bytes, base64. */
    public static String newKey(SecureRandom random) {
        byte[] nonce = new byte[WsWire.KEY_NONCE_LENGTH];
        random.nextBytes(nonce);
        return Base64.getEncoder().encodeToString(nonce);
    }

    /** The accept value a server answers {@code key} with: base64(SHA-1(key + GUID)). */
    public static String accept(String key) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            sha1.update(key.getBytes(StandardCharsets.US_ASCII));
            sha1.update(WsWire.ACCEPT_GUID);
            return Base64.getEncoder().encodeToString(sha1.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-1, which RFC 6455 requires", e);
        }
    }

    /** Whether {@code key} is base64 of exactly 16 bytes, as a client must send. */
    public static boolean isValidKey(String key) {
        try {
            return Base64.getDecoder().decode(key).length == WsWire.KEY_NONCE_LENGTH;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
