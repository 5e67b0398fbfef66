package dev.dendrite.javadevice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class JitAdviceTest {
    @Test
    void advisesTheFlagOnJdk17WithTheDefaultLimit() {
        Optional<String> advice = JitAdvice.advice(17, true, Optional.of(100L));
        assertTrue(advice.isPresent());
        assertTrue(advice.get().contains(JavaDevice.TRAP_LIMIT_FLAG), advice.get());
        assertTrue(advice.get().contains("now 100"), advice.get());
    }

    @Test
    void staysQuietWhereTheFlagIsSetOrNotNeeded() {
        assertEquals(Optional.empty(), JitAdvice.advice(17, true, Optional.of(100_000L)));
        assertEquals(Optional.empty(), JitAdvice.advice(25, true, Optional.of(100L)));
        assertEquals(Optional.empty(), JitAdvice.advice(17, false, Optional.of(100L)));
        assertEquals(Optional.empty(), JitAdvice.advice(17, true, Optional.empty()));
    }

    @Test
    void readsThisJvmsLimit() {
        // The build's test JVMs run with the flag (vector.args in pom.xml), so this JVM needs no advice.
        assertEquals(Optional.of(100_000L), JitAdvice.trapLimit());
        assertEquals(Optional.empty(), JitAdvice.forThisJvm());
    }
}
