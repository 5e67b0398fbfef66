package dev.dendrite.train;

import dev.dendrite.io.internal.Json;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The per-epoch metrics of a training run, in order; saved with checkpoints so a resumed run continues it. */
public final class History {
    private final List<EpochMetrics> epochs = new ArrayList<>();
    private boolean stoppedEarly;

    public List<EpochMetrics> epochs() { return Collections.unmodifiableList(epochs); }

    public int size() { return epochs.size(); }

    public EpochMetrics last() { return epochs.isEmpty() ? null : epochs.get(epochs.size() - 1); }

    /** True when early stopping ended the run before the requested number of epochs. */
    public boolean stoppedEarly() { return stoppedEarly; }

    void add(EpochMetrics m) { epochs.add(m); }

    void markStoppedEarly() { stoppedEarly = true; }

    /** The epoch with the lowest monitored loss, or null when empty. */
    public EpochMetrics best() {
        EpochMetrics best = null;
        for (EpochMetrics m : epochs) if (best == null || m.monitored() < best.monitored()) best = m;
        return best;
    }

    /** One header line and one line per epoch, for plotting elsewhere. */
    public String toCsv() {
        StringBuilder sb = new StringBuilder("epoch,train_loss,train_accuracy,val_loss,val_accuracy,lr,seconds,examples_per_second\n");
        for (EpochMetrics m : epochs) {
            sb.append(m.epoch() + 1).append(',').append(m.trainLoss()).append(',').append(m.trainAccuracy()).append(',')
                    .append(m.valLoss()).append(',').append(m.valAccuracy()).append(',').append(m.lr()).append(',')
                    .append(m.seconds()).append(',').append(m.examplesPerSecond()).append('\n');
        }
        return sb.toString();
    }

    // JSON for checkpoint metadata; NaN is not JSON, so it travels as a string.
    String toJson() {
        List<Object> rows = new ArrayList<>();
        for (EpochMetrics m : epochs) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("epoch", m.epoch());
            r.put("train_loss", num(m.trainLoss()));
            r.put("train_accuracy", num(m.trainAccuracy()));
            r.put("val_loss", num(m.valLoss()));
            r.put("val_accuracy", num(m.valAccuracy()));
            r.put("lr", num(m.lr()));
            r.put("seconds", num(m.seconds()));
            r.put("examples_per_second", num(m.examplesPerSecond()));
            rows.add(r);
        }
        Map<String, Object> top = new LinkedHashMap<>();
        top.put("epochs", rows);
        top.put("stopped_early", stoppedEarly);
        return Json.write(top);
    }

    static History fromJson(String json) {
        History h = new History();
        Map<?, ?> top = (Map<?, ?>) Json.parse(json);
        for (Object o : (List<?>) top.get("epochs")) {
            Map<?, ?> r = (Map<?, ?>) o;
            h.add(new EpochMetrics(((Number) r.get("epoch")).intValue(), dbl(r.get("train_loss")), dbl(r.get("train_accuracy")),
                    dbl(r.get("val_loss")), dbl(r.get("val_accuracy")), dbl(r.get("lr")), dbl(r.get("seconds")),
                    dbl(r.get("examples_per_second"))));
        }
        if (Boolean.TRUE.equals(top.get("stopped_early"))) h.markStoppedEarly();
        return h;
    }

    private static Object num(double d) {
        return Double.isFinite(d) ? (Object) d : Double.toString(d);
    }

    private static double dbl(Object o) {
        return o instanceof Number n ? n.doubleValue() : Double.parseDouble((String) o);
    }
}
