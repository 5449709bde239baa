package org.sunlight.channel.sandbox;

import java.time.Clock;
import java.util.List;

import org.jdbi.v3.core.Jdbi;

/** The sandbox groups' chat history. Thread-safe. */
public final class SandboxStore {

    /** Most messages a page asks for at once. */
    public static final int PAGE = 200;

    private final Jdbi jdbi;
    private final Clock clock;

    public SandboxStore(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    /** Records what a person typed into a sandbox group; returns its id. */
    public long recordHuman(String target, String senderCode, String senderName, String text) {
        return jdbi.withHandle(handle -> handle.createUpdate("INSERT INTO sandbox_message (target, sender_code, "
                        + "sender_name, text, created_at) VALUES (:target, :code, :name, :text, :now)")
                .bind("target", target).bind("code", senderCode).bind("name", senderName).bind("text", text)
                .bind("now", clock.millis())
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
    }

    /** Records a bot post delivered from the outbox; a second delivery of the same outbox row is a no-op. */
    public void recordBot(String target, String text, long outboxId) {
        jdbi.useHandle(handle -> handle.createUpdate("INSERT INTO sandbox_message (target, sender_code, sender_name, "
                        + "text, created_at, outbox_id) VALUES (:target, NULL, :name, :text, :now, :outboxId) "
                        + "ON CONFLICT (outbox_id) DO NOTHING")
                .bind("target", target).bind("name", SandboxChannel.BOT_NAME).bind("text", text)
                .bind("now", clock.millis()).bind("outboxId", outboxId).execute());
    }

    /** Messages of a group after the given id, oldest first. */
    public List<SandboxMessage> after(String target, long afterId) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT id, target, sender_code, sender_name, text, "
                        + "created_at FROM sandbox_message WHERE target = :target AND id > :after ORDER BY id LIMIT :limit")
                .bind("target", target).bind("after", afterId).bind("limit", PAGE)
                .map((rs, ctx) -> new SandboxMessage(rs.getLong("id"), rs.getString("target"),
                        rs.getString("sender_code"), rs.getString("sender_name"), rs.getString("text"),
                        rs.getLong("created_at")))
                .list());
    }

    /** One line of a sandbox chat; {@code senderCode} is null for the bot. */
    public record SandboxMessage(long id, String target, String senderCode, String senderName, String text,
                                 long createdAt) {

        public boolean fromBot() {
            return senderCode == null;
        }
    }
}
