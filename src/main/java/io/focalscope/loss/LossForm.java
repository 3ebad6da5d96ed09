package io.focalscope.loss;

/** The two forms of the source post, for choosing which one a view shows. */
public enum LossForm {
    NLL("nll"),
    ONEHOT("onehot");

    private final String id;

    LossForm(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** This form's reduced loss in a result. */
    public double loss(LossResult r) {
        return this == NLL ? r.lossNll() : r.lossOnehot();
    }

    /** This form's per-pixel focal loss map. */
    public float[] map(PixelMaps maps) {
        return this == NLL ? maps.focalNll() : maps.focal();
    }

    /** This form's loss at one pixel (a readout's: no map is made for it). */
    public float at(PixelMaps maps, int p) {
        return maps.lossAt(p, this == NLL);
    }

    @Override
    public String toString() {
        return id;
    }
}
