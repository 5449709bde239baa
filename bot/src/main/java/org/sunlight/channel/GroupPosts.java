package org.sunlight.channel;

import org.sunlight.registry.ChannelBinding;
import org.sunlight.registry.ComplexView;
import org.sunlight.registry.Registry;
import org.sunlight.registry.ScopeType;

/**
 * Queues a post into every group bound for a purpose (e.g. a complex's supervision group on each
 * channel it is bound to). The key names the event; each channel's copy gets its own idempotency
 * key, so posting the same event twice queues nothing new. Joins the caller's transaction.
 * Thread-safe.
 */
public final class GroupPosts {

    private final Registry registry;
    private final Outbox outbox;

    public GroupPosts(Registry registry, Outbox outbox) {
        this.registry = registry;
        this.outbox = outbox;
    }

    /** Posts into the complex's supervision group(s); returns how many groups were addressed. */
    public int toOwners(ComplexView complex, String eventKey, String text) {
        return to(ScopeType.COMPLEX, complex.complex().id(), ChannelBinding.OWNERS, eventKey, text);
    }

    /** Posts into every group of the scope bound for the purpose; returns how many. */
    public int to(ScopeType scope, long scopeId, String purpose, String eventKey, String text) {
        int groups = 0;
        for (ChannelBinding binding : registry.bindingsOf(scope, scopeId)) {
            if (binding.purpose().equals(purpose)) {
                outbox.enqueue(new OutboundMessage(eventKey + ":" + binding.channel() + ":" + binding.target(),
                        binding.channel(), binding.target(), OutboundMessage.Format.TEXT, text));
                groups++;
            }
        }
        return groups;
    }
}
