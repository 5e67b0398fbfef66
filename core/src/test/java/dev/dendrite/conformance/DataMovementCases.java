package dev.dendrite.conformance;

import static dev.dendrite.conformance.Tolerances.Kind.EXACT;

import dev.dendrite.device.DType;
import dev.dendrite.device.internal.Shapes;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * fill and the strided copy (with F32/I32 conversion). Both must be exact. Copies run over every
 * test shape and layout, one large enough to be split, and random rank 4-6 views on both sides.
 */
final class DataMovementCases {
    private DataMovementCases() {}

    static List<ConformanceCase> fill() {
        List<ConformanceCase> cases = new ArrayList<>();
        cases.add(fillCase(DType.F32, 129, 0, 129, 2.5f));
        cases.add(fillCase(DType.F32, 33, 5, 17, -1.25f));
        cases.add(fillCase(DType.F32, 17, 3, 0, 9f));
        cases.add(fillCase(DType.F32, 1, 0, 1, Float.NEGATIVE_INFINITY));
        cases.add(fillCase(DType.I32, 17, 3, 11, 7f));
        cases.add(fillCase(DType.I32, 33, 0, 33, -3.7f)); // (int) -3.7 = -3
        cases.add(fillCase(DType.I32, 3, 1, 1, 0f));
        return cases;
    }

    private static ConformanceCase fillCase(DType dtype, int length, int offset, int count, float value) {
        OpCase c = new OpCase("fill " + dtype + " length " + length + " offset " + offset + " count " + count + " value " + value);
        int[] shape = {length};
        if (dtype == DType.F32) c.inout("dst", c.sample(Domain.ANY, length), shape, EXACT, 1);
        else c.inout("dst", TestShapes.ints(c.random(), length, -100, 100), shape);
        return c.run((d, b) -> d.fill(b.get("dst"), offset, count, value));
    }

    static List<ConformanceCase> copy() {
        List<ConformanceCase> cases = new ArrayList<>();
        for (int[] shape : TestShapes.all()) {
            Strided[] v = Strided.variants(shape);
            cases.add(copyCase(DType.F32, DType.F32, v[0], Strided.contiguous(shape)));
            cases.add(copyCase(DType.F32, DType.F32, v[2], Strided.contiguous(shape)));
            cases.add(copyCase(DType.F32, DType.F32, v[1], v[3]));
            cases.add(copyCase(DType.F32, DType.F32, v[3], v[2]));
            if (shape.length > 0) cases.add(copyCase(DType.F32, DType.F32, Strided.broadcast(shape, 0), v[1]));
        }
        int[] large = {3, 129, 171};
        cases.add(copyCase(DType.F32, DType.F32, Strided.permuted(large), Strided.contiguous(large)));
        cases.add(copyCase(DType.F32, DType.F32, Strided.contiguous(large), Strided.transposed(large)));
        cases.add(copyCase(DType.F32, DType.I32, Strided.transposed(new int[] {3, 17}), Strided.contiguous(new int[] {3, 17})));
        cases.add(copyCase(DType.F32, DType.I32, Strided.contiguous(new int[] {129}), Strided.sliced(new int[] {129})));
        cases.add(copyCase(DType.I32, DType.F32, Strided.permuted(new int[] {17, 33}), Strided.contiguous(new int[] {17, 33})));
        cases.add(copyCase(DType.I32, DType.F32, Strided.contiguous(new int[] {1}), Strided.contiguous(new int[] {1})));
        cases.add(copyCase(DType.I32, DType.I32, Strided.broadcast(new int[] {2, 3, 17}, 1), Strided.sliced(new int[] {2, 3, 17})));
        cases.add(copyCase(DType.I32, DType.I32, Strided.contiguous(TestShapes.EMPTY), Strided.contiguous(TestShapes.EMPTY)));
        // Rank 4 to 6: the source may be broadcast, the destination not (it would be written twice).
        DType[][] types = {{DType.F32, DType.F32}, {DType.F32, DType.I32}, {DType.F32, DType.F32},
                {DType.I32, DType.F32}, {DType.F32, DType.F32}, {DType.I32, DType.I32}};
        Random layouts = new Random(44);
        for (int i = 0; i < ElementwiseCases.HIGH_RANK_CASES; i++) {
            Strided[] srcDst = Strided.randomOperands(layouts, ElementwiseCases.highRank(i), true, false);
            cases.add(copyCase(types[i][0], types[i][1], srcDst[0], srcDst[1]));
        }
        return cases;
    }

    private static ConformanceCase copyCase(DType from, DType to, Strided src, Strided dst) {
        String types = from == to ? from.toString() : from + "->" + to;
        OpCase c = new OpCase("copy " + types + " " + Shapes.str(src.shape) + " from " + src.layout + " to " + dst.layout);
        Random r = c.random();
        if (from == DType.F32) {
            // For F32->I32, values with fractions of both signs: conversion truncates toward zero.
            c.input("src", to == DType.I32 ? TestShapes.uniform(r, src.storageLength, -50, 50) : c.sample(Domain.ANY, src.storageLength));
        } else {
            c.input("src", TestShapes.ints(r, src.storageLength, -1_000_000, 1_000_000));
        }
        // The destination's whole backing array is checked: elements outside the view must be untouched.
        int[] storage = {dst.storageLength};
        if (to == DType.F32) c.inout("dst", c.sample(Domain.ANY, dst.storageLength), storage, EXACT, 1);
        else c.inout("dst", TestShapes.ints(r, dst.storageLength, -100, 100), storage);
        return c.run((d, b) -> d.copy(src.shape.clone(), src.view(b.get("src")), dst.view(b.get("dst"))));
    }
}
