package org.sunlight.channel.wecom;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a message into parts a WeCom group robot accepts: markdown at most 4096 UTF-8 bytes,
 * text at most 2048, cut at line boundaries (a single overlong line is cut at a character
 * boundary, never inside a multi-byte character).
 */
public final class RobotMessages {

    public static final int MARKDOWN_MAX_BYTES = 4096;
    public static final int TEXT_MAX_BYTES = 2048;

    private RobotMessages() {
    }

    public static List<String> split(String body, int maxBytes) {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int currentBytes = 0;
        boolean started = false;
        for (String line : body.split("\n", -1)) {
            for (String piece : cutLine(line, maxBytes)) {
                int pieceBytes = bytes(piece);
                if (started && currentBytes + 1 + pieceBytes > maxBytes) {
                    parts.add(current.toString());
                    current.setLength(0);
                    currentBytes = 0;
                    started = false;
                }
                if (started) {
                    current.append('\n');
                    currentBytes++;
                }
                current.append(piece);
                currentBytes += pieceBytes;
                started = true;
            }
        }
        if (started) {
            parts.add(current.toString());
        }
        parts.replaceAll(RobotMessages::stripTrailingNewlines);
        parts.removeIf(String::isBlank);
        if (parts.isEmpty()) {
            parts.add(body.strip());
        }
        return parts;
    }

    private static List<String> cutLine(String line, int maxBytes) {
        if (bytes(line) <= maxBytes) {
            return List.of(line);
        }
        List<String> pieces = new ArrayList<>();
        StringBuilder piece = new StringBuilder();
        int pieceBytes = 0;
        for (int offset = 0; offset < line.length(); ) {
            int codePoint = line.codePointAt(offset);
            String character = new String(Character.toChars(codePoint));
            int characterBytes = bytes(character);
            if (pieceBytes + characterBytes > maxBytes) {
                pieces.add(piece.toString());
                piece.setLength(0);
                pieceBytes = 0;
            }
            piece.append(character);
            pieceBytes += characterBytes;
            offset += Character.charCount(codePoint);
        }
        pieces.add(piece.toString());
        return pieces;
    }

    private static String stripTrailingNewlines(String text) {
        int end = text.length();
        while (end > 0 && text.charAt(end - 1) == '\n') {
            end--;
        }
        return text.substring(0, end);
    }

    public static int bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}
