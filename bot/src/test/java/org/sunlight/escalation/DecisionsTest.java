package org.sunlight.escalation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sunlight.app.Rejected;
import org.sunlight.app.Sunlight;
import org.sunlight.app.TestSunlight;
import org.sunlight.question.SandboxChat;
import org.sunlight.question.SettableClock;
import org.sunlight.registry.ComplexView;

/** Who may decide what, and what each decision does to the item. */
class DecisionsTest {

    @TempDir
    Path directory;

    private SettableClock clock;
    private Sunlight sunlight;
    private SandboxChat chat;

    @BeforeEach
    void start() {
        clock = new SettableClock(Instant.parse("2026-03-02T02:00:00Z")); // Mon 10:00 Beijing
        sunlight = TestSunlight.create(directory, clock);
        chat = new SandboxChat(sunlight);
    }

    @AfterEach
    void stop() {
        sunlight.close();
    }

    private Officer officer(String code) {
        return Officer.of(sunlight.registry(), sunlight.registry().personByCode(code).orElseThrow());
    }

    private EscalationItem missedDisclosure() {
        return missedDisclosure("2026Q1");
    }

    private EscalationItem missedDisclosure(String quarter) {
        ComplexView jinxiu = sunlight.registry().complexByCode("jinxiu").orElseThrow();
        long id = sunlight.escalations().open(new Escalations.Opening(jinxiu.complex().id(), "missed-disclosure",
                "duty:jinxiu:public-revenue:" + quarter, Tier.COMMUNITY, "2026年第1季度公共收益未按时公示", "应于4月30日前公示。",
                "system")).id();
        return sunlight.escalations().item(id).orElseThrow();
    }

    private EscalationItem reload(EscalationItem item) {
        return sunlight.escalations().item(item.id()).orElseThrow();
    }

    @Test
    void anOrderToRectifySendsItBackToTheComplexAndASecondMissGoesStraightToTheDisciplineOffice() {
        EscalationItem item = missedDisclosure();
        sunlight.decisions().decide(officer("zheng-shequ"), item.id(), Decision.ORDER_RECTIFICATION, "三日内补公示");

        EscalationItem ordered = reload(item);
        assertThat(ordered.tier()).isZero();
        assertThat(ordered.rectificationOrdered()).isTrue();
        assertThat(ordered.dueAt()).isEqualTo(Instant.parse("2026-03-05T16:00:00Z"));

        clock.set(Instant.parse("2026-03-05T16:00:00Z"));
        sunlight.escalationSweep().run(clock.instant());

        assertThat(reload(item).tier()).isEqualTo(Tier.DISCIPLINE.level());
        chat.settle();
        assertThat(chat.lastBot(SandboxChat.JINXIU_COMMITTEE)).contains("业委会/物业收到责令整改：三日内补公示");
        assertThat(chat.bot(SandboxChat.JINXIU_OWNERS)).anySatisfy(text -> assertThat(text)
                .startsWith("【社区责令整改】2026年第1季度公共收益未按时公示").contains("郑书记：三日内补公示"));
    }

    @Test
    void aReturnGoesOneTierDownWithAFreshClockAndADismissalClosesTheItem() {
        EscalationItem item = missedDisclosure();
        clock.set(Instant.parse("2026-03-03T02:00:00Z"));
        sunlight.decisions().decide(officer("huang-zhen"), item.id(), Decision.RETURN, "先由业委会说明");
        EscalationItem returned = reload(item);
        assertThat(returned.tier()).isZero();
        assertThat(returned.tierReceivedAt()).isEqualTo(clock.instant());

        assertThatThrownBy(() -> sunlight.decisions().decide(officer("huang-zhen"), item.id(), Decision.DISMISS,
                "在业委会这一级不能驳回")).isInstanceOf(Rejected.class).extracting(error -> ((Rejected) error).reason())
                .isEqualTo(Rejected.Reason.FORBIDDEN);
        sunlight.decisions().decide(officer("huang-zhen"), item.id(), Decision.URGE, "请尽快说明");

        EscalationItem second = missedDisclosure("2026Q2");
        sunlight.decisions().decide(officer("lin-jiwei"), second.id(), Decision.DISMISS, "已在线下公示，不属实");
        assertThat(reload(second).state()).isEqualTo(EscalationItem.DISMISSED);
        assertThat(sunlight.escalations().events(item.id())).extracting(EscalationEvent::action)
                .containsExactly("opened", "return", "urge");
        assertThat(sunlight.auditLog().verify().intact()).isTrue();
    }

    @Test
    void onlyTheDisciplineOfficeInterviewsAndOnlyAtItsOwnTierAndOfficersDecideAtOrBelowTheirTier() {
        EscalationItem item = missedDisclosure();
        assertThat(sunlight.decisions().allowed(officer("lin-jiwei"), item, Decision.INTERVIEW)).isFalse();
        assertThat(sunlight.decisions().allowed(officer("zheng-shequ"), item, Decision.URGE)).isTrue();
        assertThat(sunlight.decisions().allowed(officer("feng-cun"), item, Decision.URGE)).isFalse();

        clock.set(Instant.parse("2026-03-20T02:00:00Z"));
        sunlight.escalationSweep().run(clock.instant());
        EscalationItem atDiscipline = reload(item);
        assertThat(atDiscipline.tier()).isEqualTo(3);
        assertThat(sunlight.decisions().allowed(officer("huang-zhen"), atDiscipline, Decision.URGE)).isFalse();
        assertThat(sunlight.decisions().allowed(officer("lin-jiwei"), atDiscipline, Decision.INTERVIEW)).isTrue();

        assertThatThrownBy(() -> sunlight.decisions().decide(officer("lin-jiwei"), item.id(), Decision.INTERVIEW,
                " ")).isInstanceOf(Rejected.class).hasMessage("请填写决定的理由");
    }

    @Test
    void everyDecisionIsEchoedToTheOwnersGroupWithItsReasonAndWrittenToTheAuditLog() {
        Map<Decision, EscalationItem> items = new EnumMap<>(Decision.class);
        for (Decision decision : Decision.values()) {
            items.put(decision, missedDisclosure("2025-" + decision.code()));
        }
        for (Decision decision : List.of(Decision.URGE, Decision.ORDER_RECTIFICATION, Decision.DISMISS,
                Decision.RETURN)) {
            sunlight.decisions().decide(officer("zheng-shequ"), items.get(decision).id(), decision,
                    "社区的理由：" + decision.label());
        }
        clock.set(Instant.parse("2026-03-20T02:00:00Z")); // community and town deadlines both missed
        sunlight.escalationSweep().run(clock.instant());
        sunlight.decisions().decide(officer("lin-jiwei"), items.get(Decision.INTERVIEW).id(), Decision.INTERVIEW,
                "镇纪委的理由：约谈");
        chat.settle();

        List<String> owners = chat.bot(SandboxChat.JINXIU_OWNERS);
        for (Decision decision : Decision.values()) {
            String role = decision == Decision.INTERVIEW ? "镇纪委" : "社区";
            assertThat(owners).as(decision.label()).anySatisfy(post -> assertThat(post)
                    .startsWith("【" + role + decision.label() + "】2026年第1季度公共收益未按时公示")
                    .contains(role.equals("社区") ? "社区郑书记：社区的理由：" + decision.label() : "镇纪委林书记：镇纪委的理由：约谈"));
            assertThat(sunlight.auditLog().entriesFor("escalation:" + items.get(decision).id()))
                    .as(decision.label()).extracting(entry -> entry.action())
                    .contains("escalation." + decision.code());
        }
        assertThat(sunlight.auditLog().verify().intact()).isTrue();
    }

    @Test
    void theSweepSelectsOverdueItemsAndRemindersThroughTheirIndexes() {
        List<String> overduePlan = sunlight.jdbi().withHandle(handle -> handle.createQuery("EXPLAIN QUERY PLAN "
                + "SELECT * FROM escalation_item WHERE state = 'open' AND due_at <= 1 ORDER BY due_at, id LIMIT 500")
                .map((resultSet, context) -> resultSet.getString("detail")).list());
        // Bound as the sweep binds it: the reminder index is partial (remind_at IS NOT NULL), and the
        // planner must see that "remind_at <= ?" implies it whatever the value.
        List<String> remindPlan = sunlight.jdbi().withHandle(handle -> handle.createQuery("EXPLAIN QUERY PLAN "
                + "SELECT * FROM escalation_item WHERE state = 'open' AND remind_at <= :now ORDER BY remind_at, id "
                + "LIMIT 500").bind("now", 1L).map((resultSet, context) -> resultSet.getString("detail")).list());
        String remindIndex = sunlight.jdbi().withHandle(handle -> handle.createQuery("SELECT sql FROM sqlite_master "
                + "WHERE name = 'escalation_open_remind'").mapTo(String.class).one());

        assertThat(overduePlan).anySatisfy(line -> assertThat(line).contains("USING INDEX escalation_open_due"));
        assertThat(remindPlan).anySatisfy(line -> assertThat(line).contains("USING INDEX escalation_open_remind"));
        // Items not waiting for a reminder (nearly all of them) stay out of it, so moving one costs no write there.
        assertThat(remindIndex).contains("WHERE remind_at IS NOT NULL");
    }
}
