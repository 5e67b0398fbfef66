package dev.dendrite.examples;

import dev.dendrite.train.EpochMetrics;
import dev.dendrite.train.History;
import java.nio.file.Path;
import java.util.List;

/** Draws a run's loss and accuracy per epoch (training and test) as one PNG with two charts. */
public final class TrainingCurves {
    private TrainingCurves() {}

    public static void write(Path file, History history) {
        List<EpochMetrics> epochs = history.epochs();
        int n = epochs.size();
        double[] x = new double[n], trainLoss = new double[n], testLoss = new double[n];
        double[] trainAcc = new double[n], testAcc = new double[n];
        for (int i = 0; i < n; i++) {
            EpochMetrics m = epochs.get(i);
            x[i] = m.epoch() + 1;
            trainLoss[i] = m.trainLoss();
            testLoss[i] = m.valLoss();
            trainAcc[i] = m.trainAccuracy();
            testAcc[i] = m.valAccuracy();
        }
        LineChart loss = new LineChart("loss", "epoch").add("train", x, trainLoss).add("test", x, testLoss);
        if (Double.isNaN(epochs.isEmpty() ? Double.NaN : epochs.get(0).trainAccuracy())) {
            LineChart.writePng(file, loss); // no class labels, no accuracy (the autoencoder)
            return;
        }
        LineChart acc = new LineChart("accuracy", "epoch").add("train", x, trainAcc).add("test", x, testAcc);
        LineChart.writePng(file, loss, acc);
    }
}
