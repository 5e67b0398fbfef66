package dev.dendrite.bench.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dendrite.bench.harness.Timing;
import dev.dendrite.bench.report.Result;
import dev.dendrite.device.Conv2dShape;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The arithmetic from a timing to a table row, and the work each case claims per call. */
class SuiteRunnerTest {
    @Test void sgemmRowFromAMedian() {
        Timing t = new Timing(new double[] {0.004, 0.002, 0.003}, 5);   // median 3 ms
        Result r = SuiteRunner.toResult(new SgemmCase(1000), "java", "vector", t, 200.0);
        assertEquals(0.003, r.seconds(), 1e-15);
        assertEquals(2e9 / 0.003 / 1e9, r.value(), 1e-9);               // 666.7 GFLOP/s
        assertEquals(100 * r.value() / 200.0, r.percentOfPeak(), 1e-9);
        assertEquals("java/vector", r.series());
        assertEquals("sgemm n=1000", r.group());
    }

    @Test void noPeakNoPercentage() {
        Timing t = new Timing(new double[] {0.5}, 1);
        Result r = SuiteRunner.toResult(new AddCase(1 << 20), "cuda", "", t, null);
        assertEquals(12.0 * (1 << 20) / 0.5 / 1e9, r.value(), 1e-12);
        assertTrue(Double.isNaN(r.percentOfPeak()));
        assertEquals("GB/s", r.unit());
    }

    @Test void workPerCall() {
        assertEquals(2.0 * 512 * 512 * 512, new SgemmCase(512).workPerCall());
        assertEquals(12.0 * 100, new AddCase(100).workPerCall());
        assertEquals(8.0 * 64 * 10, new SoftmaxCase(64, 10).workPerCall());
        Conv2dShape conv2 = ConvCase.cnnConv2(128);
        // 128 images x 64 maps x 11x11 outputs x 32 channels x 3x3 taps x 2 flops
        assertEquals(2.0 * 128 * 64 * 11 * 11 * 32 * 9, new ConvCase(conv2, ConvCase.Pass.BACKWARD_WEIGHT).workPerCall());
    }

    @Test void cnnLayersHaveTheKerasGeometry() {
        assertEquals(26, ConvCase.cnnConv1(128).outH());
        assertEquals(11, ConvCase.cnnConv2(128).outW());
    }

    @Test void resultsAreSortedIntoPlanOrderKeepingDeviceOrder() {
        List<KernelCase> plan = List.of(new SgemmCase(256), new AddCase(1 << 20));
        Timing t = new Timing(new double[] {1}, 1);
        List<Result> results = List.of(
                SuiteRunner.toResult(plan.get(1), "java", "", t, null),
                SuiteRunner.toResult(plan.get(0), "java", "", t, null),
                SuiteRunner.toResult(plan.get(1), "opencl", "", t, null),
                SuiteRunner.toResult(plan.get(0), "opencl", "tiled", t, null));
        List<Result> sorted = SuiteRunner.inPlanOrder(results, plan);
        assertEquals(List.of("sgemm java", "sgemm opencl", "add (elementwise) java", "add (elementwise) opencl"),
                sorted.stream().map(r -> r.benchmark() + " " + r.device()).toList());
    }

    @Test void aLargerSizeIsPredictedAtTheSmallerSizesRate() {
        SgemmCase small = new SgemmCase(512), large = new SgemmCase(1024);
        double rate = 0.6 / small.workPerCall();                      // 0.6 s per call at n=512
        assertEquals(4.8, SuiteRunner.predictSeconds(rate, large.workPerCall()), 1e-9);   // 8x the work
        assertEquals(0, SuiteRunner.predictSeconds(null, large.workPerCall()));        // nothing measured yet
    }

    @Test void quickPlanIsASubsetOfTheFullPlan() {
        List<String> full = SuitePlan.cases(false).stream().map(c -> c.benchmark() + " " + c.size()).toList();
        for (KernelCase c : SuitePlan.cases(true)) assertTrue(full.contains(c.benchmark() + " " + c.size()));
        assertTrue(full.contains("sgemm n=2048"));
        assertTrue(SuitePlan.cases(true).stream().anyMatch(c -> c.size().equals("n=2048")), "quick compares with CLBlast at 2048 too");
    }
}
