package dev.rmbee.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Objects;

/**
 * Checks HTTP Basic {@code Authorization} headers against the administrator's user and password.
 * Only SHA-256 digests of them are kept, and a presented pair is compared digest to digest with
 * {@link MessageDigest#isEqual}, so the time taken depends neither on where the first difference
 * is nor on the length of the secret.
 */
public final class AdminCredentials {

    private static final String SCHEME = "Basic";

    private final String user;
    private final byte[] userDigest;
    private final byte[] passwordDigest;

    public AdminCredentials(String user, String password) {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        if (user.indexOf(':') >= 0) {
            throw new IllegalArgumentException("an HTTP Basic user name cannot contain ':'");
        }
        this.user = user;
        this.userDigest = sha256(user);
        this.passwordDigest = sha256(password);
    }

    /** The administrator's user name. */
    public String user() {
        return user;
    }

    /** How an {@code Authorization} header compares with these credentials. */
    public enum Result {
        /** {@code Basic base64(user:password)} with this user and password. */
        ACCEPTED,
        /** A user and password, but not these: a guess, which the lockout counts. */
        WRONG,
        /** No user and password at all: no header, another scheme, not base64, or no ':'. */
        NONE
    }

    /** True when {@code authorization} is {@code Basic base64(user:password)} with these credentials. */
    public boolean accepts(String authorization) {
        return check(authorization) == Result.ACCEPTED;
    }

    /** Whether {@code authorization} carries these credentials, other ones, or none. */
    public Result check(String authorization) {
        if (authorization == null
                || authorization.length() <= SCHEME.length()
                || !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())
                || authorization.charAt(SCHEME.length()) != ' ') {
            return Result.NONE;
        }
        String decoded;
        try {
            decoded = new String(
                    Base64.getDecoder()
                            .decode(authorization.substring(SCHEME.length()).trim()),
                    StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Result.NONE;
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return Result.NONE;
        }
        boolean userMatches = MessageDigest.isEqual(sha256(decoded.substring(0, colon)), userDigest);
        boolean passwordMatches = MessageDigest.isEqual(sha256(decoded.substring(colon + 1)), passwordDigest);
        return userMatches & passwordMatches ? Result.ACCEPTED : Result.WRONG;
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    @Override
    public String toString() {
        return "AdminCredentials{user=" + user + "}";
    }
}
