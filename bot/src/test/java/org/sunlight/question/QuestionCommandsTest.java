package org.sunlight.question;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sunlight.question.SandboxChat.DONGYUAN_COMMUNITY;
import static org.sunlight.question.SandboxChat.JINXIU_OWNERS;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sunlight.app.Sunlight;
import org.sunlight.app.TestSunlight;
import org.sunlight.escalation.EscalationItem;

/** Asking, answering, accepting, disputing and progress, typed in the sandbox. */
class QuestionCommandsTest {

    @TempDir
    Path directory;

    private SettableClock clock;
    private Sunlight sunlight;
    private SandboxChat chat;

    @BeforeEach
    void start() {
        // Mon 2026-03-02 10:00 Beijing.
        clock = new SettableClock(Instant.parse("2026-03-02T02:00:00Z"));
        sunlight = TestSunlight.create(directory, clock);
        chat = new SandboxChat(sunlight);
    }

    @AfterEach
    void stop() {
        sunlight.close();
    }

    private EscalationItem itemOf(String complex, long number) {
        long complexId = sunlight.registry().complexByCode(complex).orElseThrow().complex().id();
        long itemId = sunlight.questions().find(complexId, number).orElseThrow().itemId();
        return sunlight.escalations().item(itemId).orElseThrow();
    }

    @Test
    void anOwnerAsksTheCommitteeAnswersInTheGroupAndTheOwnerAccepts() {
        chat.say(JINXIU_OWNERS, "wang-fang", "提问 上季度停车费收入是多少？");
        assertThat(chat.lastBot(JINXIU_OWNERS)).contains("编号 1 号", "2026年3月5日（周四）当天结束前答复");

        chat.say(JINXIU_OWNERS, "chen-jian", "答复 1 上季度停车费收入12,000元，明细已公示。");
        assertThat(chat.lastBot(JINXIU_OWNERS)).startsWith("【1号提问的答复】")
                .contains("答（陈建）：上季度停车费收入12,000元，明细已公示。", "满意 1", "不满意 1 理由");

        chat.say(JINXIU_OWNERS, "li-qiang", "进度 1");
        assertThat(chat.lastBot(JINXIU_OWNERS)).startsWith("【1号提问 · 已答复待确认】")
                .contains("最新答复（陈建）：上季度停车费收入12,000元", "总历时 0小时（0个工作日）");

        chat.say(JINXIU_OWNERS, "wang-fang", "满意 1");
        assertThat(chat.lastBot(JINXIU_OWNERS)).startsWith("1号提问已确认答复，事项办结。");
        assertThat(itemOf("jinxiu", 1).state()).isEqualTo(EscalationItem.RESOLVED);
        assertThat(sunlight.auditLog().entriesFor("escalation:" + itemOf("jinxiu", 1).id()))
                .extracting(entry -> entry.action())
                .containsExactly("escalation.open", "escalation.answered", "escalation.accepted");
        assertThat(sunlight.auditLog().verify().intact()).isTrue();
    }

    @Test
    void aDisputeSendsTheAnsweredQuestionToTheCommunityAtOnce() {
        chat.say(JINXIU_OWNERS, "wang-fang", "提问 电梯维修花了多少钱？");
        chat.say(JINXIU_OWNERS, "zhou-wuye", "答复 1 正在统计。");
        chat.say(JINXIU_OWNERS, "wang-fang", "不满意 1 没有给出金额");

        assertThat(chat.lastBot(JINXIU_OWNERS)).contains("已上报社区", "2026年3月9日（周一）当天结束前处理");
        EscalationItem item = itemOf("jinxiu", 1);
        assertThat(item.tier()).isEqualTo(1);
        assertThat(item.answeredAt()).isNull();
        assertThat(chat.lastBot(DONGYUAN_COMMUNITY)).startsWith("【社区待办 #" + item.id() + "】锦绣花园")
                .contains("业主对答复不满意：没有给出金额", "答复：正在统计。");
        assertThat(sunlight.auditLog().entriesFor("escalation:" + item.id())).extracting(entry -> entry.action())
                .containsExactly("escalation.open", "escalation.answered", "escalation.disputed");
    }

    @Test
    void anAnswerNobodyReactsToClosesAfterThreeWorkingDays() {
        chat.say(JINXIU_OWNERS, "wang-fang", "提问 公共收益余额多少？");
        chat.say(JINXIU_OWNERS, "chen-jian", "答复 1 余额为 85,000 元。");
        clock.set(Instant.parse("2026-03-05T15:59:00Z")); // Thu 23:59 Beijing: still waiting
        sunlight.escalationSweep().run(clock.instant());
        assertThat(itemOf("jinxiu", 1).state()).isEqualTo(EscalationItem.OPEN);

        clock.advance(Duration.ofMinutes(1));
        sunlight.escalationSweep().run(clock.instant());
        sunlight.escalationSweep().run(clock.instant());
        chat.settle();

        assertThat(itemOf("jinxiu", 1).state()).isEqualTo(EscalationItem.RESOLVED);
        assertThat(chat.bot(JINXIU_OWNERS)).filteredOn(text -> text.startsWith("【事项办结】")).singleElement()
                .asString().contains("视为认可");
    }

    @Test
    void numbersArePerComplexAndResolvedInTheSpeakersComplex() {
        chat.say(JINXIU_OWNERS, "wang-fang", "提问 第一个问题");
        chat.say("complex:yangguang:owners", "zhao-min", "提问 阳光苑的问题");
        assertThat(chat.lastBot("complex:yangguang:owners")).contains("编号 1 号");

        chat.say("complex:yangguang:owners", "zhao-min", "进度 1");
        assertThat(chat.lastBot("complex:yangguang:owners")).contains("阳光苑的问题").doesNotContain("第一个问题");
        chat.say(JINXIU_OWNERS, "wang-fang", "进度 7");
        assertThat(chat.lastBot(JINXIU_OWNERS)).contains("锦绣花园没有7号提问");
    }

    @Test
    void anAtMentionThatIsNoCommandBecomesAQuestionButOrdinaryChatterIsIgnored() {
        chat.say(JINXIU_OWNERS, "li-qiang", "今天天气不错");
        assertThat(chat.bot(JINXIU_OWNERS)).isEmpty();

        chat.say(JINXIU_OWNERS, "li-qiang", "@阳光监督助手 电梯什么时候修好？");
        assertThat(chat.lastBot(JINXIU_OWNERS)).startsWith("已登记李强的提问，编号 1 号。");
        assertThat(sunlight.questions().find(itemOf("jinxiu", 1).complexId(), 1).orElseThrow().text())
                .isEqualTo("电梯什么时候修好？");
    }

    @Test
    void aPrivateQuestionIsAnsweredInThePrivateChat() {
        chat.say("private:sun-li", "sun-li", "提问 小区门禁什么时候换？");
        assertThat(chat.lastBot("private:sun-li")).contains("编号 1 号", "2026年3月5日（周四）当天结束前答复");

        chat.say("complex:hupan:owners", "he-jing", "答复 1 下周一更换。");

        assertThat(chat.lastBot("private:sun-li")).startsWith("【1号提问的答复】").contains("下周一更换。");
        assertThat(chat.lastBot("complex:hupan:owners")).contains("已将1号提问的答复发到提问所在的群或私聊");
    }

    @Test
    void onlyCommitteeOrPropertyMayAnswerAndOnlyAnsweredQuestionsCanBeAccepted() {
        chat.say(JINXIU_OWNERS, "wang-fang", "提问 维修资金还剩多少？");
        chat.say(JINXIU_OWNERS, "li-qiang", "答复 1 我猜还有很多");
        assertThat(chat.lastBot(JINXIU_OWNERS)).contains("您的身份不能使用这个命令");

        chat.say(JINXIU_OWNERS, "wang-fang", "满意 1");
        assertThat(chat.lastBot(JINXIU_OWNERS)).contains("1号提问还没有答复");
        assertThat(itemOf("jinxiu", 1).state()).isEqualTo(EscalationItem.OPEN);
    }
}
