package dev.dendrite.examples;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Path;

/**
 * Lays small grey-scale images out in a grid, one labelled row per kind (for the autoencoder:
 * originals above their reconstructions), each pixel drawn as a {@code scale x scale} square.
 */
public final class ImageGrid {
    /** Blank pixels between images. */
    static final int GAP = 4;

    private ImageGrid() {}

    /**
     * Renders {@code rows[r][c]}, an image of {@code height * width} values in [0, 1] (row-major;
     * values outside are clamped), as a grey-scale image: 0 black, 1 white.
     *
     * @param labels one label per row, drawn on the left (null for none)
     */
    public static BufferedImage render(String[] labels, float[][][] rows, int height, int width, int scale) {
        if (rows.length == 0) throw new IllegalArgumentException("ImageGrid: no rows");
        if (labels != null && labels.length != rows.length) {
            throw new IllegalArgumentException("ImageGrid: " + labels.length + " labels for " + rows.length + " rows");
        }
        int columns = 0;
        for (float[][] row : rows) {
            columns = Math.max(columns, row.length);
            for (float[] img : row) {
                if (img.length != height * width) {
                    throw new IllegalArgumentException("ImageGrid: an image has " + img.length + " values, expected "
                            + height + " x " + width + " = " + height * width);
                }
            }
        }
        int labelWidth = labels == null ? 0 : labelWidth(labels);
        int cellW = width * scale + GAP, cellH = height * scale + GAP;
        BufferedImage out = new BufferedImage(labelWidth + GAP + columns * cellW, GAP + rows.length * cellH,
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, out.getWidth(), out.getHeight());
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setFont(font());
            FontMetrics fm = g.getFontMetrics();
            for (int r = 0; r < rows.length; r++) {
                int top = GAP + r * cellH;
                if (labels != null) {
                    g.setColor(Color.BLACK);
                    g.drawString(labels[r], GAP, top + (height * scale + fm.getAscent()) / 2);
                }
                for (int c = 0; c < rows[r].length; c++) {
                    drawImage(out, rows[r][c], height, width, scale, labelWidth + GAP + c * cellW, top);
                }
            }
        } finally {
            g.dispose();
        }
        return out;
    }

    /** Renders the grid (scale 3) and writes it as a PNG. */
    public static void writePng(Path file, String[] labels, float[][][] rows, int height, int width) {
        Png.write(render(labels, rows, height, width, 3), file);
    }

    private static void drawImage(BufferedImage out, float[] img, int height, int width, int scale, int left, int top) {
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                float v = img[y * width + x];
                int grey = Float.isNaN(v) ? 0 : Math.round(Math.max(0f, Math.min(1f, v)) * 255f);
                int rgb = grey << 16 | grey << 8 | grey;
                for (int dy = 0; dy < scale; dy++) {
                    for (int dx = 0; dx < scale; dx++) out.setRGB(left + x * scale + dx, top + y * scale + dy, rgb);
                }
            }
        }
    }

    private static Font font() {
        return new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    }

    private static int labelWidth(String[] labels) {
        BufferedImage scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = scratch.createGraphics();
        try {
            FontMetrics fm = g.getFontMetrics(font());
            int w = 0;
            for (String l : labels) w = Math.max(w, fm.stringWidth(l));
            return w + 2 * GAP;
        } finally {
            g.dispose();
        }
    }
}
