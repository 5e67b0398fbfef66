package dev.dendrite.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LineChartTest {
    @TempDir Path dir;

    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    @Test
    void writesAPngWithOnePanelPerChartAndTheSeriesColours() throws IOException {
        double[] epochs = {1, 2, 3, 4};
        LineChart loss = new LineChart("loss", "epoch").add("train", epochs, new double[] {0.9, 0.5, 0.4, 0.35});
        LineChart acc = new LineChart("accuracy", "epoch")
                .add("train", epochs, new double[] {0.7, 0.8, 0.85, 0.87})
                .add("test", epochs, new double[] {0.72, 0.81, Double.NaN, 0.88});
        Path file = dir.resolve("sub/curves.png");
        LineChart.writePng(file, loss, acc);

        BufferedImage img = ImageIO.read(file.toFile());
        assertEquals(2 * LineChart.PANEL_WIDTH, img.getWidth());
        assertEquals(LineChart.PANEL_HEIGHT, img.getHeight());
        // The first series is blue in both panels, the second orange in the right one only.
        assertTrue(countColour(img, 0, LineChart.PANEL_WIDTH, LineChart.PALETTE[0]) > 50);
        assertTrue(countColour(img, LineChart.PANEL_WIDTH, 2 * LineChart.PANEL_WIDTH, LineChart.PALETTE[0]) > 50);
        assertEquals(0, countColour(img, 0, LineChart.PANEL_WIDTH, LineChart.PALETTE[1]));
        assertTrue(countColour(img, LineChart.PANEL_WIDTH, 2 * LineChart.PANEL_WIDTH, LineChart.PALETTE[1]) > 30);
        try (var files = Files.list(file.getParent())) {
            assertEquals(1, files.count(), "no temporary file is left behind");
        }
    }

    @Test
    void aSinglePointOrNoPointStillDraws() throws IOException {
        Path one = dir.resolve("one.png");
        LineChart.writePng(one, new LineChart("loss", "epoch").add("train", new double[] {1}, new double[] {0.5}));
        assertTrue(countColour(ImageIO.read(one.toFile()), 0, LineChart.PANEL_WIDTH, LineChart.PALETTE[0]) > 10);
        Path none = dir.resolve("none.png");
        LineChart.writePng(none, new LineChart("loss", "epoch"));
        assertEquals(LineChart.PANEL_WIDTH, ImageIO.read(none.toFile()).getWidth());
    }

    @Test
    void mismatchedSeriesAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new LineChart("loss", "epoch").add("train", new double[] {1, 2}, new double[] {1}));
        assertEquals("LineChart.add(train): 2 x values but 1 y values", e.getMessage());
    }

    @Test
    void unwritablePlaceIsAUserError() throws IOException {
        Path blocker = Files.writeString(dir.resolve("file"), "x");
        UserError e = assertThrows(UserError.class,
                () -> LineChart.writePng(blocker.resolve("curves.png"), new LineChart("loss", "epoch")));
        assertTrue(e.getMessage().startsWith("cannot write " + blocker.resolve("curves.png")), e.getMessage());
    }

    @Test
    void ticksAreRoundNumbersCoveringTheRange() {
        assertArrayEquals(new double[] {0.2, 0.4, 0.6, 0.8, 1.0}, LineChart.ticks(0.25, 0.95, 6, 0), 1e-12);
        assertArrayEquals(new double[] {0, 2, 4, 6, 8, 10}, LineChart.ticks(1, 10, 8, 1), 1e-12);
        assertArrayEquals(new double[] {1, 2, 3}, LineChart.ticks(1, 3, 8, 1), 1e-12);
        assertArrayEquals(new double[] {1, 1.5, 2, 2.5, 3}, LineChart.ticks(1, 3, 8, 0), 1e-12);
    }

    private static int countColour(BufferedImage img, int fromX, int toX, Color c) {
        int n = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = fromX; x < toX; x++) if ((img.getRGB(x, y) & 0xffffff) == (c.getRGB() & 0xffffff)) n++;
        }
        return n;
    }
}
