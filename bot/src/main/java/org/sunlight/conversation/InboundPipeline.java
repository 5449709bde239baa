package org.sunlight.conversation;

import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.sunlight.app.Rejected;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sunlight.channel.Conversation;
import org.sunlight.channel.InboundMessage;
import org.sunlight.channel.Outbox;
import org.sunlight.channel.OutboundMessage;
import org.sunlight.channel.sandbox.SandboxChannel;
import org.sunlight.registry.ComplexView;
import org.sunlight.registry.Person;
import org.sunlight.registry.Registry;
import org.sunlight.registry.Role;
import org.sunlight.registry.RoleAssignment;
import org.sunlight.registry.ScopeType;
import org.sunlight.storage.Dialect;
import org.sunlight.storage.StorageConfig;
import org.sunlight.templates.Templates;

/**
 * The one path every inbound message takes, whatever its channel. {@link #accept} makes the
 * message durable and deduplicated (so a channel may be acknowledged at once); processing happens
 * afterwards on one background thread, several messages a transaction (up to 50, or 10 ms), each
 * behind a savepoint together with the replies it causes. Unprocessed messages left by a crash are
 * processed after a restart. Thread-safe.
 */
public final class InboundPipeline implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(InboundPipeline.class);
    /** At most this many messages are processed per transaction… */
    static final int TRANSACTION = 50;
    /** …and no more are added once it has run this long. */
    static final long TRANSACTION_MILLIS = 10;

    private final Jdbi jdbi;
    private final Registry registry;
    private final CommandRegistry commands;
    private final Outbox outbox;
    private final Templates templates;
    private final Clock clock;
    private final boolean claimRows;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "inbound-processor");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final InboundWriter writer;
    private volatile boolean started;

    public InboundPipeline(Jdbi jdbi, Registry registry, CommandRegistry commands, Outbox outbox, Templates templates,
                           Clock clock) {
        this.jdbi = jdbi;
        this.registry = registry;
        this.commands = commands;
        this.outbox = outbox;
        this.templates = templates;
        this.clock = clock;
        this.claimRows = StorageConfig.dialect(jdbi) == Dialect.POSTGRESQL;
        this.writer = new InboundWriter(jdbi);
    }

    /** Processes whatever a previous run left unprocessed, then keeps a slow poll as a safety net. */
    public void start() {
        writer.start();
        started = true;
        executor.scheduleWithFixedDelay(this::processPendingSafely, 0, 5, TimeUnit.SECONDS);
    }

    /**
     * Stores the message unless its channel already delivered it, and returns once it is committed
     * (group commit when started). The bot acts on it in the background.
     */
    public Accepted accept(InboundMessage message) {
        Accepted accepted = writer.write(message);
        if (!accepted.duplicate()) {
            wake();
        }
        return accepted;
    }

    /** Asks the background thread to process what is pending. */
    public void wake() {
        if (started && scheduled.compareAndSet(false, true)) {
            executor.execute(() -> {
                scheduled.set(false);
                processPendingSafely();
            });
        }
    }

    /** Processes every pending message, oldest first; returns how many. Used by the worker and by tests. */
    public int processPending() {
        int processed = 0;
        while (true) {
            List<Long> batch = jdbi.withHandle(handle -> handle.createQuery("SELECT id FROM inbound_message "
                    + "WHERE processed_at IS NULL ORDER BY id LIMIT 100").mapTo(Long.class).list());
            if (batch.isEmpty()) {
                return processed;
            }
            int handled = 0;
            int from = 0;
            while (from < batch.size()) {
                Together together = processTogether(batch.subList(from, Math.min(batch.size(), from + TRANSACTION)));
                handled += together.handled();
                from += together.attempted();
            }
            processed += handled;
            if (handled == 0) {
                // Everything left is being handled by another node right now.
                return processed;
            }
        }
    }

    private void processPendingSafely() {
        try {
            processPending();
        } catch (RuntimeException e) {
            LOG.error("processing inbound messages failed; will retry", e);
        }
    }

    /**
     * Processes messages in one transaction, each behind a savepoint: a message that fails is rolled
     * back alone and answered with an apology in the same transaction. One commit (one fsync) for
     * several messages instead of one each. The transaction takes messages from the front of
     * {@code ids} until {@link #TRANSACTION_MILLIS} have passed (at least one), because it holds the
     * write lock the group-commit writer needs to acknowledge new callbacks: answering a question
     * costs milliseconds. If the transaction as a whole fails, each message it took is processed
     * again in its own.
     */
    private Together processTogether(List<Long> ids) {
        if (ids.size() == 1) {
            return new Together(1, process(ids.get(0)) ? 1 : 0);
        }
        int[] attempted = {0};
        try {
            int handled = jdbi.inTransaction(handle -> {
                long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TRANSACTION_MILLIS);
                int done = 0;
                for (int i = 0; i < ids.size() && (i == 0 || System.nanoTime() < deadline); i++) {
                    long id = ids.get(i);
                    attempted[0] = i + 1;
                    String savepoint = "inbound_" + i;
                    handle.savepoint(savepoint);
                    try {
                        if (respondTo(handle, id)) {
                            done++;
                        }
                        handle.releaseSavepoint(savepoint);
                    } catch (RuntimeException e) {
                        handle.rollbackToSavepoint(savepoint);
                        LOG.error("inbound message {} could not be handled", id, e);
                        apologise(handle, id);
                        done++;
                    }
                }
                return done;
            });
            return new Together(attempted[0], handled);
        } catch (RuntimeException e) {
            List<Long> taken = ids.subList(0, Math.max(1, attempted[0]));
            LOG.warn("a transaction of {} inbound messages failed; processing them one by one", taken.size(), e);
            int handled = 0;
            for (long id : taken) {
                if (process(id)) {
                    handled++;
                }
            }
            return new Together(taken.size(), handled);
        }
    }

    /** How many messages a transaction took from the front of its list, and how many of them it handled. */
    private record Together(int attempted, int handled) {
    }

    private boolean process(long id) {
        try {
            return jdbi.inTransaction(handle -> respondTo(handle, id));
        } catch (RuntimeException e) {
            // A message that cannot be handled must not block the ones behind it: mark it and apologise.
            LOG.error("inbound message {} could not be handled", id, e);
            jdbi.useTransaction(handle -> apologise(handle, id));
            return true;
        }
    }

    /** Answers one pending message and marks it processed; false if it is not pending (or another node has it). */
    private boolean respondTo(Handle handle, long id) {
        // Several nodes may pick the same id: the row lock lets one handle it, the others skip it.
        Map<String, Object> row = handle.createQuery("SELECT * FROM inbound_message WHERE id = :id "
                + "AND processed_at IS NULL" + (claimRows ? " FOR UPDATE SKIP LOCKED" : ""))
                .bind("id", id).mapToMap().findOne().orElse(null);
        if (row == null) {
            return false;
        }
        Conversation conversation = new Conversation((String) row.get("channel"),
                (String) row.get("conversation"), ((Number) row.get("is_group")).intValue() == 1,
                row.get("complex_id") == null ? null : ((Number) row.get("complex_id")).longValue());
        List<String> replies = respond(id, conversation, (String) row.get("sender"), (String) row.get("text"));
        for (int i = 0; i < replies.size(); i++) {
            outbox.enqueue(OutboundMessage.text("reply:" + id + ":" + i, conversation, replies.get(i)));
        }
        markProcessed(handle, id);
        return true;
    }

    /** Marks a message that could not be handled as processed and apologises to its sender. */
    private void apologise(Handle handle, long id) {
        Map<String, Object> row = handle.createQuery("SELECT channel, conversation, is_group, complex_id "
                + "FROM inbound_message WHERE id = :id AND processed_at IS NULL"
                + (claimRows ? " FOR UPDATE" : "")).bind("id", id).mapToMap().findOne().orElse(null);
        if (row == null) {
            return;
        }
        Conversation conversation = new Conversation((String) row.get("channel"),
                (String) row.get("conversation"), ((Number) row.get("is_group")).intValue() == 1, null);
        outbox.enqueue(OutboundMessage.text("reply:" + id + ":error", conversation,
                templates.chat("error", Map.of())));
        markProcessed(handle, id);
    }

    private void markProcessed(Handle handle, long id) {
        handle.createUpdate("UPDATE inbound_message SET processed_at = :now WHERE id = :id")
                .bind("now", clock.millis()).bind("id", id).execute();
    }

    private List<String> respond(long inboundId, Conversation conversation, String sender, String text) {
        Optional<Person> person = identify(conversation.channel(), sender);
        Optional<ComplexView> complex = conversation.complexId() != null
                ? registry.complex(conversation.complexId())
                : person.flatMap(this::homeComplex);
        Set<Role> roles = EnumSet.noneOf(Role.class);
        person.ifPresent(known -> {
            if (complex.isPresent()) {
                roles.addAll(registry.rolesIn(known.id(), complex.get()));
            } else {
                registry.rolesOf(known.id()).forEach(assignment -> roles.add(assignment.role()));
            }
        });
        CommandRegistry.Parsed parsed = commands.parse(text);
        Optional<ChatCommand> chosen = parsed.command();
        String arguments = parsed.arguments();
        if (chosen.isEmpty()) {
            if (conversation.group() && !parsed.mentioned()) {
                return List.of(); // ordinary chatter in the group is not for the bot
            }
            // In a group, @-mentioning the bot with something that is no command asks a question.
            chosen = conversation.group() && !parsed.body().isBlank()
                    ? commands.all().stream().filter(candidate -> "ask".equals(candidate.key())).findFirst()
                    : Optional.empty();
            if (chosen.isEmpty()) {
                return List.of(templates.chat("not-understood", Map.of("text", parsed.body())));
            }
            arguments = parsed.body();
        }
        ChatCommand command = chosen.get();
        if (!command.allows(roles)) {
            return List.of(templates.chat("not-allowed", Map.of("registered", person.isPresent())));
        }
        CommandContext context = new CommandContext(inboundId, conversation, sender, person, complex, roles,
                arguments, Instant.now(clock), commands.availableTo(roles));
        try {
            return command.handle(context);
        } catch (Rejected refusal) {
            // A refusal is an answer to the person, in Chinese; nothing was changed.
            return List.of(refusal.getMessage());
        }
    }

    private Optional<Person> identify(String channel, String sender) {
        if (SandboxChannel.NAME.equals(channel)) {
            return registry.personByCode(sender);
        }
        return registry.personByIdentity(channel, sender);
    }

    /** For a private chat: the one complex the person belongs to, if exactly one. */
    private Optional<ComplexView> homeComplex(Person person) {
        List<Long> complexIds = registry.rolesOf(person.id()).stream()
                .filter(assignment -> assignment.scope() == ScopeType.COMPLEX)
                .map(RoleAssignment::scopeId).distinct().toList();
        return complexIds.size() == 1 ? registry.complex(complexIds.get(0)) : Optional.empty();
    }

    @Override
    public void close() {
        writer.close();
        executor.shutdown();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The stored message's id, and whether the channel had already delivered it. */
    public record Accepted(long id, boolean duplicate) {
    }

    /** The chat commands this pipeline answers (read by the access-matrix test). */
    public CommandRegistry commands() {
        return commands;
    }
}
