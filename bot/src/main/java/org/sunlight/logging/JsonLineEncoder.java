package org.sunlight.logging;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.encoder.EncoderBase;

/**
 * Writes each log event as one compact JSON line ({@code ts}, {@code level}, {@code logger},
 * {@code thread}, {@code message}, and {@code error} with the stack trace), with secrets masked.
 */
public final class JsonLineEncoder extends EncoderBase<ILoggingEvent> {

    @Override
    public byte[] headerBytes() {
        return null;
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        StringBuilder line = new StringBuilder(256);
        line.append("{\"ts\":\"").append(Instant.ofEpochMilli(event.getTimeStamp())).append('"');
        field(line, "level", event.getLevel().toString());
        field(line, "logger", event.getLoggerName());
        field(line, "thread", event.getThreadName());
        field(line, "message", SecretMasker.mask(event.getFormattedMessage()));
        IThrowableProxy throwable = event.getThrowableProxy();
        if (throwable != null) {
            field(line, "error", SecretMasker.mask(ThrowableProxyUtil.asString(throwable)));
        }
        line.append("}\n");
        return line.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public byte[] footerBytes() {
        return null;
    }

    private static void field(StringBuilder line, String name, String value) {
        line.append(",\"").append(name).append("\":\"");
        if (value != null) {
            for (int i = 0; i < value.length(); i++) {
                char character = value.charAt(i);
                switch (character) {
                    case '"' -> line.append("\\\"");
                    case '\\' -> line.append("\\\\");
                    case '\n' -> line.append("\\n");
                    case '\r' -> line.append("\\r");
                    case '\t' -> line.append("\\t");
                    default -> {
                        if (character < 0x20) {
                            line.append(String.format("\\u%04x", (int) character));
                        } else {
                            line.append(character);
                        }
                    }
                }
            }
        }
        line.append('"');
    }
}
