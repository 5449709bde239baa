package org.sunlight.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

import org.jdbi.v3.core.Jdbi;
import org.sunlight.app.Rejected;
import org.sunlight.audit.AuditLog;
import org.sunlight.audit.Canonical;
import org.sunlight.escalation.Officer;
import org.sunlight.registry.Person;
import org.sunlight.registry.Registry;

/**
 * Officers' web accounts: passwords (Argon2id), logins throttled per account and per address
 * ({@link #MAX_FAILURES} failures within {@link #LOCKOUT} lock both for that long), and server-side
 * sessions whose random 256-bit ids are stored only as SHA-256. Only community, town and discipline
 * officers, and committee or property staff (to answer questions), may log in. Passwords never reach logs or the audit log. Thread-safe.
 */
public final class Accounts {

    public static final int MAX_FAILURES = 5;
    public static final Duration LOCKOUT = Duration.ofMinutes(15);
    public static final Duration SESSION_LIFETIME = Duration.ofHours(12);
    public static final int MIN_PASSWORD_CHARS = 10;
    /** The password demo officers get in the bundled demo deployment (and only there). */
    public static final String DEMO_PASSWORD = "sunlight-demo";
    /**
     * {@link #DEMO_PASSWORD} hashed once, ahead of time: the password is published, so a fixed salt
     * hides nothing, and hashing it at start cost the quick start close to a second of its 5.
     */
    static final String DEMO_PASSWORD_HASH =
            "$argon2id$v=19$m=19456,t=2,p=1$sRgxWSYJZU7jLfq4aa3k0w$6AE8+3QN1n9vzpTmuw0orCkkEenwJ2N1gvg4Id3+/UU";

    private final Jdbi jdbi;
    private final Registry registry;
    private final AuditLog auditLog;
    private final Clock clock;
    private final PasswordHasher hasher = new PasswordHasher();
    private final SecureRandom random = new SecureRandom();

    public Accounts(Jdbi jdbi, Registry registry, AuditLog auditLog, Clock clock) {
        this.jdbi = jdbi;
        this.registry = registry;
        this.auditLog = auditLog;
        this.clock = clock;
    }

    /** How a login attempt ended. */
    public sealed interface LoginResult {
        /** Logged in: the cookie value to set (the raw session id) and the session. */
        record Success(String sessionId, WebSession session) implements LoginResult {
        }

        /** Wrong account or password (not told apart). */
        record Failed() implements LoginResult {
        }

        /** Too many failures for this account or address; try again later. */
        record Throttled() implements LoginResult {
        }
    }

    /** Sets a person's password; they must hold an officer or complex-staff role. */
    public void setPassword(String personCode, char[] password) {
        Person person = registry.personByCode(personCode)
                .orElseThrow(() -> Rejected.notFound("没有这个人：" + personCode));
        if (!Officer.of(registry, person).mayLogIn()) {
            throw Rejected.forbidden(personCode + " 不是社区、镇或纪委干部，也不是业委会或物业，不能登录管理页面");
        }
        if (password.length < MIN_PASSWORD_CHARS) {
            throw Rejected.invalid("密码至少" + MIN_PASSWORD_CHARS + "个字符");
        }
        store(person, hasher.hash(password));
    }

    private void store(Person person, String hash) {
        String personCode = person.code();
        jdbi.useTransaction(handle -> {
            handle.createUpdate("INSERT INTO web_password (person_id, hash, updated_at) VALUES (:person, :hash, :now) "
                            + "ON CONFLICT (person_id) DO UPDATE SET hash = :hash, updated_at = :now")
                    .bind("person", person.id()).bind("hash", hash).bind("now", clock.millis()).execute();
            // A new password ends every session of the old one.
            handle.createUpdate("DELETE FROM web_session WHERE person_id = :person").bind("person", person.id())
                    .execute();
            auditLog.append(personCode, "auth.password-set", "person:" + personCode,
                    Canonical.json(Map.of("person", personCode)));
        });
    }

    public boolean hasPassword(String personCode) {
        return registry.personByCode(personCode).map(person -> jdbi.withHandle(handle -> handle.createQuery(
                "SELECT count(*) FROM web_password WHERE person_id = :id").bind("id", person.id())
                .mapTo(Integer.class).one() > 0)).orElse(false);
    }

    /** Demo deployment only: gives everyone who may log in and has no password {@link #DEMO_PASSWORD}. */
    public int seedDemoPasswords() {
        int seeded = 0;
        for (Person person : registry.people()) {
            // The cheap check first: Officer.of reads the person's roles, hasPassword one row.
            if (!hasPassword(person.code()) && Officer.of(registry, person).mayLogIn()) {
                store(person, DEMO_PASSWORD_HASH);
                seeded++;
            }
        }
        return seeded;
    }

    public LoginResult login(String personCode, char[] password, String address) {
        String code = personCode == null ? "" : personCode.strip();
        String accountBucket = "login-account:" + code;
        String addressBucket = "login-address:" + address;
        Instant now = clock.instant();
        if (failures(accountBucket, now) >= MAX_FAILURES || failures(addressBucket, now) >= MAX_FAILURES) {
            return new LoginResult.Throttled();
        }
        Optional<Person> person = registry.personByCode(code);
        Optional<String> stored = person.flatMap(found -> jdbi.withHandle(handle -> handle.createQuery(
                "SELECT hash FROM web_password WHERE person_id = :id").bind("id", found.id())
                .mapTo(String.class).findOne()));
        boolean matches;
        if (stored.isPresent()) {
            matches = hasher.verify(password, stored.get());
        } else {
            hasher.burn(password);
            matches = false;
        }
        Officer officer = person.map(found -> Officer.of(registry, found)).orElse(null);
        if (!matches || officer == null || !officer.mayLogIn()) {
            jdbi.useTransaction(handle -> {
                for (String bucket : new String[] {accountBucket, addressBucket}) {
                    // Old failures no longer count; dropping them keeps the table small.
                    handle.createUpdate("DELETE FROM rate_event WHERE bucket = :bucket AND at <= :since")
                            .bind("bucket", bucket).bind("since", now.minus(LOCKOUT).toEpochMilli()).execute();
                    handle.createUpdate("INSERT INTO rate_event (bucket, at) VALUES (:bucket, :at)")
                            .bind("bucket", bucket).bind("at", now.toEpochMilli()).execute();
                }
            });
            return new LoginResult.Failed();
        }
        byte[] raw = new byte[32];
        random.nextBytes(raw);
        String sessionId = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        byte[] csrf = new byte[32];
        random.nextBytes(csrf);
        String csrfToken = Base64.getUrlEncoder().withoutPadding().encodeToString(csrf);
        Instant expires = now.plus(SESSION_LIFETIME);
        String idHash = sha256(sessionId);
        jdbi.useTransaction(handle -> {
            handle.createUpdate("DELETE FROM rate_event WHERE bucket = :bucket").bind("bucket", accountBucket)
                    .execute();
            handle.createUpdate("DELETE FROM web_session WHERE expires_at <= :now").bind("now", now.toEpochMilli())
                    .execute();
            handle.createUpdate("INSERT INTO web_session (id_hash, person_id, csrf_token, created_at, expires_at) "
                            + "VALUES (:id, :person, :csrf, :now, :expires)")
                    .bind("id", idHash).bind("person", officer.person().id()).bind("csrf", csrfToken)
                    .bind("now", now.toEpochMilli()).bind("expires", expires.toEpochMilli()).execute();
            auditLog.append(officer.person().code(), "auth.login", "person:" + officer.person().code(),
                    Canonical.json(Map.of("person", officer.person().code())));
        });
        return new LoginResult.Success(sessionId, new WebSession(idHash, officer, csrfToken, expires));
    }

    /** The live session a cookie names, with the officer's current roles and scope. */
    public Optional<WebSession> session(String sessionId) {
        if (sessionId == null || sessionId.isBlank() || sessionId.length() > 100) {
            return Optional.empty();
        }
        String idHash = sha256(sessionId);
        long now = clock.millis();
        return jdbi.withHandle(handle -> handle.createQuery("SELECT person_id, csrf_token, expires_at FROM "
                        + "web_session WHERE id_hash = :id AND expires_at > :now").bind("id", idHash).bind("now", now)
                .mapToMap().findOne()).flatMap(row -> registry.person(((Number) row.get("person_id")).longValue())
                .map(person -> Officer.of(registry, person))
                .filter(Officer::mayLogIn)
                .map(officer -> new WebSession(idHash, officer, (String) row.get("csrf_token"),
                        Instant.ofEpochMilli(((Number) row.get("expires_at")).longValue()))));
    }

    public void logout(WebSession session) {
        jdbi.useHandle(handle -> handle.createUpdate("DELETE FROM web_session WHERE id_hash = :id")
                .bind("id", session.idHash()).execute());
    }

    /** Records one use of a rate-limited action; true when still under {@code max} within {@code window}. */
    public boolean allow(String bucket, int max, Duration window) {
        Instant now = clock.instant();
        return jdbi.inTransaction(handle -> {
            handle.createUpdate("DELETE FROM rate_event WHERE bucket = :bucket AND at <= :since").bind("bucket", bucket)
                    .bind("since", now.minus(window).toEpochMilli()).execute();
            int used = handle.createQuery("SELECT count(*) FROM rate_event WHERE bucket = :bucket AND at > :since")
                    .bind("bucket", bucket).bind("since", now.minus(window).toEpochMilli()).mapTo(Integer.class).one();
            if (used >= max) {
                return false;
            }
            handle.createUpdate("INSERT INTO rate_event (bucket, at) VALUES (:bucket, :at)").bind("bucket", bucket)
                    .bind("at", now.toEpochMilli()).execute();
            return true;
        });
    }

    /** Constant-time comparison of a submitted CSRF token with the session's. */
    public static boolean sameToken(String expected, String submitted) {
        if (expected == null || submitted == null) {
            return false;
        }
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                submitted.getBytes(StandardCharsets.UTF_8));
    }

    private int failures(String bucket, Instant now) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT count(*) FROM rate_event WHERE bucket = :bucket "
                        + "AND at > :since").bind("bucket", bucket).bind("since", now.minus(LOCKOUT).toEpochMilli())
                .mapTo(Integer.class).one());
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
