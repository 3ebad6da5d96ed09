package io.focalscope.dynamics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NaturalOrderTest {

    @Test
    void numbersCompareByValueAndTextAsText() {
        List<String> names = new ArrayList<>(List.of("epoch_10", "epoch_2", "epoch_1", "epoch_002", "best", "epoch_9b", "epoch_9a",
                "epoch_100000000000000000000", "epoch_99999999999999999999"));
        names.sort(NaturalOrder.INSTANCE);
        assertEquals(List.of("best", "epoch_1", "epoch_002", "epoch_2", "epoch_9a", "epoch_9b", "epoch_10",
                "epoch_99999999999999999999", "epoch_100000000000000000000"), names);
    }
}
