package org.sunlight.channel.wecom;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class RobotMessagesTest {

    @Test
    void aShortMessageIsOnePartUnchanged() {
        assertThat(RobotMessages.split("## 公示\n\n已发布", 4096)).containsExactly("## 公示\n\n已发布");
    }

    @Test
    void partsBreakAtLinesAndKeepEmptyLinesInside() {
        List<String> parts = RobotMessages.split("第一行\n\n第二行\n第三行", 20);

        assertThat(parts).allSatisfy(part -> assertThat(RobotMessages.bytes(part)).isLessThanOrEqualTo(20));
        assertThat(String.join("\n", parts)).isEqualTo("第一行\n\n第二行\n第三行");
    }

    @Test
    void anOverlongLineIsCutBetweenCharactersNeverInsideOne() {
        String line = "锦绣花园😀".repeat(100);

        List<String> parts = RobotMessages.split(line, 100);

        assertThat(parts).hasSizeGreaterThan(1)
                .allSatisfy(part -> assertThat(RobotMessages.bytes(part)).isLessThanOrEqualTo(100));
        assertThat(String.join("", parts)).isEqualTo(line);
    }
}
