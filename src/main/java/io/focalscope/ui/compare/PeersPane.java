package io.focalscope.ui.compare;

import io.focalscope.loss.LossTerm;
import io.focalscope.peers.Peer;
import io.focalscope.peers.PeerLosses;
import io.focalscope.ui.evaluation.Evaluation;
import java.util.Locale;
import java.util.Map;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The Peers tab: what kornia, MONAI, smp, mmseg, torchvision and Keras return for the open file at
 * the current γ, with their own defaults and reduction mean, each with the line that says how it
 * differs; and a toggle to draw the selected library's loss per pixel in the second pane.
 */
public final class PeersPane extends VBox {

    /** The table's header and about four of its rows: below it the tab scrolls. */
    static final double PEERS_TABLE_MIN_HEIGHT = 150;

    final TableView<PeerLosses.Value> table = new TableView<>();
    final CheckBox drawBeside = new CheckBox("Draw its loss per pixel beside ours");
    /** Whether the toggle itself is changing the second pane (which the toggle must not follow back). */
    private boolean applying;
    private final ComparisonViewModel compare;
    final Label ours = new Label("–");
    /** The selected library's call and how it differs, whole. */
    final Label selectedDetail = new Label("Select a library for its call and how it differs.");

    public PeersPane(ComparisonViewModel compare) {
        super(6);
        this.compare = compare;
        setId("peers-pane");
        table.setId("peers-table");
        table.setPlaceholder(new Label("Worked out while this tab is shown"));
        TableColumn<PeerLosses.Value, String> library = new TableColumn<>("library");
        library.setCellValueFactory(v -> new ReadOnlyObjectWrapper<>(v.getValue().peer().key()));
        library.setPrefWidth(100);
        library.setMinWidth(100);
        TableColumn<PeerLosses.Value, Double> value = new TableColumn<>("mean");
        value.setCellValueFactory(v -> new ReadOnlyObjectWrapper<>(v.getValue().value()));
        value.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(Double item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : item.isNaN() ? "n/a" : String.format(Locale.ROOT, "%.4g", item));
            }
        });
        value.setPrefWidth(80);
        value.setMinWidth(80);
        TableColumn<PeerLosses.Value, String> differs = new TableColumn<>("how it differs");
        differs.setCellValueFactory(v -> new ReadOnlyObjectWrapper<>(PeersPane.differs(v.getValue())));
        differs.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty ? null : item);
                setTooltip(empty || getTableRow() == null || getTableRow().getItem() == null ? null
                        : new Tooltip(getTableRow().getItem().call() + "\n" + item));
            }
        });
        differs.setPrefWidth(400);
        table.getColumns().setAll(java.util.List.of(library, value, differs));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        ours.setId("peers-ours");
        ours.setWrapText(true);
        drawBeside.setId("peers-draw");
        drawBeside.setWrapText(true);
        drawBeside.selectedProperty().addListener((o, was, now) -> {
            applying = true;
            try {
                choose(now);
            } finally {
                applying = false;
            }
        });
        table.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> {
            if (now != null && drawBeside.isSelected() && now.applicable()) {
                compare.peer.set(now.peer());
            }
            if (now != null) {
                selectedDetail.setText(now.peer().key() + ": " + now.call() + "\n" + differs(now));
            }
        });
        selectedDetail.setId("peers-detail");
        selectedDetail.setWrapText(true);
        selectedDetail.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        // the toggle follows the second pane's own controls (not the changes it makes itself)
        javafx.beans.InvalidationListener follow = x -> {
            if (!applying) {
                drawBeside.setSelected(compare.secondShows.get() == ComparisonViewModel.SecondPane.PEER && compare.sideBySide.get());
            }
        };
        compare.secondShows.addListener(follow);
        compare.sideBySide.addListener(follow);
        VBox.setVgrow(table, Priority.ALWAYS);
        table.setMinHeight(PEERS_TABLE_MIN_HEIGHT);
        getChildren().addAll(ours, table, selectedDetail, drawBeside);
    }

    /** Shows the selected library's loss in the second pane, or takes the pane away. */
    private void choose(boolean beside) {
        if (beside) {
            PeerLosses.Value selected = table.getSelectionModel().getSelectedItem();
            compare.peer.set(selected != null && selected.applicable() ? selected.peer() : firstApplicable());
            // what the pane shows before it opens: else it opens on the previous choice, a second evaluation
            compare.secondShows.set(ComparisonViewModel.SecondPane.PEER);
            compare.sideBySide.set(true);
        } else if (compare.secondShows.get() == ComparisonViewModel.SecondPane.PEER) {
            // the pane goes first: else it would work out the same layer at γ₂ on its way out
            compare.sideBySide.set(false);
            compare.secondShows.set(ComparisonViewModel.SecondPane.SAME_LAYER);
        }
    }

    /**
     * What the libraries return for an evaluation (worked out while the tab is shown), beside
     * focalscope's figure; for a term other than focal loss, why they are not compared.
     */
    public void show(Evaluation e) {
        if (e != null && !(e.result().term() instanceof LossTerm.Focal)) {
            notComparable("The libraries compute focal loss: choose the Focal term to compare them with focalscope's.");
        } else if (e != null) {
            var r = e.result();
            show(e.peers(), String.format(Locale.ROOT, "focalscope: %.6g (%s, %s, %s)", r.lossOnehot(),
                    r.activation(), r.reduction(), r.term().gammaText("γ")));
        }
    }

    /** Says why no library is compared, and shows none. */
    private void notComparable(String why) {
        ours.setText(why);
        table.getItems().clear();
    }

    /** The libraries' values for the shown evaluation; the selection stays on its library. */
    private void show(Map<Peer, PeerLosses.Value> peers, String focalscope) {
        ours.setText(focalscope);
        if (peers == null) {
            return;
        }
        PeerLosses.Value selected = table.getSelectionModel().getSelectedItem();
        table.setItems(FXCollections.observableArrayList(peers.values()));
        table.getSelectionModel().select(selected != null ? peers.get(selected.peer()) : peers.get(firstApplicable()));
        PeerLosses.Value drawn = peers.get(compare.peer.get());
        if (drawBeside.isSelected() && drawn != null && !drawn.applicable()) {
            drawBeside.setSelected(false); // the library drawn beside cannot be called on the new inputs
        }
    }

    /** The first library shown that can be called on the inputs (kornia for a class index map). */
    private Peer firstApplicable() {
        return table.getItems().stream().filter(PeerLosses.Value::applicable).map(PeerLosses.Value::peer).findFirst()
                .orElse(Peer.KORNIA);
    }

    /** How a library differs, or why it cannot be called on these inputs. */
    public static String differs(PeerLosses.Value v) {
        return v.applicable() ? v.differs() : "cannot be called on these inputs: " + v.notApplicable();
    }
}
