package org.sunlight.bench.micro;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import me.chanjar.weixin.common.util.crypto.SHA1;
import me.chanjar.weixin.cp.config.impl.WxCpDefaultConfigImpl;
import me.chanjar.weixin.cp.util.crypto.WxCpCryptUtil;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.sunlight.bench.CallbackPayloads;
import org.sunlight.channel.callback.CallbackCrypto;
import org.sunlight.disclosure.StatementChart;
import org.sunlight.money.Amounts;
import org.sunlight.templates.Templates;

/**
 * The per-item costs behind the end-to-end goals: opening one callback (timestamp, SHA-1
 * signature, AES decryption, XML parse), rendering one chat template, rendering one statement
 * chart, parsing one amount.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class MicroBenchmarks {

    private CallbackCrypto crypto;
    private String signature;
    private String timestamp;
    private String nonce;
    private String body;
    private Templates templates;
    private Map<String, Object> model;
    private StatementChart chart;
    private List<StatementChart.Bar> bars;

    @Setup
    public void setUp() {
        Instant now = Instant.parse("2026-04-08T02:00:00Z");
        crypto = new CallbackCrypto(CallbackPayloads.TOKEN, CallbackPayloads.AES_KEY, CallbackPayloads.CORP_ID,
                Clock.fixed(now, ZoneOffset.UTC));
        WxCpDefaultConfigImpl config = new WxCpDefaultConfigImpl();
        config.setCorpId(CallbackPayloads.CORP_ID);
        config.setToken(CallbackPayloads.TOKEN);
        config.setAesKey(CallbackPayloads.AES_KEY);
        timestamp = String.valueOf(now.getEpochSecond());
        nonce = "12345";
        String cipher = new WxCpCryptUtil(config).encrypt("a1b2c3d4e5f6g7h8", "<xml><ToUserName><![CDATA["
                + CallbackPayloads.CORP_ID + "]]></ToUserName><FromUserName><![CDATA[staff-1]]></FromUserName>"
                + "<CreateTime>" + timestamp + "</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA["
                + "提问 小区东门的路灯坏了三天，什么时候修？]]></Content><MsgId>123456789</MsgId><AgentID>1000002"
                + "</AgentID></xml>");
        signature = SHA1.gen(CallbackPayloads.TOKEN, timestamp, nonce, cipher);
        body = "<xml><ToUserName><![CDATA[" + CallbackPayloads.CORP_ID + "]]></ToUserName><Encrypt><![CDATA["
                + cipher + "]]></Encrypt><AgentID><![CDATA[1000002]]></AgentID></xml>";
        templates = new Templates(null);
        model = Map.of("title", "东门路灯坏了三天", "reason", "社区未在期限内处理", "tier", "街道办",
                "dueDay", "2026年4月14日（周二）", "age", "6天3小时（4个工作日）");
        chart = new StatementChart();
        bars = List.of(new StatementChart.Bar("停车费", 1_234_500), new StatementChart.Bar("广告费", 456_700),
                new StatementChart.Bar("场地租金", 300_000), new StatementChart.Bar("绿化维护", -250_000),
                new StatementChart.Bar("电梯维修", -890_000));
    }

    @Benchmark
    public Map<String, String> callbackOpen() {
        return crypto.open(signature, timestamp, nonce, body);
    }

    @Benchmark
    public String chatTemplate() {
        return templates.chat("escalation-public", model);
    }

    @Benchmark
    public byte[] statementChart() {
        return chart.render("基准小区 2026年第一季度 公共收益", "金额（元）", bars);
    }

    @Benchmark
    public long amountParse() {
        return Amounts.parseFen("1,234.50");
    }
}
