package dev.dendrite.javadevice;

import dev.dendrite.device.BinaryOp;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link RowKernels} with the Vector API: relu's backward pass as one comparison and one blend
 * per vector (2.5-3 times faster than the scalar bit trick, which C2 does not vectorize); the four
 * arithmetic ops on rows at unequal offsets or against one broadcast value, which C2 leaves
 * scalar (it cannot rule out that the arrays overlap). A vector add, subtract, multiply or divide
 * rounds each lane as the scalar operation does, so the results are the same to the bit.
 */
final class VectorRowKernels implements RowKernels {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

    @Override public void reluGate(float[] a, float[] g, float[] y, int from, int to) {
        int i = from;
        for (; i + F.length() <= to; i += F.length()) {
            FloatVector open = FloatVector.fromArray(F, a, i);
            FloatVector.zero(F).blend(FloatVector.fromArray(F, g, i), open.compare(VectorOperators.GT, 0f)).intoArray(y, i);
        }
        RowKernels.super.reluGate(a, g, y, i, to);
    }

    @Override public boolean arithmetic(BinaryOp op, float[] a, int ao, float[] b, int bo, int bs, float[] y, int yo, int n) {
        if ((bs != 0 && bs != 1) || n < F.length()) return false;
        int i = 0, end = n - F.length();
        if (bs == 1) {
            switch (op) {
                case ADD -> { for (; i <= end; i += F.length()) v(a, ao + i).add(v(b, bo + i)).intoArray(y, yo + i); }
                case SUB -> { for (; i <= end; i += F.length()) v(a, ao + i).sub(v(b, bo + i)).intoArray(y, yo + i); }
                case MUL -> { for (; i <= end; i += F.length()) v(a, ao + i).mul(v(b, bo + i)).intoArray(y, yo + i); }
                case DIV -> { for (; i <= end; i += F.length()) v(a, ao + i).div(v(b, bo + i)).intoArray(y, yo + i); }
                default -> { return false; }
            }
        } else {
            float c = b[bo];
            switch (op) {
                case ADD -> { for (; i <= end; i += F.length()) v(a, ao + i).add(c).intoArray(y, yo + i); }
                case SUB -> { for (; i <= end; i += F.length()) v(a, ao + i).sub(c).intoArray(y, yo + i); }
                case MUL -> { for (; i <= end; i += F.length()) v(a, ao + i).mul(c).intoArray(y, yo + i); }
                case DIV -> { for (; i <= end; i += F.length()) v(a, ao + i).div(c).intoArray(y, yo + i); }
                default -> { return false; }
            }
        }
        for (; i < n; i++) {
            float x = a[ao + i], z = b[bo + i * bs];
            y[yo + i] = switch (op) {
                case ADD -> x + z;
                case SUB -> x - z;
                case MUL -> x * z;
                default -> x / z;
            };
        }
        return true;
    }

    private static FloatVector v(float[] array, int offset) {
        return FloatVector.fromArray(F, array, offset);
    }
}
