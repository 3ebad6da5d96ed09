package io.focalscope.classes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The class-file formats as docs/class-files.md shows them, and the warning for a file short of classes. */
class ClassFilesTest {

    @TempDir
    Path tmp;

    @Test
    void everyExampleInTheDocsReadsAsItSays() throws IOException {
        String doc = Files.readString(Path.of("docs/class-files.md"));
        Matcher block = Pattern.compile("```(json|csv)\\n(.*?)```", Pattern.DOTALL).matcher(doc);
        List<String> formats = new ArrayList<>();
        while (block.find()) {
            Path file = tmp.resolve("example" + formats.size() + "." + block.group(1));
            Files.writeString(file, block.group(2));
            ClassSet set = ClassSetReader.read(file);
            formats.add(block.group(1));
            assertEquals(List.of("road", "sidewalk", "car"), set.names(), file.toString());
            boolean coloured = !block.group(2).startsWith("[");
            assertEquals(List.of(coloured ? 0x804080 : ClassSet.generatedColor(0), coloured ? 0xf423e8 : ClassSet.generatedColor(1),
                    ClassSet.generatedColor(2)), set.colors(), file.toString());
        }
        assertEquals(List.of("json", "json", "csv"), formats);
    }

    @Test
    void aSetShortOfTheLogitsClassesSaysWhichAreNumbered() {
        ClassSet three = new ClassSet("t", List.of("road", "sidewalk", "car"), List.of(1, 2, 3));
        assertEquals(Optional.of("classes.json: names 3 classes, the logits have 19: classes 3..18 are numbered"),
                three.shortfall("classes.json", 19));
        assertEquals(Optional.of("classes.json: names 3 classes, the logits have 4: class 3 is numbered"),
                three.shortfall("classes.json", 4));
        ClassSet one = new ClassSet("o", List.of("road"), List.of(1));
        assertEquals(Optional.of("c.csv: names 1 class, the logits have 2: class 1 is numbered"), one.shortfall("c.csv", 2));
        assertEquals(Optional.empty(), three.shortfall("classes.json", 3));
        assertEquals(Optional.empty(), three.shortfall("classes.json", 2));
    }

    /** A dataset of 5 classes is coloured as the inspector colours a 5-class file, not with the open file's 19 Cityscapes colours. */
    @Test
    void anotherCountsClassesGiveWayToNumberedOnes() throws IOException {
        ClassSet cityscapes = ClassSetReader.read(Path.of("assets/classes/cityscapes.json"));
        ClassSet five = cityscapes.orNumbered(5);
        assertEquals(ClassSet.numbered(5).colors(), five.colors());
        assertEquals(List.of(ClassSet.generatedColor(0), ClassSet.generatedColor(1)), five.colors().subList(0, 2));
        assertEquals(cityscapes, cityscapes.orNumbered(19));
    }
}
