package org.sunlight.channel.callback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

class SafeXmlTest {

    @Test
    void readsTheRootsChildrenFromCdataAndPlainText() {
        Map<String, String> fields = SafeXml.fields("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<xml>"
                + "<ToUserName><![CDATA[ww123]]></ToUserName>\n  <CreateTime>1764000000</CreateTime>"
                + "<Content><![CDATA[提问 东门路灯坏了 <b>&amp;</b>]]></Content><MsgId> 42 </MsgId></xml>");

        assertThat(fields).containsExactlyInAnyOrderEntriesOf(Map.of("ToUserName", "ww123",
                "CreateTime", "1764000000", "Content", "提问 东门路灯坏了 <b>&amp;</b>", "MsgId", "42"));
    }

    @Test
    void replacesThePredefinedEntitiesAndCharacterReferencesOutsideCdata() {
        assertThat(SafeXml.fields("<xml><Content>A &amp; B &lt;3 &#x4E1C;&#38376;</Content></xml>"))
                .containsEntry("Content", "A & B <3 东门");
    }

    @Test
    void aNestedChildGivesAllTheTextInsideItAndCommentsAreSkipped() {
        Map<String, String> fields = SafeXml.fields("<xml><!-- note --><ScanCodeInfo><ScanType><![CDATA[qrcode]]>"
                + "</ScanType><ScanResult>1</ScanResult></ScanCodeInfo><Event>scancode_push</Event></xml>");

        assertThat(fields).containsEntry("ScanCodeInfo", "qrcode1").containsEntry("Event", "scancode_push")
                .doesNotContainKey("ScanType");
    }

    @Test
    void refusesADoctypeInAnyCase() {
        assertThatThrownBy(() -> SafeXml.fields("<!doctype xml [<!entity x \"y\">]><xml><A>&x;</A></xml>"))
                .isInstanceOf(CallbackRejected.class).hasMessageContaining("DOCTYPE");
    }

    @Test
    void refusesUndeclaredEntitiesAndMalformedXml() {
        assertThatThrownBy(() -> SafeXml.fields("<xml><A>&x;</A></xml>")).isInstanceOf(CallbackRejected.class)
                .hasMessageContaining("malformed");
        assertThatThrownBy(() -> SafeXml.fields("<xml><A>1</B></xml>")).isInstanceOf(CallbackRejected.class)
                .hasMessageContaining("malformed");
        assertThatThrownBy(() -> SafeXml.fields("<xml><A>1</A>")).isInstanceOf(CallbackRejected.class)
                .hasMessageContaining("malformed");
        assertThatThrownBy(() -> SafeXml.fields("not xml")).isInstanceOf(CallbackRejected.class)
                .hasMessageContaining("malformed");
    }
}
