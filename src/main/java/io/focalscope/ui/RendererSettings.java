package io.focalscope.ui;

/**
 * JavaFX renderer settings the window starts with, set before its toolkit starts (Prism reads them
 * once) and only where the user has not set them.
 */
final class RendererSettings {

    /**
     * Dirty regions a pulse may repaint apart (JavaFX: 6 by default, 15 at most). A γ step changes
     * the γ controls, the map's rows, the key's header, the title and the figures: past 6 regions
     * Prism merged them, in a tenth of the pulses into one box across the window, 1,541 x 597 px
     * painted in 15–16 ms. With 12, none was merged so: the renderer's time a pulse fell from a
     * median of 14 ms (mean 14.4, 95th percentile 23) to 11 (12.2, 21) in `bench --window`.
     * Measured with the SW pipeline (Xvfb); on a GPU pipeline a region is one more clipped pass over
     * the few nodes it meets, not measured here.
     */
    static final String DIRTY_REGIONS = "12";

    private RendererSettings() {
    }

    static void apply() {
        System.getProperties().putIfAbsent("prism.dirtyregioncount", DIRTY_REGIONS);
    }
}
