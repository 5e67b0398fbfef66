package dev.dendrite.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class SvgChartTest {
    static Result r(String bench, String device, String variant, double value, String unit) {
        return new Result(bench, "n=256", device, variant, 1e-3, value, unit, 10, 0.01);
    }

    static final List<Result> RESULTS = List.of(
            r("sgemm", "java", "vector", 100, "GFLOP/s"),
            r("sgemm", "opencl", "naive", 50, "GFLOP/s"),
            r("sgemm", "opencl", "tiled", 25, "GFLOP/s"),
            r("add", "java", "", 10, "GB/s"),
            r("add", "opencl", "", 5, "GB/s"));

    static Document parse(String svg) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    static List<Element> withClass(Document doc, String tag, String cls) {
        NodeList all = doc.getElementsByTagName(tag);
        java.util.ArrayList<Element> out = new java.util.ArrayList<>();
        for (int i = 0; i < all.getLength(); i++) {
            Element e = (Element) all.item(i);
            if (cls.equals(e.getAttribute("class"))) out.add(e);
        }
        return out;
    }

    @Test void wellFormedWithOneBarPerResultAndOneLegendEntryPerSeries() throws Exception {
        Document doc = parse(SvgChart.write("bench <&> \"test\"", RESULTS, Map.of("GFLOP/s", 330.0, "GB/s", 12.0)));
        assertEquals("svg", doc.getDocumentElement().getTagName());
        assertEquals(5, withClass(doc, "rect", "bar").size());
        // Series: java/vector, opencl/naive, opencl/tiled, java, opencl.
        assertEquals(5, withClass(doc, "rect", "legend").size());
    }

    @Test void barHeightsAreProportionalToTheFigures() throws Exception {
        Document doc = parse(SvgChart.write("t", RESULTS, Map.of()));
        List<Element> bars = withClass(doc, "rect", "bar");
        double h100 = Double.parseDouble(bars.get(0).getAttribute("height"));
        double h50 = Double.parseDouble(bars.get(1).getAttribute("height"));
        double h25 = Double.parseDouble(bars.get(2).getAttribute("height"));
        assertEquals(2.0, h100 / h50, 0.01);
        assertEquals(2.0, h50 / h25, 0.02);
        // Bars stand on the same baseline.
        double base0 = Double.parseDouble(bars.get(0).getAttribute("y")) + h100;
        double base2 = Double.parseDouble(bars.get(2).getAttribute("y")) + h25;
        assertEquals(base0, base2, 0.11);
    }

    @Test void sameSeriesSameColourAcrossPanels() throws Exception {
        List<Element> bars = withClass(parse(SvgChart.write("t", RESULTS, Map.of())), "rect", "bar");
        assertTrue(!bars.get(0).getAttribute("fill").equals(bars.get(1).getAttribute("fill")));
        Map<String, String> colours = SvgChart.seriesColours(RESULTS);
        assertEquals(colours.get("java"), bars.get(3).getAttribute("fill"));
        assertEquals(colours.get("opencl"), bars.get(4).getAttribute("fill"));
    }

    @Test void peakLineOnlyWhenItFitsTheAxis() throws Exception {
        assertEquals(1, withClass(parse(SvgChart.write("t", RESULTS, Map.of("GFLOP/s", 200.0))), "line", "peak").size());
        assertEquals(0, withClass(parse(SvgChart.write("t", RESULTS, Map.of("GFLOP/s", 1000.0))), "line", "peak").size());
    }

    @Test void titlesAreEscaped() throws Exception {
        String svg = SvgChart.write("a < b & c", RESULTS, Map.of());
        assertTrue(svg.contains("a &lt; b &amp; c"));
        parse(svg);
    }

    @Test void niceStepsAreOneTwoOrFiveTimesAPowerOfTen() {
        assertEquals(200, SvgChart.niceStep(536, 5), 1e-9);   // 536 / 5 = 107 -> next of 1, 2, 5 x 100
        assertEquals(20, SvgChart.niceStep(100, 5), 1e-9);
        assertEquals(5, SvgChart.niceStep(12, 5), 1e-9);
        assertEquals(0.2, SvgChart.niceStep(0.9, 5), 1e-12);
        assertEquals(1, SvgChart.niceStep(0, 5), 1e-12);
    }

    @Test void tickLabelsHaveTheDecimalsTheStepNeeds() {
        assertEquals("400", SvgChart.tickLabel(400, 200));
        assertEquals("0.6", SvgChart.tickLabel(0.6000000000000001, 0.2));
        assertEquals("0.05", SvgChart.tickLabel(0.05, 0.05));
    }

    @Test void aLongFirstLabelPushesTheBarsRight() {
        List<Result> shortName = List.of(new Result("add", "", "java", "", 1, 1, "GB/s", 1, 0));
        List<Result> longName = List.of(new Result("add (elementwise) with a long name", "16Mi floats", "java", "", 1, 1,
                "GB/s", 1, 0));
        assertEquals(0, SvgChart.leadIn(shortName));
        assertTrue(SvgChart.leadIn(longName) > 0);
        assertEquals(SvgChart.leadIn(longName), SvgChart.panelWidth(longName) - SvgChart.panelWidth(shortName));
    }

    @Test void axisCoversTheLargestBarAndThePeakWhenClose() {
        assertTrue(SvgChart.axisMax(100, 0) >= 115);
        assertTrue(SvgChart.axisMax(100, 250) >= 250);
        assertTrue(SvgChart.axisMax(100, 1000) < 1000);
    }

    @Test void barHeightClampsAndIgnoresNonPositiveValues() {
        assertEquals(SvgChart.PLOT_HEIGHT, SvgChart.barHeight(5, 2), 1e-9);
        assertEquals(0, SvgChart.barHeight(-1, 2), 1e-9);
        assertEquals(0, SvgChart.barHeight(Double.NaN, 2), 1e-9);
        assertEquals(SvgChart.PLOT_HEIGHT / 2.0, SvgChart.barHeight(1, 2), 1e-9);
    }
}
