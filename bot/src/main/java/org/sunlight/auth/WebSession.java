package org.sunlight.auth;

import java.time.Instant;

import org.sunlight.escalation.Officer;

/** A logged-in officer's session: who, with the CSRF token every form must carry. */
public record WebSession(String idHash, Officer officer, String csrfToken, Instant expiresAt) {
}
