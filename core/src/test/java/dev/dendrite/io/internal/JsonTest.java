package dev.dendrite.io.internal;

import static org.junit.jupiter.api.Assertions.*;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void parsesNestedValuesInOrder() {
        Object v = Json.parse(" {\"b\": [1, -2, 3.5, 1e3, true, false, null], \"a\": {\"x\": \"y\"}} ");
        Map<?, ?> m = (Map<?, ?>) v;
        assertEquals(List.of("b", "a"), List.copyOf(m.keySet()));
        List<?> b = (List<?>) m.get("b");
        assertEquals(1L, b.get(0));
        assertEquals(-2L, b.get(1));
        assertEquals(3.5, b.get(2));
        assertEquals(1000.0, b.get(3));
        assertEquals(Boolean.TRUE, b.get(4));
        assertEquals(Boolean.FALSE, b.get(5));
        assertNull(b.get(6));
        assertEquals(Map.of("x", "y"), m.get("a"));
    }

    @Test
    void decodesEscapes() {
        assertEquals("a\"b\\c/d\n\t\u00e9\u20ac", Json.parse("\"a\\\"b\\\\c\\/d\\n\\t\\u00e9\\u20AC\""));
    }

    @Test
    void largeIntegersStayExact() {
        assertEquals(9_000_000_000L, Json.parse("9000000000"));
    }

    @Test
    void writeThenParseRoundTrips() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name \"q\"\n", "v\\\u0001");
        m.put("shape", new int[] {2, 3});
        m.put("offsets", new long[] {0, 5_000_000_000L});
        m.put("list", List.of(1.5, true));
        m.put("nothing", null);
        String text = Json.write(m);
        Map<?, ?> back = (Map<?, ?>) Json.parse(text);
        assertEquals("v\\\u0001", back.get("name \"q\"\n"));
        assertEquals(List.of(2L, 3L), back.get("shape"));
        assertEquals(List.of(0L, 5_000_000_000L), back.get("offsets"));
        assertEquals(List.of(1.5, true), back.get("list"));
        assertTrue(back.containsKey("nothing"));
    }

    @Test
    void rejectsMalformedTextWithAPosition() {
        for (String bad : new String[] {"{\"a\":1,}", "[1 2]", "{\"a\" 1}", "\"abc", "01", "1.", "-", "{\"a\":1}x",
                "{\"a\":1,\"a\":2}", "\"\\q\"", "tru", "", "[\"\n\"]"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.parse(bad), bad);
            assertTrue(e.getMessage().contains("invalid JSON at character"), e.getMessage());
        }
    }

    @Test
    void refusesDeepNesting() {
        String deep = "[".repeat(1000) + "]".repeat(1000);
        assertThrows(IllegalArgumentException.class, () -> Json.parse(deep));
    }

    @Test
    void refusesNonFiniteNumbers() {
        assertThrows(IllegalArgumentException.class, () -> Json.write(List.of(Double.NaN)));
    }
}
