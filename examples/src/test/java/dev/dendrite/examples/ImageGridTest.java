package dev.dendrite.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageGridTest {
    @TempDir Path dir;

    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    @Test
    void pixelsLandWhereTheyShouldScaledAndClamped() throws IOException {
        // Two rows of two 2x3 images; each image's pixel (y, x) has a value we can find again.
        float[][][] rows = new float[2][2][];
        for (int r = 0; r < 2; r++) {
            for (int c = 0; c < 2; c++) {
                float[] img = new float[6];
                for (int i = 0; i < 6; i++) img[i] = (r * 2 + c) / 4f + i / 40f;
                rows[r][c] = img;
            }
        }
        rows[1][1][5] = 7f;   // clamped to white
        rows[0][0][0] = -1f;  // clamped to black
        int scale = 2;
        Path file = dir.resolve("grid.png");
        ImageGrid.writePng(file, null, rows, 2, 3);
        BufferedImage img = ImageIO.read(file.toFile());
        int gap = ImageGrid.GAP, s = 3; // writePng uses scale 3
        assertEquals(gap + 2 * (3 * s + gap), img.getWidth());
        assertEquals(gap + 2 * (2 * s + gap), img.getHeight());
        for (int r = 0; r < 2; r++) {
            for (int c = 0; c < 2; c++) {
                for (int y = 0; y < 2; y++) {
                    for (int x = 0; x < 3; x++) {
                        float v = Math.max(0, Math.min(1, rows[r][c][y * 3 + x]));
                        int expected = Math.round(v * 255);
                        for (int d = 0; d < s; d++) {
                            int px = gap + c * (3 * s + gap) + x * s + d;
                            int py = gap + r * (2 * s + gap) + y * s + d;
                            int rgb = img.getRGB(px, py) & 0xffffff;
                            assertEquals(expected << 16 | expected << 8 | expected, rgb, "row " + r + " col " + c + " pixel " + y + "," + x);
                        }
                    }
                }
            }
        }
        assertEquals(0xffffff, img.getRGB(0, 0) & 0xffffff, "the border is white");
    }

    @Test
    void labelsWidenTheImage() {
        float[][][] rows = {{new float[4]}, {new float[4]}};
        BufferedImage plain = ImageGrid.render(null, rows, 2, 2, 1);
        BufferedImage labelled = ImageGrid.render(new String[] {"original", "reconstruction"}, rows, 2, 2, 1);
        assertEquals(plain.getHeight(), labelled.getHeight());
        assertEquals(true, labelled.getWidth() > plain.getWidth() + 40);
    }

    @Test
    void wrongSizesAreRejected() {
        float[][][] rows = {{new float[5]}};
        assertEquals("ImageGrid: an image has 5 values, expected 2 x 3 = 6",
                assertThrows(IllegalArgumentException.class, () -> ImageGrid.render(null, rows, 2, 3, 1)).getMessage());
        assertEquals("ImageGrid: 2 labels for 1 rows",
                assertThrows(IllegalArgumentException.class,
                        () -> ImageGrid.render(new String[] {"a", "b"}, new float[][][] {{new float[6]}}, 2, 3, 1)).getMessage());
    }
}
