package io.focalscope.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.properties.HasName;
import com.tngtech.archunit.core.domain.properties.HasOwner;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The maths and the file formats stay usable without a screen: no JavaFX below the UI. */
@AnalyzeClasses(packages = "io.focalscope", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule readersEngineAndReportsImportNoJavaFx = noClasses()
            .that().resideInAnyPackage("io.focalscope.io..", "io.focalscope.loss..", "io.focalscope.report..",
                    "io.focalscope.render..", "io.focalscope.classes..", "io.focalscope.session..", "io.focalscope.dataset..", "io.focalscope.peers..", "io.focalscope.demo..",
                    "io.focalscope.cli..", "io.focalscope.options..", "io.focalscope.spark..")
            .should().dependOnClassesThat().resideInAnyPackage("javafx..")
            .because("the engine, readers and rendering run headless from the CLI and tests");

    /**
     * View models (and what they hand the views) use JavaFX's properties and collections only, and
     * take their executor: they are tested without a toolkit (JabRef's pattern).
     */
    @ArchTest
    static final ArchRule viewModelsKnowOnlyPropertiesAndCollections = noClasses()
            .that().haveSimpleNameEndingWith("ViewModel")
            .or().haveSimpleNameStartingWith("ChartData").or().haveSimpleNameStartingWith("FrameRequest")
            .or(com.tngtech.archunit.base.DescribedPredicate.describe("the task package but its JavaFX executor",
                    (JavaClass c) -> c.getPackageName().equals("io.focalscope.ui.task") && !c.getName().startsWith("io.focalscope.ui.task.FxTaskExecutor")))
            .or().resideInAPackage("io.focalscope.ui.evaluation..")
            .should().dependOnClassesThat().resideInAnyPackage("javafx.scene..", "javafx.application..", "javafx.concurrent..",
                    "javafx.stage..", "javafx.embed..")
            .because("view models bind the views' state and commands; drawing and threads belong to the views and executors");

    /**
     * The window by feature, top down: the shell ({@code io.focalscope.ui}: the app, MainView, its
     * menus and dialogs, bench --window) puts the features together; the inspector ties their view
     * models to the open file; the features ({@code map}, {@code charts}, {@code compare},
     * {@code dataset}, {@code export}, {@code training}) use one another only downward (export the map, the dataset tab
     * the charts, the map the second pane's comparison: the cycles rule keeps it so); below them all,
     * what they share: {@code settings} (the loss settings, the control pieces, preferences), the
     * {@code evaluation} the worker hands them and the {@code task} executor. Nothing reaches up.
     */
    @ArchTest
    static final ArchRule theUiDependsDownward = layeredArchitecture().consideringOnlyDependenciesInLayers()
            .layer("shell").definedBy("io.focalscope.ui")
            .layer("inspector").definedBy("io.focalscope.ui.inspector..")
            .layer("features").definedBy("io.focalscope.ui.map..", "io.focalscope.ui.charts..", "io.focalscope.ui.compare..",
                    "io.focalscope.ui.dataset..", "io.focalscope.ui.export..", "io.focalscope.ui.training..")
            .layer("shared").definedBy("io.focalscope.ui.settings..", "io.focalscope.ui.evaluation..", "io.focalscope.ui.task..",
                    "io.focalscope.ui.controls..")
            .whereLayer("shell").mayNotBeAccessedByAnyLayer()
            .whereLayer("inspector").mayOnlyBeAccessedByLayers("shell")
            .whereLayer("features").mayOnlyBeAccessedByLayers("inspector", "shell")
            .whereLayer("shared").mayOnlyBeAccessedByLayers("features", "inspector", "shell")
            .because("the shell assembles the features, and no package knows one above it");

    /**
     * The packages in five layers, each using only those below it (docs/architecture.md): the front
     * ends (the command line, the window, the Spark jobs); what they share to reach the engine (the
     * options, checked once; the reports; the session); the features (datasets, label issues,
     * calibration, the peers, rendering, the demo, training dynamics); the loss engine; and the foundation (files,
     * class lists, numerics). Within a layer, packages may use one another as long as no two need
     * each other ({@link #packagesAreFreeOfCycles}).
     */
    @ArchTest
    static final ArchRule thePackagesDependDownward = layeredArchitecture().consideringOnlyDependenciesInLayers()
            .layer("front ends").definedBy("io.focalscope.cli..", "io.focalscope.ui..", "io.focalscope.spark..")
            .layer("shared by the front ends").definedBy("io.focalscope.options..", "io.focalscope.report..", "io.focalscope.session..")
            .layer("features").definedBy("io.focalscope.dataset..", "io.focalscope.labels..", "io.focalscope.calibration..",
                    "io.focalscope.peers..", "io.focalscope.render..", "io.focalscope.demo..", "io.focalscope.dynamics..")
            .layer("engine").definedBy("io.focalscope.loss..")
            .layer("foundation").definedBy("io.focalscope.io..", "io.focalscope.classes..", "io.focalscope.numeric..")
            .whereLayer("front ends").mayNotBeAccessedByAnyLayer()
            .whereLayer("shared by the front ends").mayOnlyBeAccessedByLayers("front ends")
            .whereLayer("features").mayOnlyBeAccessedByLayers("front ends", "shared by the front ends")
            .whereLayer("engine").mayOnlyBeAccessedByLayers("front ends", "shared by the front ends", "features")
            .whereLayer("foundation").mayOnlyBeAccessedByLayers("front ends", "shared by the front ends", "features", "engine")
            .because("each layer builds on the ones below; nothing reaches up (docs/architecture.md)");

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

    /**
     * ND4J's host views ({@code data()}, {@code toFloatVector()}, {@code getDouble()}...) are copies
     * on the CUDA backend, and writes through them may never reach the device: inside the ND4J
     * path every step is an op, and only {@code HostCopy} takes finished results to the host.
     */
    @ArchTest
    static final ArchRule theNd4jPathReadsTheDeviceOnlyThroughHostCopy = noClasses()
            .that().resideInAPackage("io.focalscope.loss.nd4j..")
            .and().doNotHaveSimpleName("HostCopy")
            .should().callMethodWhere(JavaCall.Predicates.target(HasOwner.Predicates.With.owner(
                    JavaClass.Predicates.assignableTo(INDArray.class)))
                    .and(JavaCall.Predicates.target(HasName.Predicates.nameMatching(
                            "data|to(Float|Double|Int|Long)(Vector|Matrix)|get(Double|Float|Int|Long|Scalar)|put(Scalar)?|"
                                    + "(sum|mean|max|min|amax|amin|norm1|norm2)Number|toString"))))
            .orShould().dependOnClassesThat().areAssignableTo(DataBuffer.class)
            .because("on the CUDA backend host views are copies; the ND4J path must be sound on a GPU");

    /**
     * No two packages need each other: in particular {@code loss} knows neither of its engines
     * ({@code loss.engines} picks one), and the engines know only {@code loss}.
     */
    @ArchTest
    static final ArchRule packagesAreFreeOfCycles = slices().matching("io.focalscope.(**)").should().beFreeOfCycles();

    /** An engine implements loss's interfaces and knows nothing above it, nor the other engine. */
    @ArchTest
    static final ArchRule theCpuEngineKnowsOnlyTheLossPackage = classes()
            .that().resideInAPackage("io.focalscope.loss.cpu..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("io.focalscope.loss", "io.focalscope.loss.cpu..",
                    "io.focalscope.io", "java..", "jdk.incubator.vector..")
            .because("adding a loss term touches the term, its options and its tests, not the route to an engine");

    @ArchTest
    static final ArchRule theNd4jEngineKnowsOnlyTheLossPackage = classes()
            .that().resideInAPackage("io.focalscope.loss.nd4j..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("io.focalscope.loss", "io.focalscope.loss.nd4j..",
                    "io.focalscope.io", "io.focalscope", "java..", "org.nd4j..")
            .because("adding a loss term touches the term, its options and its tests, not the route to an engine");

    /**
     * The CPU kernel's exp and log are its own ({@code VectorLanes}): the Vector API's transcendental
     * operators round one way compiled and another interpreted, so a pixel's value would depend on
     * whether its thread got there before the JIT (CompiledOrInterpretedTest).
     */
    @ArchTest
    static final ArchRule theCpuKernelUsesNoTranscendentalOperatorOfTheVectorApi = noClasses()
            .that().resideInAPackage("io.focalscope.loss.cpu..")
            .should().accessField(jdk.incubator.vector.VectorOperators.class, "EXP")
            .orShould().accessField(jdk.incubator.vector.VectorOperators.class, "LOG")
            .orShould().accessField(jdk.incubator.vector.VectorOperators.class, "LOG1P")
            .orShould().accessField(jdk.incubator.vector.VectorOperators.class, "EXPM1")
            .orShould().accessField(jdk.incubator.vector.VectorOperators.class, "POW")
            .orShould().accessField(jdk.incubator.vector.VectorOperators.class, "TANH")
            .because("results must not depend on thread timing: the same maps run after run");

    @ArchTest
    static final ArchRule sparkJobsDoNotImportTheCommandLine = noClasses()
            .that().resideInAPackage("io.focalscope.spark..")
            .should().dependOnClassesThat().resideInAPackage("io.focalscope.cli..")
            .because("the jobs and the commands share their options through io.focalscope.options");

    @ArchTest
    static final ArchRule readersDoNotKnowTheEngine = noClasses()
            .that().resideInAnyPackage("io.focalscope.io..")
            .should().dependOnClassesThat().resideInAnyPackage("io.focalscope.loss..", "io.focalscope.cli..")
            .because("file formats stand alone");
}
