package org.sunlight.survey;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.sunlight.app.Rejected;
import org.sunlight.conversation.ChatCommand;
import org.sunlight.conversation.CommandContext;
import org.sunlight.registry.ComplexView;
import org.sunlight.registry.Role;
import org.sunlight.templates.Templates;

/** The chat commands of satisfaction surveys: officers open them, owners vote with 满意 / 不满意. */
public final class SurveyCommands {

    private SurveyCommands() {
    }

    /** {@code 发起满意度调查 [业委会|物业]}: a town or community officer opens this half-year's survey. */
    public static ChatCommand open(SurveyService surveys, Templates templates) {
        return new ChatCommand() {
            @Override
            public String key() {
                return "survey-open";
            }

            @Override
            public List<String> names() {
                return List.of("发起满意度调查", "发起调查", "open-survey");
            }

            @Override
            public Set<Role> roles() {
                return Set.of(Role.TOWN_OFFICER, Role.COMMUNITY_OFFICER);
            }

            @Override
            public List<String> handle(CommandContext context) {
                ComplexView complex = context.complex()
                        .orElseThrow(() -> Rejected.invalid("请在要调查的小区群里发起满意度调查"));
                Optional<SurveySubject> subject = context.arguments().isBlank()
                        ? Optional.empty() : SurveySubject.fromWord(context.arguments());
                if (!context.arguments().isBlank() && subject.isEmpty()) {
                    throw Rejected.invalid("调查对象只能是“业委会”或“物业”");
                }
                String actor = context.person().map(person -> person.code()).orElse(context.sender());
                List<SurveySubject> subjects = subject.map(List::of).orElse(List.of(SurveySubject.values()));
                subjects.forEach(item -> surveys.open(complex, item, actor));
                return List.of(); // the announcement itself is the reply
            }
        };
    }

    /** {@code 满意 [业委会|物业]} or {@code 不满意 [业委会|物业]}: an owner votes for their household. */
    public static ChatCommand vote(SurveyService surveys, Templates templates, boolean satisfied) {
        return new ChatCommand() {
            @Override
            public String key() {
                return satisfied ? "survey-satisfied" : "survey-dissatisfied";
            }

            @Override
            public List<String> names() {
                return satisfied ? List.of("满意", "satisfied") : List.of("不满意", "dissatisfied");
            }

            @Override
            public Set<Role> roles() {
                return Set.of(Role.OWNER);
            }

            /** A number after the word is about an answer (满意 12), not a survey. */
            @Override
            public boolean accepts(String arguments) {
                return arguments.isEmpty() || !Character.isDigit(arguments.codePointAt(0));
            }

            @Override
            public List<String> handle(CommandContext context) {
                ComplexView complex = context.complex()
                        .orElseThrow(() -> Rejected.invalid("请在本小区群里评价"));
                Optional<SurveySubject> subject = context.arguments().isBlank()
                        ? Optional.empty() : SurveySubject.fromWord(context.arguments());
                SurveyService.Vote vote = surveys.vote(complex, context.person().orElseThrow(
                        () -> Rejected.forbidden("您还没有登记身份，请联系业委会登记")), subject, satisfied);
                Map<String, Object> model = new LinkedHashMap<>();
                model.put("household", vote.household());
                model.put("subject", vote.survey().subject().label());
                model.put("choice", satisfied ? "满意" : "不满意");
                model.put("replaced", vote.replaced());
                return List.of(templates.chat("survey-vote", model));
            }
        };
    }
}
