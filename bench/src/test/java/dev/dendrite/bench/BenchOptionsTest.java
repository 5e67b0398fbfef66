package dev.dendrite.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchOptionsTest {
    @Test void defaultsRunEverythingAndWriteNothing() {
        BenchOptions o = BenchOptions.parse();
        assertFalse(o.quick());
        assertNull(o.out());
        assertTrue(o.devices().isEmpty());
    }

    @Test void parsesEveryFlag() {
        BenchOptions o = BenchOptions.parse("--quick", "--out", "runs/bench", "--device", "java, OpenCL");
        assertTrue(o.quick());
        assertEquals(Path.of("runs/bench"), o.out());
        assertEquals(List.of("java", "opencl"), o.devices());
    }

    @Test void badArgumentsSayWhatIsWrong() {
        assertEquals("unknown argument '--fast'",
                assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("--fast")).getMessage());
        assertEquals("--out needs a value",
                assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("--out")).getMessage());
        assertEquals("--device needs a value",
                assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("--device", "--quick")).getMessage());
    }
}
