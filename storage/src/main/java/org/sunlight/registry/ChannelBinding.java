package org.sunlight.registry;

/**
 * Where a scope's group lives on a channel. {@code purpose} is {@code owners} for a complex's
 * supervision group, or the internal group of a tier: {@code committee}, {@code community},
 * {@code town}, {@code discipline}.
 */
public record ChannelBinding(ScopeType scope, long scopeId, String purpose, String channel, String target) {

    public static final String OWNERS = "owners";
}
