package org.sunlight.logging;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SecretMaskerTest {

    @Test
    void masksTokensAndWebhookKeysInUrls() {
        String masked = SecretMasker.mask("POST https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx&debug=1 "
                + "and /cgi-bin/message/send?access_token=ACCESS_TOKEN_VALUE failed");

        assertThat(masked).contains("key=***&debug=1", "access_token=***")
                .doesNotContain("693a91f6", "ACCESS_TOKEN_VALUE");
    }

    @Test
    void masksSecretsInJson() {
        assertThat(SecretMasker.mask("{\"corpsecret\": \"abc123\", \"name\": \"王芳\"}"))
                .isEqualTo("{\"corpsecret\": \"***\", \"name\": \"王芳\"}");
    }

    @Test
    void leavesOrdinaryTextAlone() {
        assertThat(SecretMasker.mask("GET /sandbox 200 12ms")).isEqualTo("GET /sandbox 200 12ms");
    }
}
