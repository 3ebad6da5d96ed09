package io.focalscope.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The renderer's dirty-region count: the window's own unless the user set one. */
class RendererSettingsTest {

    private static final String KEY = "prism.dirtyregioncount";
    private String before;

    @BeforeEach
    void keep() {
        before = System.getProperty(KEY);
    }

    @AfterEach
    void restore() {
        if (before == null) {
            System.clearProperty(KEY);
        } else {
            System.setProperty(KEY, before);
        }
    }

    @Test
    void setsTwelveWhereNoneIsSet() {
        System.clearProperty(KEY);
        RendererSettings.apply();
        assertEquals("12", System.getProperty(KEY));
    }

    @Test
    void keepsTheUsersOwn() {
        System.setProperty(KEY, "3");
        RendererSettings.apply();
        assertEquals("3", System.getProperty(KEY));
    }
}
