package org.sunlight.ledger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

import org.jdbi.v3.core.Jdbi;
import org.sunlight.app.Rejected;
import org.sunlight.audit.AuditLog;

/**
 * Personal, expiring links that let committee and property staff (who use WeChat, not passwords)
 * upload ledgers for one complex. Only the token's SHA-256 is stored; each link carries its own
 * CSRF token for the forms. Thread-safe.
 */
public final class UploadLinks {

    /** How long a link works after it was sent. */
    public static final Duration LIFETIME = Duration.ofHours(2);

    private final Jdbi jdbi;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public UploadLinks(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    /** A verified link: who may upload, for which complex. */
    public record Link(String tokenHash, long personId, long complexId, String csrf, long expiresAt) {
    }

    /** Creates a link for the person and complex; returns the secret token (shown once, in chat). */
    public String issue(long personId, long complexId) {
        String token = randomToken();
        String csrf = randomToken();
        long now = clock.millis();
        jdbi.useTransaction(handle -> handle.createUpdate("INSERT INTO ledger_link (token_hash, person_id, complex_id, "
                        + "csrf, created_at, expires_at) VALUES (:hash, :person, :complex, :csrf, :now, :expires)")
                .bind("hash", AuditLog.sha256Hex(token)).bind("person", personId).bind("complex", complexId)
                .bind("csrf", csrf).bind("now", now).bind("expires", now + LIFETIME.toMillis()).execute());
        return token;
    }

    /** The link for a token, refused (403, in Chinese) when unknown or expired. */
    public Link verify(String token) {
        if (token == null || token.isBlank() || token.length() > 100) {
            throw Rejected.forbidden("链接无效。请在群里或私聊中向我发送“记账”获取新的上传链接");
        }
        Optional<Link> link = jdbi.withHandle(handle -> handle.createQuery("SELECT token_hash, person_id, complex_id, "
                        + "csrf, expires_at FROM ledger_link WHERE token_hash = :hash")
                .bind("hash", AuditLog.sha256Hex(token))
                .map((rs, ctx) -> new Link(rs.getString("token_hash"), rs.getLong("person_id"),
                        rs.getLong("complex_id"), rs.getString("csrf"), rs.getLong("expires_at"))).findOne());
        if (link.isEmpty()) {
            throw Rejected.forbidden("链接无效。请在群里或私聊中向我发送“记账”获取新的上传链接");
        }
        if (link.get().expiresAt() <= clock.millis()) {
            throw Rejected.forbidden("链接已过期（有效期 2 小时）。请向我发送“记账”获取新的上传链接");
        }
        return link.get();
    }

    /** Verifies the token and the form's CSRF token together. */
    public Link verify(String token, String csrf) {
        Link link = verify(token);
        if (csrf == null || !MessageDigest.isEqual(csrf.getBytes(StandardCharsets.UTF_8),
                link.csrf().getBytes(StandardCharsets.UTF_8))) {
            throw Rejected.forbidden("表单已失效，请重新打开上传链接");
        }
        return link;
    }

    private String randomToken() {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
