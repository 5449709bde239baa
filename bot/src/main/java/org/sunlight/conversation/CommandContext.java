package org.sunlight.conversation;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.sunlight.channel.Conversation;
import org.sunlight.registry.ComplexView;
import org.sunlight.registry.Person;
import org.sunlight.registry.Role;

/**
 * Everything a command needs to act on one message: who said it (if known), in which complex,
 * with which roles there, the text after the command word, and the commands this person may use.
 */
public record CommandContext(long inboundId, Conversation conversation, String sender, Optional<Person> person,
                             Optional<ComplexView> complex, Set<Role> roles, String arguments, Instant now,
                             List<ChatCommand> available) {
}
