package io.focalscope.ui.charts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The class charts' value axis, written short so that the classes' axis keeps room for every name. */
class ClassBarChartTest {

    @Test
    void ticksInAtMostFourCharacters() {
        assertEquals("0", ClassBarChart.compact(0));
        assertEquals("0.25", ClassBarChart.compact(0.25));
        assertEquals("1.25", ClassBarChart.compact(1.25));
        assertEquals("500", ClassBarChart.compact(500));
        assertEquals("2.5k", ClassBarChart.compact(2500));
        assertEquals("50k", ClassBarChart.compact(50_000));
        assertEquals("400k", ClassBarChart.compact(400_000));
        assertEquals("1.5M", ClassBarChart.compact(1_500_000));
        assertEquals("12M", ClassBarChart.compact(12_000_000));
    }
}
