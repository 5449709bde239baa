package org.sunlight.disclosure;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Writes an RGB image as a PNG, written for the statement charts: a few flat colours and their
 * antialiased edges. ImageIO's writer tries every row filter on every row and deflates at its
 * highest level, which made encoding most of a chart's cost; here the image becomes an indexed PNG
 * (channels rounded to multiples of 4, one byte a pixel, no filter) deflated at a fast level, or
 * a truecolour one if it still has more than 256 colours. Written from the PNG specification (RFC 2083). Stateless.
 */
final class PngEncoder {

    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final int LEVEL = 1;

    private PngEncoder() {
    }

    static byte[] encode(BufferedImage image) {
        int width = image.getWidth();
        int height = image.getHeight();
        if (image.getType() != BufferedImage.TYPE_INT_RGB) {
            throw new IllegalArgumentException("expects TYPE_INT_RGB, got " + image.getType());
        }
        // The pixels themselves: getRGB converts each one through the colour model.
        int[] pixels = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
        int[] palette = new int[256];
        byte[] indexed = index(pixels, width, height, palette);
        ByteArrayOutputStream out = new ByteArrayOutputStream(32 * 1024);
        out.writeBytes(SIGNATURE);
        boolean paletted = indexed != null;
        byte[] header = new byte[13];
        putInt(header, 0, width);
        putInt(header, 4, height);
        header[8] = 8;                       // bit depth
        header[9] = (byte) (paletted ? 3 : 2); // indexed or truecolour
        chunk(out, "IHDR", header, header.length);
        byte[] raw;
        if (paletted) {
            int colours = countColours(palette);
            byte[] plte = new byte[colours * 3];
            for (int i = 0; i < colours; i++) {
                plte[i * 3] = (byte) (palette[i] >> 16);
                plte[i * 3 + 1] = (byte) (palette[i] >> 8);
                plte[i * 3 + 2] = (byte) palette[i];
            }
            chunk(out, "PLTE", plte, plte.length);
            raw = indexed;
        } else {
            raw = new byte[height * (1 + width * 3)];
            int at = 0;
            for (int y = 0; y < height; y++) {
                raw[at++] = 0; // filter: none
                for (int x = 0; x < width; x++) {
                    int rgb = pixels[y * width + x];
                    raw[at++] = (byte) (rgb >> 16);
                    raw[at++] = (byte) (rgb >> 8);
                    raw[at++] = (byte) rgb;
                }
            }
        }
        Deflater deflater = new Deflater(LEVEL);
        try {
            deflater.setInput(raw);
            deflater.finish();
            byte[] compressed = new byte[Math.max(1024, raw.length / 8)];
            int length = 0;
            while (!deflater.finished()) {
                if (length == compressed.length) {
                    compressed = Arrays.copyOf(compressed, compressed.length * 2);
                }
                length += deflater.deflate(compressed, length, compressed.length - length);
            }
            chunk(out, "IDAT", compressed, length);
        } finally {
            deflater.end();
        }
        chunk(out, "IEND", new byte[0], 0);
        return out.toByteArray();
    }

    /**
     * Rows of palette indices, each led by filter byte 0, filling {@code palette} (opaque ARGB,
     * unused slots 0); null when the image has more than 256 colours.
     */
    private static byte[] index(int[] pixels, int width, int height, int[] palette) {
        // Open addressing on the colour; the previous pixel's colour is tried first since runs are long.
        int[] keys = new int[1024];
        byte[] values = new byte[1024];
        boolean[] used = new boolean[1024];
        int colours = 0;
        byte[] raw = new byte[height * (1 + width)];
        int at = 0;
        int lastColour = 0;
        byte lastIndex = 0;
        boolean haveLast = false;
        for (int y = 0; y < height; y++) {
            raw[at++] = 0;
            int row = y * width;
            for (int x = 0; x < width; x++) {
                int colour = pixels[row + x] | 0xff000000;
                if (haveLast && colour == lastColour) {
                    raw[at++] = lastIndex;
                    continue;
                }
                lastColour = colour;
                colour = coarse(colour);
                int slot = (colour * 0x9E3779B1) >>> 22;
                while (used[slot] && keys[slot] != colour) {
                    slot = (slot + 1) & 1023;
                }
                if (!used[slot]) {
                    if (colours == 256) {
                        return null;
                    }
                    used[slot] = true;
                    keys[slot] = colour;
                    values[slot] = (byte) colours;
                    palette[colours++] = colour;
                }
                lastIndex = values[slot];
                haveLast = true;
                raw[at++] = lastIndex;
            }
        }
        return raw;
    }

    /**
     * Rounds each channel to a multiple of 4 (255 stays 255): antialiased text in two colours
     * blends into a few hundred shades, a difference nobody sees, and this keeps them within one
     * 256-colour palette.
     */
    private static int coarse(int colour) {
        return 0xff000000 | coarseChannel(colour >> 16) << 16 | coarseChannel(colour >> 8) << 8 | coarseChannel(colour);
    }

    private static int coarseChannel(int channel) {
        return Math.min(255, ((channel & 0xff) + 2) & ~3);
    }

    /** Used palette slots hold opaque colours, so the first zero ends them. */
    private static int countColours(int[] palette) {
        int count = 0;
        while (count < palette.length && palette[count] != 0) {
            count++;
        }
        return Math.max(1, count);
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data, int length) {
        byte[] lengthBytes = new byte[4];
        putInt(lengthBytes, 0, length);
        out.writeBytes(lengthBytes);
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        out.writeBytes(typeBytes);
        out.write(data, 0, length);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data, 0, length);
        byte[] crcBytes = new byte[4];
        putInt(crcBytes, 0, (int) crc.getValue());
        out.writeBytes(crcBytes);
    }

    private static void putInt(byte[] target, int offset, int value) {
        target[offset] = (byte) (value >>> 24);
        target[offset + 1] = (byte) (value >>> 16);
        target[offset + 2] = (byte) (value >>> 8);
        target[offset + 3] = (byte) value;
    }
}
