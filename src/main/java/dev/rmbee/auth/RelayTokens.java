package dev.rmbee.auth;

import dev.rmbee.identity.Signer;
import jakarta.json.Json;
import jakarta.json.JsonBuilderFactory;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.stream.JsonParser.Event;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The relay JWT format (auth.md §2): {@code b64url(header).b64url(claims).b64url(sig65)} where the
 * header names the fixed label {@code RS512} (not RSA) and the 65-byte prefixed signature covers the
 * ASCII text {@code header.claims} itself (no digest).
 */
public final class RelayTokens {

    /** The one algorithm label RMB uses. */
    public static final String ALGORITHM = "RS512";

    /** The header rmb-peer sends: {@code {"alg":"RS512"}}. */
    static final String HEADER_JSON = "{\"alg\":\"RS512\"}";

    /** JWA names a header may carry and still parse (only RS512 then verifies). */
    private static final Set<String> KNOWN_ALGORITHMS = Set.of(
            "HS256", "HS384", "HS512", "RS256", "RS384", "RS512", "ES256", "ES384", "ES512", "PS256", "PS384", "PS512",
            "none");

    private static final BigInteger U64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
    private static final Pattern DIGITS = Pattern.compile("[0-9]+");
    /** Longer than any u64 even with leading zeros that matter to nobody: refused unparsed. */
    private static final int MAX_DIGITS = 40;

    // found once: Json.createBuilderFactory would search for the JSON provider again on every token
    private static final JsonBuilderFactory BUILDERS = Json.createBuilderFactory(Map.of());

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64_DECODER = Base64.getUrlDecoder();

    private RelayTokens() {}

    /** A token in the reference's shape: header {@code {"alg":"RS512"}}, claims sub, sid, iat, exp. */
    public static String create(Signer signer, int twin, String sid, long issuedAt, long expiresAt) {
        JsonObjectBuilder claims = BUILDERS.createObjectBuilder().add("sub", Integer.toUnsignedLong(twin));
        if (sid == null) {
            claims.addNull("sid");
        } else {
            claims.add("sid", sid);
        }
        String claimsJson = claims.add("iat", new BigInteger(Long.toUnsignedString(issuedAt)))
                .add("exp", new BigInteger(Long.toUnsignedString(expiresAt)))
                .build()
                .toString();
        String signed = encode(HEADER_JSON) + "." + encode(claimsJson);
        byte[] signature = signer.sign(signed.getBytes(StandardCharsets.US_ASCII));
        return signed + "." + B64.encodeToString(signature);
    }

    /**
     * Splits and decodes a token without verifying it. The result keeps the signed text and the
     * raw signature for {@link TokenVerifier}.
     *
     * @throws AuthenticationException (401) describing the first malformed part
     */
    public static ParsedToken parse(String token) throws AuthenticationException {
        int first = token.indexOf('.');
        if (first < 0) {
            throw malformed("No claims component found in token string");
        }
        int second = token.indexOf('.', first + 1);
        if (second < 0) {
            throw malformed("No signature component found in token string");
        }
        if (token.indexOf('.', second + 1) >= 0) {
            throw malformed("Too many components found in token string");
        }
        String algorithm = headerAlgorithm(TokenJson.members(text(token.substring(0, first), "header"), "header"));
        TokenClaims claims = claims(TokenJson.members(text(token.substring(first + 1, second), "claims"), "claims"));
        byte[] signature;
        try {
            signature = B64_DECODER.decode(token.substring(second + 1));
        } catch (IllegalArgumentException e) {
            throw malformed("invalid base64 in signature: " + e.getMessage());
        }
        return new ParsedToken(algorithm, claims, token.substring(0, second), signature);
    }

    /** A decoded, not yet verified token. */
    public record ParsedToken(String algorithm, TokenClaims claims, String signedText, byte[] signature) {}

    private static String headerAlgorithm(Map<String, TokenJson.Member> header) throws AuthenticationException {
        TokenJson.Member alg = header.get("alg");
        if (alg == null || alg.kind() != Event.VALUE_STRING) {
            throw malformed("header: missing or invalid field `alg`");
        }
        if (!KNOWN_ALGORITHMS.contains(alg.text())) {
            throw malformed("header: unknown algorithm `" + alg.text() + "`");
        }
        for (String member : new String[] {"typ", "cty"}) {
            TokenJson.Member value = header.get(member);
            if (value != null
                    && !value.isNull()
                    && !(value.kind() == Event.VALUE_STRING && value.text().equals("JWT"))) {
                throw malformed("header: `" + member + "` must be \"JWT\"");
            }
        }
        return alg.text();
    }

    private static TokenClaims claims(Map<String, TokenJson.Member> claims) throws AuthenticationException {
        long sub = unsigned(claims, "sub", BigInteger.valueOf(0xFFFF_FFFFL));
        TokenJson.Member sidValue = claims.get("sid");
        String sid;
        if (sidValue == null || sidValue.isNull()) {
            sid = null;
        } else if (sidValue.kind() == Event.VALUE_STRING) {
            sid = sidValue.text();
        } else {
            throw malformed("claims: invalid type for field `sid`, expected a string or null");
        }
        long iat = unsigned(claims, "iat", U64_MAX);
        long exp = unsigned(claims, "exp", U64_MAX);
        return new TokenClaims((int) sub, sid, iat, exp);
    }

    /** An unsigned integer written as plain digits (no sign, fraction or exponent), up to {@code max}. */
    private static long unsigned(Map<String, TokenJson.Member> claims, String name, BigInteger max)
            throws AuthenticationException {
        TokenJson.Member value = claims.get(name);
        if (value == null) {
            throw malformed("claims: missing field `" + name + "`");
        }
        if (value.kind() != Event.VALUE_NUMBER || !DIGITS.matcher(value.text()).matches()) {
            throw malformed("claims: invalid type for field `" + name + "`, expected an unsigned integer");
        }
        if (value.text().length() > MAX_DIGITS || new BigInteger(value.text()).compareTo(max) > 0) {
            throw malformed("claims: field `" + name + "` is out of range");
        }
        return new BigInteger(value.text()).longValue();
    }

    private static String text(String part, String what) throws AuthenticationException {
        try {
            return new String(B64_DECODER.decode(part), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw malformed("invalid base64 in " + what + ": " + e.getMessage());
        }
    }

    private static String encode(String json) {
        return B64.encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    static AuthenticationException malformed(String detail) {
        return new AuthenticationException(401, "invalid jwt: jwt: " + detail);
    }
}
