package dev.dendrite.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ConfusionMatrixTest {

    @Test
    void countsRowsAsTruthAndColumnsAsPredictions() {
        ConfusionMatrix m = new ConfusionMatrix(3);
        m.add(new int[] {0, 0, 1, 2, 2, 2}, new int[] {0, 1, 1, 2, 2, 0});
        assertEquals(1, m.count(0, 0));
        assertEquals(1, m.count(0, 1));
        assertEquals(1, m.count(2, 0));
        assertEquals(0, m.count(1, 0));
        assertEquals(6, m.total());
        assertEquals(4.0 / 6, m.accuracy(), 1e-12);
        assertEquals(0.5, m.recall(0), 1e-12);       // truth 0: one of two right
        assertEquals(2.0 / 3, m.recall(2), 1e-12);
        assertEquals(0.5, m.precision(0), 1e-12);    // predicted 0: one of two truly 0
        assertEquals(0.5, m.precision(1), 1e-12);
    }

    @Test
    void batchesAccumulate() {
        ConfusionMatrix m = new ConfusionMatrix(2);
        m.add(new int[] {0, 1}, new int[] {0, 1});
        m.add(new int[] {1}, new int[] {0});
        assertEquals(3, m.total());
        assertEquals(1, m.count(1, 0));
    }

    @Test
    void emptyMatrixHasZeroAccuracy() {
        ConfusionMatrix m = new ConfusionMatrix(2);
        assertEquals(0, m.accuracy());
        assertEquals(0, m.recall(1));
        assertEquals(0, m.precision(1));
    }

    @Test
    void badInputIsRejectedWithItsPlace() {
        ConfusionMatrix m = new ConfusionMatrix(3);
        assertEquals("ConfusionMatrix.add: label 1 is 3, expected a class in [0, 3)",
                assertThrows(IllegalArgumentException.class, () -> m.add(new int[] {0, 3}, new int[] {0, 0})).getMessage());
        assertEquals("ConfusionMatrix.add: prediction 0 is -1, expected a class in [0, 3)",
                assertThrows(IllegalArgumentException.class, () -> m.add(new int[] {0}, new int[] {-1})).getMessage());
        assertEquals("ConfusionMatrix.add: 2 labels but 1 predictions",
                assertThrows(IllegalArgumentException.class, () -> m.add(new int[] {0, 1}, new int[] {0})).getMessage());
        assertEquals(0, m.total(), "a rejected batch adds nothing");
    }

    @Test
    void formatsAnAlignedTable() {
        ConfusionMatrix m = new ConfusionMatrix(2);
        m.add(new int[] {0, 0, 0, 1}, new int[] {0, 0, 1, 1});
        String expected = String.join("\n",
                "truth \\ predicted  0  1   recall",
                "0 cat              2  1    66.7%",
                "1 dog              0  1   100.0%",
                "accuracy 75.00% of 4");
        assertEquals(expected, m.format(new String[] {"cat", "dog"}));
    }
}
