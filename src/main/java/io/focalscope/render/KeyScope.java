package io.focalscope.render;

/**
 * What a colour key serves besides its own pane's map: nothing, the same map at a second γ, or a
 * library's loss drawn on the same scale (named in the key's title).
 *
 * @param secondGamma the key serves two panes, at γ and at the data's second γ
 * @param library     the library whose loss the other pane shows, or null
 */
public record KeyScope(boolean secondGamma, String library) {

    public static final KeyScope OWN = new KeyScope(false, null);
    public static final KeyScope BOTH_GAMMAS = new KeyScope(true, null);

    public static KeyScope withLibrary(String name) {
        return new KeyScope(false, name);
    }
}
