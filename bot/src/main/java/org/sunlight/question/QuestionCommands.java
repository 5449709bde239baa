package org.sunlight.question;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.sunlight.app.Rejected;
import org.sunlight.conversation.ChatCommand;
import org.sunlight.conversation.CommandContext;
import org.sunlight.conversation.NamedCommand;
import org.sunlight.registry.ComplexView;
import org.sunlight.registry.Person;
import org.sunlight.registry.Role;
import org.sunlight.templates.Templates;

/**
 * The chat commands on questions: 提问 (ask), 答复 (answer), 满意 (accept), 不满意 (dispute),
 * 进度 (progress). Numbers are resolved within the speaker's complex. Refusals are replies, never
 * errors. Thread-safe.
 */
public final class QuestionCommands {

    /** "12", "#12", "12号" followed by the rest. */
    private static final Pattern NUMBER = Pattern.compile("^[#＃]?\\s*(\\d{1,9})\\s*号?[\\s,，:：]*(.*)$",
            Pattern.DOTALL);

    private QuestionCommands() {
    }

    public static List<ChatCommand> all(QuestionService questions, Templates templates) {
        return List.of(new Ask(questions, templates), new Answer(questions, templates),
                new Accept(questions, templates), new Dispute(questions, templates),
                new Progress(questions, templates));
    }

    /** A number and the text after it. */
    record Numbered(long number, String rest) {
    }

    static Optional<Numbered> numbered(String arguments) {
        Matcher matcher = NUMBER.matcher(arguments.strip());
        if (!matcher.matches()) {
            return Optional.empty();
        }
        return Optional.of(new Numbered(Long.parseLong(matcher.group(1)), matcher.group(2).strip()));
    }

    private abstract static class Base extends NamedCommand {
        final QuestionService questions;
        final Templates templates;
        private final String usage;

        Base(QuestionService questions, Templates templates, String key, List<String> names, Set<Role> roles,
             String usage) {
            super(key, names, roles);
            this.questions = questions;
            this.templates = templates;
            this.usage = usage;
        }

        @Override
        public final List<String> handle(CommandContext context) {
            if (context.complex().isEmpty()) {
                return problem("请在小区的监督群里发送，或在小区公开页面上使用提问表单。");
            }
            try {
                return act(context, context.complex().get());
            } catch (Rejected rejected) {
                return problem(rejected.getMessage());
            }
        }

        abstract List<String> act(CommandContext context, ComplexView complex);

        List<String> problem(String message) {
            return List.of(templates.chat("question-problem", Map.of("message", message, "usage", usage())));
        }

        String usage() {
            return usage;
        }

        Numbered requireNumber(CommandContext context) {
            return numbered(context.arguments()).orElseThrow(() -> Rejected.invalid("请写上提问编号。"));
        }

        static String nameOf(CommandContext context) {
            return context.person().map(Person::name).orElse(context.sender());
        }
    }

    /** 提问 …: also what an @mention in the group that is no command becomes. */
    static final class Ask extends Base {
        Ask(QuestionService questions, Templates templates) {
            super(questions, templates, "ask", List.of("提问", "ask"), Set.of(), "提问 内容");
        }

        @Override
        List<String> act(CommandContext context, ComplexView complex) {
            QuestionService.Tracked tracked = questions.ask(new QuestionService.Asking(complex, context.sender(),
                    nameOf(context), context.person().map(Person::household).orElse(null),
                    null, context.conversation(), context.arguments()));
            return List.of(questions.acknowledgement(tracked, complex));
        }
    }

    /** 答复 12 …: committee or property staff of the complex. */
    static final class Answer extends Base {
        Answer(QuestionService questions, Templates templates) {
            super(questions, templates, "answer", List.of("答复", "回复", "answer"),
                    Set.of(Role.COMMITTEE, Role.PROPERTY), "答复 编号 内容");
        }

        @Override
        List<String> act(CommandContext context, ComplexView complex) {
            Numbered numbered = requireNumber(context);
            QuestionService.Tracked tracked = questions.answer(complex, numbered.number(), context.sender(),
                    nameOf(context), numbered.rest());
            boolean sameConversation = tracked.question().channel().equals(context.conversation().channel())
                    && tracked.question().target().equals(context.conversation().target());
            // The answer itself is posted where the question was asked; say so only when that is elsewhere.
            return sameConversation ? List.of() : List.of(templates.chat("question-answer-sent",
                    questions.model(tracked, complex)));
        }
    }

    static boolean startsWithNumber(String arguments) {
        return !arguments.isEmpty() && (Character.isDigit(arguments.codePointAt(0)) || arguments.charAt(0) == '#');
    }

    /** 满意 12: the asker or an owner of the complex accepts the answer. */
    static final class Accept extends Base {
        Accept(QuestionService questions, Templates templates) {
            super(questions, templates, "accept", List.of("满意", "认可", "accept"), Set.of(), "满意 编号");
        }

        /** Only with a number: a bare 满意/不满意 is a survey vote (see SurveyCommands). */
        @Override
        public boolean accepts(String arguments) {
            return QuestionCommands.startsWithNumber(arguments);
        }

        @Override
        List<String> act(CommandContext context, ComplexView complex) {
            Numbered numbered = requireNumber(context);
            requireOwnerOrAsker(context, complex, numbered.number());
            QuestionService.Tracked tracked = questions.accept(complex, numbered.number(), context.sender());
            return List.of(templates.chat("question-accepted", questions.model(tracked, complex)));
        }

        private void requireOwnerOrAsker(CommandContext context, ComplexView complex, long number) {
            QuestionService.Tracked tracked = questions.get(complex, number);
            if (!context.roles().contains(Role.OWNER) && !tracked.question().asker().equals(context.sender())) {
                throw Rejected.forbidden("只有提问人或本小区业主可以确认答复。");
            }
        }
    }

    /** 不满意 12 理由: the asker or an owner disputes; the item goes one tier up at once. */
    static final class Dispute extends Base {
        Dispute(QuestionService questions, Templates templates) {
            super(questions, templates, "dispute", List.of("不满意", "dispute"), Set.of(), "不满意 编号 理由");
        }

        /** Only with a number: a bare 满意/不满意 is a survey vote (see SurveyCommands). */
        @Override
        public boolean accepts(String arguments) {
            return QuestionCommands.startsWithNumber(arguments);
        }

        @Override
        List<String> act(CommandContext context, ComplexView complex) {
            Numbered numbered = requireNumber(context);
            QuestionService.Tracked before = questions.get(complex, numbered.number());
            if (!context.roles().contains(Role.OWNER) && !before.question().asker().equals(context.sender())) {
                throw Rejected.forbidden("只有提问人或本小区业主可以对答复提出异议。");
            }
            QuestionService.Tracked tracked = questions.dispute(complex, numbered.number(), context.sender(),
                    numbered.rest());
            return List.of(templates.chat("question-disputed", questions.model(tracked, complex)));
        }
    }

    /** 进度 12: where the question stands. */
    static final class Progress extends Base {
        Progress(QuestionService questions, Templates templates) {
            super(questions, templates, "progress", List.of("进度", "progress"), Set.of(), "进度 编号");
        }

        @Override
        List<String> act(CommandContext context, ComplexView complex) {
            Numbered numbered = requireNumber(context);
            return List.of(templates.chat("question-progress",
                    questions.model(questions.get(complex, numbered.number()), complex)));
        }
    }
}
