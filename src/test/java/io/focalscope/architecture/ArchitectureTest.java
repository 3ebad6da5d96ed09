package io.focalscope.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The maths and the file formats stay usable without a screen: no JavaFX below the UI. */
@AnalyzeClasses(packages = "io.focalscope", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule readersEngineAndReportsImportNoJavaFx = noClasses()
            .that().resideInAnyPackage("io.focalscope.io..", "io.focalscope.loss..", "io.focalscope.report..",
                    "io.focalscope.render..", "io.focalscope.classes..", "io.focalscope.session..", "io.focalscope.demo..",
                    "io.focalscope.cli..")
            .should().dependOnClassesThat().resideInAnyPackage("javafx..")
            .because("the engine, readers and rendering run headless from the CLI and tests");

    @ArchTest
    static final ArchRule nd4jStaysInsideTheEngine = noClasses()
            .that().resideOutsideOfPackage("io.focalscope.loss..")
            .should().dependOnClassesThat().resideInAnyPackage("org.nd4j..")
            .because("what leaves the engine is plain arrays and records");

    @ArchTest
    static final ArchRule viewModelsAndViewsStayInTheUi = noClasses()
            .that().resideOutsideOfPackage("io.focalscope.ui..")
            .and().resideOutsideOfPackage("io.focalscope.cli..")
            .should().dependOnClassesThat().resideInAnyPackage("io.focalscope.ui..")
            .because("only the command line starts the window; nothing below it knows the UI");

    @ArchTest
    static final ArchRule readersDoNotKnowTheEngine = noClasses()
            .that().resideInAnyPackage("io.focalscope.io..")
            .should().dependOnClassesThat().resideInAnyPackage("io.focalscope.loss..", "io.focalscope.cli..")
            .because("file formats stand alone");
}
