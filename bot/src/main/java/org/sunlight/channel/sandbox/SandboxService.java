package org.sunlight.channel.sandbox;

import java.time.Clock;
import java.util.List;

import org.sunlight.app.Rejected;
import org.sunlight.channel.Conversation;
import org.sunlight.channel.InboundMessage;
import org.sunlight.channel.sandbox.SandboxGroups.SandboxGroup;
import org.sunlight.channel.sandbox.SandboxStore.SandboxMessage;
import org.sunlight.conversation.InboundPipeline;
import org.sunlight.registry.Person;
import org.sunlight.registry.Registry;

/**
 * What the sandbox page does: list groups and members, show history, and take what a person
 * types, passing it through the same {@link InboundPipeline} as WeChat messages. Thread-safe.
 */
public final class SandboxService {

    /** Longest message the sandbox accepts, in characters (WeChat's own limit is about 2,000). */
    public static final int MAX_TEXT_CHARS = 2_000;

    private final SandboxGroups groups;
    private final SandboxStore store;
    private final InboundPipeline pipeline;
    private final Registry registry;
    private final Clock clock;

    public SandboxService(SandboxGroups groups, SandboxStore store, InboundPipeline pipeline, Registry registry,
                          Clock clock) {
        this.groups = groups;
        this.store = store;
        this.pipeline = pipeline;
        this.registry = registry;
        this.clock = clock;
    }

    public List<SandboxGroup> groups() {
        return groups.groups();
    }

    public List<Person> members(String target) {
        if (target.startsWith(SandboxGroups.PRIVATE_PREFIX)) {
            return List.of(person(target.substring(SandboxGroups.PRIVATE_PREFIX.length())));
        }
        return groups.members(group(target));
    }

    public List<Person> everyone() {
        return registry.people();
    }

    public List<SandboxMessage> messages(String target, long afterId) {
        if (!target.startsWith(SandboxGroups.PRIVATE_PREFIX)) {
            group(target);
        }
        return store.after(target, afterId);
    }

    /** Takes what a person typed; returns the stored message's id. */
    public long post(String target, String personCode, String text) {
        if (text == null || text.isBlank()) {
            throw Rejected.invalid("消息不能为空");
        }
        if (text.length() > MAX_TEXT_CHARS) {
            throw Rejected.invalid("消息太长，最多" + MAX_TEXT_CHARS + "字");
        }
        Person person = person(personCode);
        Conversation conversation;
        if (target.startsWith(SandboxGroups.PRIVATE_PREFIX)) {
            if (!target.equals(SandboxGroups.PRIVATE_PREFIX + person.code())) {
                throw Rejected.forbidden("只能以本人身份私聊助手");
            }
            conversation = SandboxGroups.privateConversation(person);
        } else {
            SandboxGroup group = group(target);
            boolean member = groups.members(group).stream().anyMatch(candidate -> candidate.id() == person.id());
            if (!member) {
                throw Rejected.forbidden(person.name() + "不在“" + group.title() + "”中");
            }
            conversation = groups.conversation(group);
        }
        long id = store.recordHuman(target, person.code(), person.name(), text);
        pipeline.accept(new InboundMessage("sandbox-" + id, conversation, person.code(), text, clock.instant()));
        return id;
    }

    private SandboxGroup group(String target) {
        return groups.group(target).orElseThrow(() -> Rejected.notFound("没有这个群：" + target));
    }

    private Person person(String code) {
        if (code == null || code.isBlank()) {
            throw Rejected.invalid("请选择身份");
        }
        return registry.personByCode(code).orElseThrow(() -> Rejected.notFound("没有这个人：" + code));
    }
}
