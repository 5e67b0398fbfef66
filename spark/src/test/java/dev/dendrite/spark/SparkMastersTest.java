package dev.dendrite.spark;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class SparkMastersTest {
    @Test
    void localUrlsGetRetriesAsOnACluster() {
        assertEquals("local[2,4]", SparkMasters.resolve("local[2]"));
        assertEquals("local[*,4]", SparkMasters.resolve("local[*]"));
        assertEquals("local[1,4]", SparkMasters.resolve("local"));
        assertEquals("local[3,1]", SparkMasters.resolve(" local[3,1] "), "an explicit attempt count is kept");
        assertEquals("spark://h1:7077,h2:7077", SparkMasters.resolve("spark://h1:7077,h2:7077"));
        assertEquals("yarn", SparkMasters.resolve("yarn"));
    }

    @Test
    void badUrlsSayWhatIsWrongAndWhatIsAccepted() {
        for (String[] c : new String[][] {
                {"local[0]", "thread count"}, {"local[two]", "thread count"}, {"locl[2]", "not a Spark master URL"},
                {"spark://host", "is not host:port"}, {"spark://host:99999", "not between 1 and 65535"},
                {"", "empty"}, {"http://host:7077", "not a Spark master URL"}}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SparkMasters.resolve(c[0]), c[0]);
            assertTrue(e.getMessage().contains(c[1]), e.getMessage());
            assertTrue(e.getMessage().contains("spark://host:port"), "names the accepted forms: " + e.getMessage());
        }
    }

    @Test
    void anUnreachableStandaloneMasterFailsFastWithItsAddress() {
        // Port 1 on loopback: nothing listens there, so the connection is refused at once.
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SparkMasters.checkReachable(SparkMasters.resolve("spark://127.0.0.1:1"), 2000));
        assertTrue(e.getMessage().contains("cannot reach the Spark master spark://127.0.0.1:1"), e.getMessage());
    }
}
