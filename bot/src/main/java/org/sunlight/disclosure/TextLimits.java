package org.sunlight.disclosure;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How long one text message may be on each kind of channel, and splitting a long text to fit.
 * The WeCom group robot's text limit (2,048 bytes of UTF-8) is the conservative default.
 */
public final class TextLimits {

    public static final int DEFAULT_BYTES = 2048;
    private static final Map<String, Integer> BYTES_BY_CHANNEL = Map.of(
            "sandbox", 2048, "wecom-robot", 2048, "wecom-customer-group", 2048, "wecom-app", 2048,
            "wecom-kf", 2048, "mp", 2048);
    /** Room kept for the "（1/3）" marker on split parts. */
    private static final int MARKER_BYTES = 24;

    private TextLimits() {
    }

    public static int bytesFor(String channel) {
        return BYTES_BY_CHANNEL.getOrDefault(channel, DEFAULT_BYTES);
    }

    /** Splits at line ends (inside a line only if it alone is too long); each part ≤ {@code limitBytes}. */
    public static List<String> split(String text, int limitBytes) {
        if (bytes(text) <= limitBytes) {
            return List.of(text);
        }
        int budget = limitBytes - MARKER_BYTES;
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            for (String piece : pieces(line, budget)) {
                int extra = current.length() == 0 ? bytes(piece) : bytes(piece) + 1;
                if (bytes(current.toString()) + extra > budget) {
                    parts.add(current.toString());
                    current.setLength(0);
                }
                if (current.length() > 0) {
                    current.append('\n');
                }
                current.append(piece);
            }
        }
        if (!current.toString().isBlank()) {
            parts.add(current.toString());
        }
        List<String> marked = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            marked.add("（" + (i + 1) + "/" + parts.size() + "）" + parts.get(i).strip());
        }
        return marked;
    }

    private static List<String> pieces(String line, int budget) {
        List<String> pieces = new ArrayList<>();
        StringBuilder piece = new StringBuilder();
        line.codePoints().forEach(codePoint -> {
            String character = new String(Character.toChars(codePoint));
            if (bytes(piece.toString()) + bytes(character) > budget) {
                pieces.add(piece.toString());
                piece.setLength(0);
            }
            piece.append(character);
        });
        pieces.add(piece.toString());
        return pieces;
    }

    static int bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}
