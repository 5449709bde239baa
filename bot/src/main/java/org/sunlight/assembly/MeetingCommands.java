package org.sunlight.assembly;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.sunlight.app.Rejected;
import org.sunlight.calendar.WorkingCalendar;
import org.sunlight.conversation.ChatCommand;
import org.sunlight.conversation.CommandContext;
import org.sunlight.conversation.NamedCommand;
import org.sunlight.registry.ComplexView;
import org.sunlight.registry.Person;
import org.sunlight.registry.Role;
import org.sunlight.templates.Templates;

/** Chat commands for meeting notices, results and off-agenda reports. */
public final class MeetingCommands {

    private static final Pattern NUMBER_THEN_TEXT = Pattern.compile("^#?(\\d{1,9})\\s*(.*)$", Pattern.DOTALL);

    private MeetingCommands() {
    }

    /** {@code 大会公告 2026-12-20 议程…} or {@code 述职会通知 2026-12-10 …}, by the committee. */
    public static ChatCommand notice(MeetingService meetings, MeetingKind kind) {
        return new Base(kind == MeetingKind.ASSEMBLY ? "meeting-assembly" : "meeting-annual-report",
                kind == MeetingKind.ASSEMBLY ? List.of("大会公告", "业主大会公告", "assembly")
                        : List.of("述职会通知", "述职会公告", "annual-report"),
                Set.of(Role.COMMITTEE)) {
            @Override
            public List<String> handle(CommandContext context) {
                ComplexView complex = complex(context);
                LocalDate today = LocalDate.ofInstant(context.now(), WorkingCalendar.ZONE);
                ChineseDates.Leading leading = ChineseDates.leading(context.arguments(), today)
                        .orElseThrow(() -> Rejected.invalid("格式：" + names().get(0)
                                + " 会议日期 议程，例如：" + names().get(0) + " 2026-12-20 1.选举… 2.续聘…"));
                meetings.post(complex, person(context), kind, leading.date(), leading.rest());
                return List.of(); // the notice in the group is the reply
            }
        };
    }

    /** {@code 大会结果 编号 结果…}, by the committee after the meeting. */
    public static ChatCommand results(MeetingService meetings) {
        return new Base("meeting-results", List.of("大会结果", "会议结果", "meeting-results"), Set.of(Role.COMMITTEE)) {
            @Override
            public List<String> handle(CommandContext context) {
                Matcher matcher = numbered(context, "大会结果 3 1.续聘物业：同意420户…");
                meetings.publishResults(complex(context), person(context), Long.parseLong(matcher.group(1)),
                        matcher.group(2));
                return List.of();
            }
        };
    }

    /** {@code 议程外表决 编号 说明}, by an owner. */
    public static ChatCommand offAgenda(MeetingService meetings, Templates templates) {
        return new Base("meeting-off-agenda", List.of("议程外表决", "off-agenda"), Set.of(Role.OWNER)) {
            @Override
            public List<String> handle(CommandContext context) {
                Matcher matcher = numbered(context, "议程外表决 3 表决了更换电梯公司，议程里没有");
                long item = meetings.reportOffAgenda(complex(context), person(context),
                        Long.parseLong(matcher.group(1)), matcher.group(2));
                return List.of(templates.chat("meeting-off-agenda", Map.of("item", item)));
            }
        };
    }

    /** Shared plumbing of the meeting commands. */
    private abstract static class Base extends NamedCommand {

        Base(String key, List<String> names, Set<Role> roles) {
            super(key, names, roles);
        }

        static ComplexView complex(CommandContext context) {
            return context.complex().orElseThrow(() -> Rejected.invalid("请在本小区群里发送"));
        }

        static Person person(CommandContext context) {
            return context.person().orElseThrow(() -> Rejected.forbidden("您还没有登记身份"));
        }

        Matcher numbered(CommandContext context, String example) {
            Matcher matcher = NUMBER_THEN_TEXT.matcher(context.arguments());
            if (!matcher.matches() || matcher.group(2).isBlank()) {
                throw Rejected.invalid("格式：" + names().get(0) + " 会议编号 内容，例如：" + example);
            }
            return matcher;
        }
    }
}
