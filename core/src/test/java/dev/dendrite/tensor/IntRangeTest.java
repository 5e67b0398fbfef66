package dev.dendrite.tensor;

import static dev.dendrite.tensor.Ref.D;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Bounds on int values that the host knows without reading the device, and how writes move them. */
class IntRangeTest {

    @Test
    void hostDataGivesBoundsThatViewsAndCopiesKeep() {
        try (Scope s = Scope.open()) {
            Tensor labels = Tensor.of(D, new int[] {3, 0, 7, 2}, 2, 2);
            assertEquals(new IntRange(0, 7), labels.storage.valueRange());
            assertEquals(new IntRange(0, 7), labels.reshape(-1).storage.valueRange());   // a view: the same storage
            assertEquals(new IntRange(0, 7), labels.t().contiguous().storage.valueRange());   // a copy of ints
            assertEquals(new IntRange(0, 5), Tensor.zerosInt(D, 3).fill_(5).storage.valueRange());   // widened, never narrowed
        }
    }

    @Test
    void argmaxAndConcatKnowTheirBounds() {
        try (Scope s = Scope.open()) {
            Tensor am = Tensor.zeros(D, 2, 6).argmax(1, false);
            assertEquals(new IntRange(0, 5), am.storage.valueRange());
            Tensor joined = Tensor.concat(0, Tensor.of(D, new int[] {4, 9}, 2), Tensor.of(D, new int[] {-1}, 1));
            assertEquals(new IntRange(-1, 9), joined.storage.valueRange());
        }
    }

    @Test
    void writesWidenTheBoundsAndValuesFromFloatsAreUnknown() {
        try (Scope s = Scope.open()) {
            Tensor t = Tensor.of(D, new int[] {1, 2, 3});
            t.narrow(0, 0, 1).copy_(Tensor.of(D, new int[] {8}));
            assertEquals(new IntRange(1, 8), t.storage.valueRange());
            assertNull(Tensor.of(D, new float[] {1.5f}).toInt().storage.valueRange());
            t.copy_(Tensor.of(D, new float[] {0, 1, 2}));
            assertNull(t.storage.valueRange(), "ints converted from floats on the device are not known on the host");
        }
    }

    @Test
    void boundsThatDoNotFitFallBackToReadingTheValues() {
        try (Scope s = Scope.open()) {
            Tensor index = Tensor.of(D, new int[] {1, 9}).narrow(0, 0, 1);   // the storage holds 9, the view only 1
            Tensor picked = Tensor.of(D, new float[] {10, 20, 30}).indexSelect(0, index);
            assertEquals(20f, picked.item());
            assertTrue(IntRange.EMPTY.within(0), "no values fit every axis");
        }
    }
}
