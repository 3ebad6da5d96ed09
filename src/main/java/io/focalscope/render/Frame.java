package io.focalscope.render;

/**
 * One pane's picture, made off the JavaFX thread and ready to put on screen: the map's pixels, its
 * key (null where the pane shows none) and the range the values were coloured with.
 *
 * @param pixels    ARGB, {@code geometry.width() x geometry.height()}
 * @param key       ARGB, {@link ColorbarPainter#WIDTH} x {@code geometry.keyHeight()}, or null
 * @param dataRange from the smallest to the largest shown value
 * @param fitted    whether the automatic range was found on the values: not where none was shown (a
 *                  layer whose values come with a later evaluation is drawn first with a stand-in range)
 */
public record Frame(MapData data, ViewState view, PaneGeometry geometry, int[] pixels, int[] key, Range range,
                    Range dataRange, boolean fitted) {
}
