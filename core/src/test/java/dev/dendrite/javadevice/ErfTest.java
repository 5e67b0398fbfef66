package dev.dendrite.javadevice;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** The error function behind exact GELU. */
class ErfTest {

    /**
     * Abramowitz and Stegun 7.1.26, an independent approximation with absolute error below 1.5e-7:
     * used only to cross-check Erf over a whole range.
     */
    static double abramowitzStegunErf(double x) {
        double sign = Math.signum(x);
        x = Math.abs(x);
        double t = 1 / (1 + 0.3275911 * x);
        double poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
        return sign * (1 - poly * Math.exp(-x * x));
    }

    @Test
    void matchesPublishedValues() {
        // Reference values of erf to 16 digits.
        assertEquals(0.5204998778130465, Erf.erf(0.5), 1e-15);
        assertEquals(0.8427007929497149, Erf.erf(1.0), 1e-15);
        assertEquals(0.9953222650189527, Erf.erf(2.0), 1e-15);
        assertEquals(0.9999779095030014, Erf.erf(3.0), 1e-15);
        assertEquals(-0.8427007929497149, Erf.erf(-1.0), 1e-15);
        assertEquals(0.0, Erf.erf(0.0));
        assertEquals(1.0, Erf.erf(10.0));
        assertEquals(2.209049699858544e-05, Erf.erfc(3.0), 1e-18);
        assertEquals(1.5374597944280349e-12, Erf.erfc(5.0), 1e-25);
        assertEquals(0.15729920705028513, Erf.erfc(1.0), 1e-15);
        assertTrue(Double.isNaN(Erf.erf(Double.NaN)));
    }

    @Test
    void agreesWithAnIndependentApproximationEverywhere() {
        for (double x = -8; x <= 8; x += 0.001) {
            assertEquals(abramowitzStegunErf(x), Erf.erf(x), 1.5e-7, "erf(" + x + ")");
            assertEquals(1 - Erf.erf(x), Erf.erfc(x), 1e-15, "erfc(" + x + ")");
        }
    }

    @Test
    void isContinuousWhereTheMethodsMeet() {
        double below = Erf.erf(Math.nextDown(2.0)), at = Erf.erf(2.0);
        assertEquals(at, below, 1e-15);
        assertEquals(Erf.erfc(2.0), Erf.erfc(Math.nextDown(2.0)), 1e-15);
        assertEquals(0.004677734981047266, Erf.erfc(2.0), 1e-17);
    }

    @Test
    void geluAndItsDerivative() {
        assertEquals(0f, Erf.gelu(0f));
        assertEquals(0.8413447460685429, Erf.gelu(1f), 1e-7);   // 1 * Phi(1)
        assertEquals(-0.15865525393145707, Erf.gelu(-1f), 1e-7); // -1 * Phi(-1)
        assertEquals(-7.619853e-23, Erf.gelu(-10f), 1e-28);       // keeps relative accuracy far out
        for (float x = -6; x <= 6; x += 0.01f) {
            double h = 1e-4;
            double numeric = (x + h) * Erf.phi(x + h) - (x - h) * Erf.phi(x - h);
            assertEquals(numeric / (2 * h), Erf.geluDerivative(x), 1e-6, "GELU'(" + x + ")");
        }
    }
}
