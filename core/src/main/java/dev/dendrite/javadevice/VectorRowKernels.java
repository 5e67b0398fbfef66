package dev.dendrite.javadevice;

import dev.dendrite.device.BinaryOp;
import dev.dendrite.device.UnaryOp;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link RowKernels} with the Vector API: relu's backward pass as one comparison and one blend
 * per vector (2.5-3 times faster than the scalar bit trick, which C2 does not vectorize); the four
 * arithmetic ops on rows at unequal offsets or against one broadcast value, which C2 leaves
 * scalar (it cannot rule out that the arrays overlap). A vector add, subtract, multiply or divide
 * rounds each lane as the scalar operation does, so the results are the same to the bit; and
 * the ops that take an exponential (EXP, SIGMOID, TANH, GELU(tanh) forward and backward), whose
 * float arithmetic {@link Transcendentals} spells out operation by operation so that the lanes of
 * {@link VectorTranscendentals} repeat it exactly. Then the rows of softmax and attention, of
 * LayerNorm forward and backward, and the sums of reductions (rows in double lanes, columns
 * widened row by row): all loops C2 leaves scalar on JDK 17. And blocks of dot products, for a
 * few-tap convolution's weight gradient.
 */
final class VectorRowKernels implements RowKernels {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    /** Doubles in a vector of F's size: half as many lanes, for sums that widen floats. */
    private static final VectorSpecies<Double> D = VectorSpecies.of(double.class, F.vectorShape());
    /** Ints in a vector of F's size: a float's bits, for softmax's row maximum. */
    private static final VectorSpecies<Integer> I = VectorSpecies.of(int.class, F.vectorShape());
    // Lane sums: a vector's lanes are stored to an array (newLaneSums) and summed in lane order.
    // reduceLanes(ADD) may add them in any order: on JDK 25 C2 adds them as a tree, the interpreter
    // in lane order, so a result's last bit changed when the JIT compiled the loop, and two runs with
    // one seed trained differently (the CNN's test accuracy 0.8907 in one run, 0.8898 in the next;
    // RowKernelsTest catches it there).
    //
    // An accumulator is only ever an argument (x.add(acc), x.fma(y, acc)), never the receiver, and
    // after its loop it is re-typed by one operation on a fresh vector before it is stored or
    // reduced: zero.add(acc) for sums (one that starts at +0 never holds -0, so the bits are the
    // same), negInf.max(acc) for maxima. C2 types a loop-carried vector by its declared class,
    // FloatVector, so a call on it is bound to Float512Vector only through the receiver-type profile
    // of the Vector API method; where that profile is thin or polluted, the loop is compiled with its
    // vectors boxed for the rest of the run (seen once in a CNN run: these row sums, 13% of an
    // epoch). A row sum with that profile polluted by three other vector shapes: 3.4 ns a float with
    // the accumulator as receiver, 0.11 as argument; unpolluted 0.07-0.12 either way.
    // docs/ARCHITECTURE.md, "JDK 17 and the Vector API".

    /** The lane sums stored by a vector of F (floats) or of D (doubles), added in lane order. */
    private static float inLaneOrder(float[] laneSums) {
        return inLaneOrder(laneSums, 0);
    }

    /** The same for a vector stored at {@code from}. */
    private static float inLaneOrder(float[] sums, int from) {
        float sum = 0f;
        for (int lane = 0; lane < F.length(); lane++) sum += sums[from + lane];
        return sum;
    }

    private static double inLaneOrder(double[] laneSums) {
        double sum = 0;
        for (int lane = 0; lane < D.length(); lane++) sum += laneSums[lane];
        return sum;
    }

    // Rows shorter than one vector (sum, dot, expShifted): only the scalar tail of their loops would
    // do any work, yet their zero accumulators, store and lane sum ran on every call. Before C2
    // compiles a kernel each of those vector operations is a call that allocates, and it warms up
    // the Vector API's fallback code for C2 to compile first: the MLP's loss sums 128 rows of 10
    // logits a step, 60,000 such calls in its first epoch. The lane sums of zero accumulators are
    // +0, so starting the tail from +0 gives the same bits (RowKernelsTest). The short rows and the
    // long rows' tails share one loop each.

    /** {@code total} plus src[from], ..., src[to - 1], added in order: {@link #sum}'s scalar part. */
    private static double addInOrder(double total, float[] src, int from, int to) {
        for (int j = from; j < to; j++) total += src[j];
        return total;
    }

    /** a[i] = e^(a[i] - shift) for i in [from, to), added to {@code total} in order: {@link #expShifted}'s scalar part. */
    private static float expShiftedInOrder(float total, float[] a, int from, int to, float shift) {
        for (int i = from; i < to; i++) total += a[i] = Transcendentals.exp(a[i] - shift);
        return total;
    }

    /**
     * The rows of col2im are short (141 floats in the CNN's second layer) and many (288 per image):
     * one call for all of a tap's images, not one per image and row, and no scalar tail. The last
     * vector of a row ends at its end and may overlap the one before; it is computed from y as it was
     * before the row's loop wrote, so on the overlap both store the same old y + x.
     */
    @Override public void addRows(float[] y, int yo, int ys, float[] x, int xo, int xs, int rows, int n) {
        int lanes = F.length(), last = n - lanes;
        if (last < 0) {
            RowKernels.super.addRows(y, yo, ys, x, xo, xs, rows, n);
            return;
        }
        for (int r = 0; r < rows; r++, yo += ys, xo += xs) {
            FloatVector end = v(x, xo + last).add(v(y, yo + last));
            for (int i = 0; i < last; i += lanes) v(y, yo + i).add(v(x, xo + i)).intoArray(y, yo + i);
            end.intoArray(y, yo + last);
        }
    }

    /**
     * im2col copies rows of outW floats (11 in the CNN's second layer), which System.arraycopy does
     * at about 4 ns a call. A row of at least one vector is copied by vectors, the last one ending at
     * the row's end (overlapping the one before with the same values). A shorter row is one vector
     * that runs on into the next row's place, which the next row then overwrites: that needs the
     * vector within two rows of y and within x's next row (lanes <= 2n and lanes <= xs + n); the
     * last row, which has no next one, is an arraycopy.
     */
    @Override public void copyRows(float[] x, int xo, int xs, float[] y, int yo, int rows, int n) {
        int lanes = F.length();
        if (n >= lanes) {
            for (int r = 0; r < rows; r++, xo += xs, yo += n) {
                for (int i = 0; i < n - lanes; i += lanes) v(x, xo + i).intoArray(y, yo + i);
                v(x, xo + n - lanes).intoArray(y, yo + n - lanes);
            }
        } else if (rows > 0 && 2 * n >= lanes && xs + n >= lanes) {
            for (int r = 0; r < rows - 1; r++, xo += xs, yo += n) v(x, xo).intoArray(y, yo);
            System.arraycopy(x, xo, y, yo, n);
        } else {
            RowKernels.super.copyRows(x, xo, xs, y, yo, rows, n);
        }
    }

    @Override public void reluGate(float[] a, float[] g, float[] y, int from, int to) {
        int i = from;
        for (; i + F.length() <= to; i += F.length()) {
            FloatVector open = FloatVector.fromArray(F, a, i);
            FloatVector.zero(F).blend(FloatVector.fromArray(F, g, i), open.compare(VectorOperators.GT, 0f)).intoArray(y, i);
        }
        RowKernels.super.reluGate(a, g, y, i, to);
    }

    /**
     * where(c, a, b) as one comparison and one blend a vector: the scalar loop's branch on c stays
     * scalar in C2 (20 GB/s on 4M floats). c == 0 (either zero) takes b; anything else, NaN too, a.
     */
    @Override public void where(float[] c, int co, float[] a, int ao, float[] b, int bo, float[] y, int yo, int n) {
        int i = 0;
        for (; i <= n - F.length(); i += F.length()) {
            VectorMask<Float> zero = v(c, co + i).compare(VectorOperators.EQ, 0f);
            v(a, ao + i).blend(v(b, bo + i), zero).intoArray(y, yo + i);
        }
        RowKernels.SCALAR.where(c, co + i, a, ao + i, b, bo + i, y, yo + i, n - i);
    }

    /**
     * A row's sum in double lanes: each vector of floats widened into two of doubles, added into
     * two accumulators, whose lanes are summed in lane order at the end (a conv bias's gradient sums
     * rows of 121-676 floats: 4% of the CNN's samples in the scalar loop).
     */
    @Override public double sum(float[] src, int from, int n, double[] laneSums) {
        if (n < F.length()) return addInOrder(0, src, from, from + n);
        DoubleVector s0 = DoubleVector.zero(D), s1 = DoubleVector.zero(D);
        int j = 0;
        for (; j <= n - F.length(); j += F.length()) {
            FloatVector v = FloatVector.fromArray(F, src, from + j);
            s0 = ((DoubleVector) v.convertShape(VectorOperators.F2D, D, 0)).add(s0);
            s1 = ((DoubleVector) v.convertShape(VectorOperators.F2D, D, 1)).add(s1);
        }
        DoubleVector.zero(D).add(s0).add(s1).intoArray(laneSums, 0);
        double total = inLaneOrder(laneSums);
        return addInOrder(total, src, from + j, from + n);
    }

    /**
     * A row's maximum (or minimum) on the floats' bits as ints, as softmax takes its rows' maxima
     * (the largest int when it is at least 0, else the smallest): an int max and min a vector, where
     * the scalar loop's compare and branch per float took 1.3 ms on 4096 rows of 1024 (13 GB/s).
     * The minimum is minus the maximum of the negated floats (their sign bits flipped). A third
     * chain keeps the largest magnitude: one above infinity's bits is a NaN, and then, as for a
     * zero result (+0 and -0 keep their order there), the scalar loop decides, so the result has
     * the scalar loop's bits.
     */
    @Override public float extremum(float[] src, int from, int step, int n, boolean max) {
        int lanes = F.length(), i = 0;
        if (step != 1 || n < 2 * lanes) return RowKernels.super.extremum(src, from, step, n, max);
        int flip = max ? 0 : Integer.MIN_VALUE;
        IntVector lowest = IntVector.broadcast(I, Integer.MIN_VALUE), highest = IntVector.broadcast(I, Integer.MAX_VALUE);
        IntVector zero = IntVector.zero(I), most = lowest, least = highest, magnitude = zero;
        for (; i <= n - lanes; i += lanes) {
            IntVector bits = ((IntVector) FloatVector.fromArray(F, src, from + i).reinterpretAsInts()).lanewise(VectorOperators.XOR, flip);
            most = bits.max(most);
            least = bits.min(least);
            magnitude = bits.lanewise(VectorOperators.AND, Integer.MAX_VALUE).max(magnitude);
        }
        int mostBits = lowest.max(most).reduceLanes(VectorOperators.MAX);
        int leastBits = highest.min(least).reduceLanes(VectorOperators.MIN);
        int magnitudeBits = zero.max(magnitude).reduceLanes(VectorOperators.MAX);
        for (; i < n; i++) {
            int bits = Float.floatToRawIntBits(src[from + i]) ^ flip;
            mostBits = Math.max(mostBits, bits);
            leastBits = Math.min(leastBits, bits);
            magnitudeBits = Math.max(magnitudeBits, bits & Integer.MAX_VALUE);
        }
        float best = Float.intBitsToFloat((mostBits >= 0 ? mostBits : leastBits) ^ flip);
        if (magnitudeBits > INFINITY_BITS || best == 0f) return RowKernels.super.extremum(src, from, step, n, max);
        return best;
    }

    /** A vector compare for equality a step, and the first lane that matched. */
    @Override public int indexOf(float[] src, int from, int n, float value) {
        int lanes = F.length(), l = 0;
        for (; l <= n - lanes; l += lanes) {
            VectorMask<Float> equal = FloatVector.fromArray(F, src, from + l).compare(VectorOperators.EQ, value);
            if (equal.anyTrue()) return l + equal.firstTrue();
        }
        return l + RowKernels.super.indexOf(src, from + l, n - l, value);
    }

    /** The bits of +infinity: a float whose bits, sign cleared, lie above them is a NaN. */
    private static final int INFINITY_BITS = 0x7F800000;

    @Override public int doubleLanes() {
        return D.length();
    }

    /**
     * Each float widened to double and added, lane by lane: the same sums to the bit as the scalar
     * loop, which C2 leaves scalar (0.33 against 0.11 ns per float on a [2048 x 384] bias gradient).
     */
    @Override public void addToSums(double[] sums, float[] src, int so, int n) {
        int j = 0, half = D.length();
        for (; j <= n - F.length(); j += F.length()) {
            FloatVector v = FloatVector.fromArray(F, src, so + j);
            DoubleVector low = (DoubleVector) v.convertShape(VectorOperators.F2D, D, 0);
            DoubleVector high = (DoubleVector) v.convertShape(VectorOperators.F2D, D, 1);
            DoubleVector.fromArray(D, sums, j).add(low).intoArray(sums, j);
            DoubleVector.fromArray(D, sums, j + half).add(high).intoArray(sums, j + half);
        }
        for (; j < n; j++) sums[j] += src[so + j];
    }

    @Override public int lanes() {
        return F.length();
    }

    /** Two accumulators, so that one FMA's latency hides behind the other's; the lanes are summed once at the end. */
    @Override public float dot(float[] a, int ao, float[] b, int bo, int n, float[] laneSums) {
        int l = F.length(), i = 0;
        if (n < l) return RowKernels.SCALAR.dot(a, ao, b, bo, n, laneSums);   // from +0, in order: the same bits
        FloatVector s0 = FloatVector.zero(F), s1 = FloatVector.zero(F);
        for (; i + 2 * l <= n; i += 2 * l) {
            s0 = v(a, ao + i).fma(v(b, bo + i), s0);
            s1 = v(a, ao + i + l).fma(v(b, bo + i + l), s1);
        }
        if (i + l <= n) {
            s0 = v(a, ao + i).fma(v(b, bo + i), s0);
            i += l;
        }
        FloatVector.zero(F).add(s0).add(s1).intoArray(laneSums, 0);
        float sum = inLaneOrder(laneSums);
        for (; i < n; i++) sum += a[ao + i] * b[bo + i];
        return sum;
    }

    /**
     * Blocks of 4 rows of A by 3 rows of B: each step loads 7 vectors for 12 FMAs, into 12
     * accumulators that run over every image (kept in an array between images) and are summed once
     * at the end. One dot product at a time loaded 2 vectors per FMA and waited on its 2
     * accumulators' latency (the CNN's first-layer weight gradient: 6% of an epoch). Rows left over
     * from the blocks take one dot product per image.
     */
    @Override public void dots(float[] a, int aOff, int aRow, int aImage, int rowsA, float[] b, int bOff, int bRow, int bImage, int rowsB,
                               int n, int images, float[] c, int cOff, int ldc, float[] laneSums) {
        int i = 0;
        float[] blockSums = rowsA >= 4 && rowsB >= 3 ? new float[12 * F.length()] : null;   // one per call
        for (; i + 4 <= rowsA; i += 4) {
            int j = 0;
            for (; j + 3 <= rowsB; j += 3) {
                int ai = aOff + i * aRow, bj = bOff + j * bRow, cij = cOff + i * ldc + j;
                java.util.Arrays.fill(blockSums, 0f);
                for (int q = 0; q < images; q++) dots4x3(a, ai + q * aImage, aRow, b, bj + q * bImage, bRow, n, blockSums);
                for (int r = 0; r < 4; r++) {
                    for (int k = 0; k < 3; k++) c[cij + r * ldc + k] += inLaneOrder(blockSums, (3 * r + k) * F.length());
                }
                // the last n % lanes of each row, one by one
                int whole = n - n % F.length();
                if (whole < n) {
                    RowKernels.SCALAR.dots(a, ai + whole, aRow, aImage, 4, b, bj + whole, bRow, bImage, 3, n - whole, images,
                            c, cij, ldc, laneSums);
                }
            }
            if (j < rowsB) {
                RowKernels.super.dots(a, aOff + i * aRow, aRow, aImage, 4, b, bOff + j * bRow, bRow, bImage, rowsB - j, n, images,
                        c, cOff + i * ldc + j, ldc, laneSums);
            }
        }
        if (i < rowsA) {
            RowKernels.super.dots(a, aOff + i * aRow, aRow, aImage, rowsA - i, b, bOff, bRow, bImage, rowsB, n, images,
                    c, cOff + i * ldc, ldc, laneSums);
        }
    }

    /**
     * The whole vectors of one 4 x 3 block of {@link #dots} for one image (A's rows a0 + r * aRow,
     * B's rows b0 + k * bRow), added to the accumulators kept in {@code sums}: (r, k) at
     * (3r + k) * lanes. One loop, as in the micro-kernels: with the loop over the images in here
     * too, C2 compiled every vector of it boxed (300 KB a call, VectorBoxingTest).
     */
    private static void dots4x3(float[] a, int a0, int aRow, float[] b, int b0, int bRow, int n, float[] sums) {
        int lanes = F.length(), whole = n - n % lanes;
        FloatVector s00 = v(sums, 0), s01 = v(sums, lanes), s02 = v(sums, 2 * lanes);
        FloatVector s10 = v(sums, 3 * lanes), s11 = v(sums, 4 * lanes), s12 = v(sums, 5 * lanes);
        FloatVector s20 = v(sums, 6 * lanes), s21 = v(sums, 7 * lanes), s22 = v(sums, 8 * lanes);
        FloatVector s30 = v(sums, 9 * lanes), s31 = v(sums, 10 * lanes), s32 = v(sums, 11 * lanes);
        for (int p = 0; p < whole; p += lanes) {
            FloatVector x0 = v(a, a0 + p), x1 = v(a, a0 + aRow + p), x2 = v(a, a0 + 2 * aRow + p), x3 = v(a, a0 + 3 * aRow + p);
            FloatVector y = v(b, b0 + p);
            s00 = x0.fma(y, s00); s10 = x1.fma(y, s10); s20 = x2.fma(y, s20); s30 = x3.fma(y, s30);
            y = v(b, b0 + bRow + p);
            s01 = x0.fma(y, s01); s11 = x1.fma(y, s11); s21 = x2.fma(y, s21); s31 = x3.fma(y, s31);
            y = v(b, b0 + 2 * bRow + p);
            s02 = x0.fma(y, s02); s12 = x1.fma(y, s12); s22 = x2.fma(y, s22); s32 = x3.fma(y, s32);
        }
        // each accumulator re-typed by a fresh zero before its store (the class header); sums start
        // at +0 and never hold -0, so the bits are the accumulators'
        FloatVector zero = FloatVector.zero(F);
        zero.add(s00).intoArray(sums, 0); zero.add(s01).intoArray(sums, lanes); zero.add(s02).intoArray(sums, 2 * lanes);
        zero.add(s10).intoArray(sums, 3 * lanes); zero.add(s11).intoArray(sums, 4 * lanes); zero.add(s12).intoArray(sums, 5 * lanes);
        zero.add(s20).intoArray(sums, 6 * lanes); zero.add(s21).intoArray(sums, 7 * lanes); zero.add(s22).intoArray(sums, 8 * lanes);
        zero.add(s30).intoArray(sums, 9 * lanes); zero.add(s31).intoArray(sums, 10 * lanes); zero.add(s32).intoArray(sums, 11 * lanes);
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

    // Softmax rows. On JDK 17 a vector that crosses a call C2 did not inline is boxed on the heap
    // (measured: 6 KB per 1000-float row, and four times slower), and C2 stops inlining once a
    // compilation grows past its node budget, which a caller that inlined this method could make it
    // reach. So softmax is one long method (more than FreqInlineSize, 325 bytes of bytecode, so never
    // inlined into its caller: always compiled on its own), with no helper of ours between its loops
    // and the Vector API but VectorExp.expOfNonPositive, which fits its budget. Not even a scalar
    // one: the lane sums are added in place, not by inLaneOrder.
    //
    // A row takes three passes: its maximum, e^(x - max) with their sum, and the scaling. Only the
    // first reads memory; the other two find the row in the L1 cache. So the maximum of the next row
    // is taken inside this row's exponential pass, where its loads wait on memory while the
    // exponentials keep the vector unit busy: 12% faster on 4096 rows of 1024 (2 threads, best of
    // 50, interleaved).
    //
    // The maxima are taken on the floats' bits, as ints. Floats of one sign order as their bits do
    // as ints, upwards for the positive ones and downwards for the negative ones. So the largest int
    // is the row's maximum when it is at least 0 (some float has its sign bit clear); otherwise
    // every float is negative and the smallest int (the one nearest to -0) is. An int max and min
    // take a cycle each on the loop's chain. A float compare and blend, the way to keep a maximum
    // without Math.max's NaN tests, took about 18 cycles a vector on that chain on JDK 17 (its mask
    // goes from a mask register through a vector loaded from memory and back), more than the 12 of
    // an exponential, so it set the exponential loop's pace: with int maxima the kernel is 14-20%
    // faster on 4096 rows of 1024 (2 threads, interleaved). A NaN may be taken as the maximum or
    // passed over; a row with a NaN comes out all NaN either way (the NaN's exponential makes the
    // sum NaN).

    @Override public boolean softmax(float[] x, int xo, int xStride, float[] y, int yo, int rows, int n, boolean log) {
        int lanes = F.length(), i;
        // A row shorter than one vector gains nothing here: the scalar loop, whose double sums
        // make a short row sum to 1 exactly more often (README's example prints that sum).
        if (n < lanes || rows <= 0) return rows <= 0;
        float[] laneSums = newLaneSums();   // one small array per call, not per row
        IntVector lowest = IntVector.broadcast(I, Integer.MIN_VALUE), highest = IntVector.broadcast(I, Integer.MAX_VALUE);
        IntVector most = lowest, least = highest;
        for (i = 0; i <= n - lanes; i += lanes) {
            IntVector bits = (IntVector) FloatVector.fromArray(F, x, xo + i).reinterpretAsInts();
            most = bits.max(most);
            least = bits.min(least);
        }
        int mostBits = lowest.max(most).reduceLanes(VectorOperators.MAX), leastBits = highest.min(least).reduceLanes(VectorOperators.MIN);
        float nextMax = Float.intBitsToFloat(mostBits >= 0 ? mostBits : leastBits);
        for (; i < n; i++) nextMax = Math.max(nextMax, x[xo + i]);
        for (int r = 0; r < rows; r++, xo += xStride, yo += n) {
            int ahead = r + 1 < rows ? xo + xStride : xo;   // the next row; the last one reads itself again
            float max = nextMax == Float.NEGATIVE_INFINITY ? 0 : nextMax;   // all -inf: avoid (-inf) - (-inf) = NaN
            FloatVector sum = FloatVector.zero(F);
            IntVector aheadMost = lowest, aheadLeast = highest;
            for (i = 0; i <= n - lanes; i += lanes) {
                FloatVector e = VectorExp.expOfNonPositive(FloatVector.fromArray(F, x, xo + i).sub(max));
                sum = e.add(sum);
                e.intoArray(y, yo + i);
                IntVector bits = (IntVector) FloatVector.fromArray(F, x, ahead + i).reinterpretAsInts();
                aheadMost = bits.max(aheadMost);
                aheadLeast = bits.min(aheadLeast);
            }
            FloatVector.zero(F).add(sum).intoArray(laneSums, 0);
            // inLaneOrder written out: past C2's node budget it stayed a call, and that one call per
            // row made the whole method 1.8 times slower (0.73 against 0.41 ns a float, in cache)
            float total = 0f;
            for (int lane = 0; lane < lanes; lane++) total += laneSums[lane];
            // the same reduction as the first row's, written out again: a helper would stay a call
            // per row once the method passes C2's node budget (as inLaneOrder did above)
            mostBits = lowest.max(aheadMost).reduceLanes(VectorOperators.MAX);
            leastBits = highest.min(aheadLeast).reduceLanes(VectorOperators.MIN);
            nextMax = Float.intBitsToFloat(mostBits >= 0 ? mostBits : leastBits);
            for (; i < n; i++) {
                total += y[yo + i] = Transcendentals.exp(x[xo + i] - max);
                nextMax = Math.max(nextMax, x[ahead + i]);
            }
            i = 0;
            if (log) {
                float logSum = (float) Math.log(total);
                for (; i <= n - lanes; i += lanes) FloatVector.fromArray(F, x, xo + i).sub(max).sub(logSum).intoArray(y, yo + i);
                for (; i < n; i++) y[yo + i] = x[xo + i] - max - logSum;
            } else {
                float inv = (float) (1.0 / total);
                for (; i <= n - lanes; i += lanes) FloatVector.fromArray(F, y, yo + i).mul(inv).intoArray(y, yo + i);
                for (; i < n; i++) y[yo + i] *= inv;
            }
        }
        return true;
    }

    /**
     * {@code a[i] = e^(a[i] - shift)} with {@link VectorExp#expOfNonPositive} (every a[i] - shift is
     * at most 0: shift is the row's maximum or its log-sum-exp), returning their sum (in float, lane
     * by lane, then the last elements one by one). There is one call of the exponential, in one loop:
     * C2 gave up on inlining a second copy for the tail (its node budget). The elements past the last
     * whole vector take {@link Transcendentals#exp}, which gives the same bits; an earlier version
     * padded them into a fresh vector-sized array, which on the GPT example's attention rows
     * (ragged, causal) was 0.4 GB of garbage an epoch.
     */
    @Override public float expShifted(float[] a, int from, int n, float shift, float[] laneSums) {
        if (n < F.length()) return expShiftedInOrder(0f, a, from, from + n, shift);
        FloatVector sum = FloatVector.zero(F);
        int i = from, end = from + n;
        for (; i <= end - F.length(); i += F.length()) {
            FloatVector e = VectorExp.expOfNonPositive(FloatVector.fromArray(F, a, i).sub(shift));
            sum = e.add(sum);
            e.intoArray(a, i);
        }
        FloatVector.zero(F).add(sum).intoArray(laneSums, 0);
        float total = inLaneOrder(laneSums);
        return expShiftedInOrder(total, a, i, end, shift);
    }

    /**
     * LayerNorm's forward row: the mean and the centred squares summed in float lanes (the scalar
     * loops sum in double), then y = (x - mu) inv gamma + beta, rounded as the scalar loop rounds it
     * (a multiply, then an add).
     */
    @Override public boolean layerNormForward(int cols, float eps, float[] x, int row, float[] gamma, float[] beta,
                                              float[] y, float[] mean, float[] rstd, int r, float[] laneSums) {
        int lanes = F.length(), j = 0;
        if (cols < lanes) return false;
        FloatVector acc = FloatVector.zero(F);
        for (; j <= cols - lanes; j += lanes) acc = FloatVector.fromArray(F, x, row + j).add(acc);
        FloatVector.zero(F).add(acc).intoArray(laneSums, 0);
        float sum = inLaneOrder(laneSums);
        for (; j < cols; j++) sum += x[row + j];
        float mu = sum / cols;
        acc = FloatVector.zero(F);
        for (j = 0; j <= cols - lanes; j += lanes) {
            FloatVector e = FloatVector.fromArray(F, x, row + j).sub(mu);
            acc = e.fma(e, acc);
        }
        FloatVector.zero(F).add(acc).intoArray(laneSums, 0);
        float squares = inLaneOrder(laneSums);
        for (; j < cols; j++) {
            float e = x[row + j] - mu;
            squares = Math.fma(e, e, squares);
        }
        float inv = (float) (1 / Math.sqrt(squares / cols + eps));
        mean[r] = mu;
        rstd[r] = inv;
        for (j = 0; j <= cols - lanes; j += lanes) {
            FloatVector v = FloatVector.fromArray(F, x, row + j).sub(mu).mul(inv);
            if (gamma != null) v = v.mul(FloatVector.fromArray(F, gamma, j));
            if (beta != null) v = v.add(FloatVector.fromArray(F, beta, j));
            v.intoArray(y, row + j);
        }
        for (; j < cols; j++) {
            float v = (x[row + j] - mu) * inv;
            if (gamma != null) v *= gamma[j];
            if (beta != null) v += beta[j];
            y[row + j] = v;
        }
        return true;
    }

    /**
     * LayerNorm's backward row in two passes over the row. The first computes xhat = (x - mu) inv
     * and dxhat = g gamma into scratch (xhat in its second half), adds g xhat and g into the
     * partial column sums, and sums dxhat and dxhat xhat in float lanes (the scalar loops sum in
     * double; over a row of 128-512 the float lanes lose about 1e-7 relative). The second writes
     * dx = inv (dxhat - mean(dxhat) - xhat mean(dxhat xhat)). The elements past the last whole
     * vector take the same float operations one by one.
     */
    @Override public boolean layerNormBackward(int cols, float[] x, float[] g, int row, float[] gamma, float mu, float inv,
                                               float[] dx, float[] partial, float[] scratch, float[] laneSums) {
        int lanes = F.length(), j = 0;
        if (cols < lanes) return false;
        FloatVector sumD = FloatVector.zero(F), sumDX = FloatVector.zero(F);
        for (; j <= cols - lanes; j += lanes) {
            FloatVector xh = FloatVector.fromArray(F, x, row + j).sub(mu).mul(inv);
            FloatVector gv = FloatVector.fromArray(F, g, row + j);
            if (partial != null) {
                gv.fma(xh, FloatVector.fromArray(F, partial, j)).intoArray(partial, j);
                gv.add(FloatVector.fromArray(F, partial, cols + j)).intoArray(partial, cols + j);
            }
            FloatVector d = gamma == null ? gv : gv.mul(FloatVector.fromArray(F, gamma, j));
            xh.intoArray(scratch, cols + j);
            d.intoArray(scratch, j);
            sumD = d.add(sumD);
            sumDX = d.fma(xh, sumDX);
        }
        FloatVector.zero(F).add(sumD).intoArray(laneSums, 0);
        float sd = inLaneOrder(laneSums);
        FloatVector.zero(F).add(sumDX).intoArray(laneSums, 0);
        float sdx = inLaneOrder(laneSums);
        for (; j < cols; j++) {
            float xh = (x[row + j] - mu) * inv, gj = g[row + j];
            if (partial != null) {
                partial[j] = Math.fma(gj, xh, partial[j]);
                partial[cols + j] += gj;
            }
            float d = gamma == null ? gj : gj * gamma[j];
            scratch[cols + j] = xh;
            scratch[j] = d;
            sd += d;
            sdx = Math.fma(d, xh, sdx);
        }
        if (dx == null) return true;
        float meanD = sd / cols, meanDX = sdx / cols;
        for (j = 0; j <= cols - lanes; j += lanes) {
            FloatVector d = FloatVector.fromArray(F, scratch, j), xh = FloatVector.fromArray(F, scratch, cols + j);
            d.sub(meanD).sub(xh.mul(meanDX)).mul(inv).intoArray(dx, row + j);
        }
        for (; j < cols; j++) dx[row + j] = (scratch[j] - meanD - scratch[cols + j] * meanDX) * inv;
        return true;
    }

    private static FloatVector v(float[] array, int offset) {
        return FloatVector.fromArray(F, array, offset);
    }

    // The exponentials (Transcendentals' functions). One loop per op, each with one call of its
    // VectorTranscendentals method, small enough that C2 inlines it (and VectorExp.exp) whatever
    // inlined this method: nothing is boxed. The elements past the last whole vector go through the
    // scalar functions, which give the same bits.

    @Override public boolean transcendental(UnaryOp op, float[] x, int xo, float[] y, int yo, int n) {
        int done = switch (op) {
            case EXP -> expRow(x, xo, y, yo, n);
            case SIGMOID -> sigmoidRow(x, xo, y, yo, n);
            case TANH -> tanhRow(x, xo, y, yo, n);
            case GELU_TANH -> geluTanhRow(x, xo, y, yo, n);
            default -> -1;
        };
        if (done < 0) return false;
        Elementwise.unaryRow(RowKernels.SCALAR, op, 0f, x, xo + done, 1, y, yo + done, n - done);
        return true;
    }

    /** Each row loop returns how many elements it did: the whole vectors. */
    private static int expRow(float[] x, int xo, float[] y, int yo, int n) {
        int i = 0;
        for (; i <= n - F.length(); i += F.length()) VectorExp.exp(v(x, xo + i)).intoArray(y, yo + i);
        return i;
    }

    private static int sigmoidRow(float[] x, int xo, float[] y, int yo, int n) {
        int i = 0;
        for (; i <= n - F.length(); i += F.length()) VectorTranscendentals.sigmoid(v(x, xo + i)).intoArray(y, yo + i);
        return i;
    }

    private static int tanhRow(float[] x, int xo, float[] y, int yo, int n) {
        int i = 0;
        for (; i <= n - F.length(); i += F.length()) VectorTranscendentals.tanh(v(x, xo + i)).intoArray(y, yo + i);
        return i;
    }

    private static int geluTanhRow(float[] x, int xo, float[] y, int yo, int n) {
        int i = 0;
        for (; i <= n - F.length(); i += F.length()) VectorTranscendentals.geluTanh(v(x, xo + i)).intoArray(y, yo + i);
        return i;
    }

    @Override public void geluTanhBackward(float[] x, int xo, float[] g, int go, float[] y, int yo, int n) {
        int i = 0;
        for (; i <= n - F.length(); i += F.length()) {
            VectorTranscendentals.geluTanhBackward(v(x, xo + i), v(g, go + i)).intoArray(y, yo + i);
        }
        RowKernels.super.geluTanhBackward(x, xo + i, g, go + i, y, yo + i, n - i);
    }
}
