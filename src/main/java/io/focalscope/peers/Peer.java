package io.focalscope.peers;

/**
 * Another library's focal loss, as its current source computes it with its own defaults and
 * reduction {@code mean}, on the same logits and class-index labels (tools/peers_reference.py
 * reimplements each in torch, checked against the constants of that library's own tests; the
 * command line's page, docs/command-line.md, cites the files). Each is a sum of per-pixel contributions (the per-pixel map) over a
 * denominator.
 */
public enum Peer {
    KORNIA("kornia", "kornia.losses.focal_loss(pred, target, alpha=None, gamma=γ, reduction='mean', ignore_index=I)",
            "softmax like focalscope, but the mean is over N·C·H·W (C times smaller, ignored pixels counted as zeros),"
                    + " and its one-hot gives every other class 1e-6, which adds 1e-6·(1-p_c)^γ·(-log p_c) per class"),
    MONAI("monai", "monai.losses.FocalLoss(gamma=γ)(pred, one_hot(target))",
            "sigmoid per class channel, no α, mean over N·C·H·W; ignored pixels are all-zero one-hot rows, so they"
                    + " count as negatives in every channel; computed in float32"),
    MONAI_SOFTMAX("monaiSoftmax", "monai.losses.FocalLoss(gamma=γ, use_softmax=True)(pred, one_hot(target))",
            "softmax like focalscope, but the mean is over N·C·H·W with ignored pixels counted as zeros; computed in float32"),
    SMP("smp", "segmentation_models_pytorch.losses.FocalLoss(mode='multiclass', gamma=γ, ignore_index=I)",
            "sigmoid one-vs-rest per class, no α, the mean over the labelled pixels of each class's channel, then over"
                    + " the classes"),
    MMSEG("mmseg", "mmseg FocalLoss(gamma=γ)(pred, target, ignore_index=I)",
            "sigmoid one-vs-rest with α 0.5 on positives and negatives alike, mean over N·C·H·W with ignored pixels as zeros"),
    TORCHVISION("torchvision", "torchvision.ops.sigmoid_focal_loss(pred, one_hot(target), alpha=0.25, gamma=γ,"
            + " reduction='mean') on the labelled pixels",
            "sigmoid one-vs-rest with α 0.25 on positives and 0.75 on negatives, mean over the labelled pixels' C channels"),
    KERAS("keras", "keras.losses.CategoricalFocalCrossentropy(from_logits=True, gamma=γ)(one_hot(target), pred)",
            "softmax with a constant α 0.25, p clipped to [1e-7, 1 - 1e-7] (so -log p_t stops at 16.1), mean over"
                    + " all N·H·W pixels with ignored pixels as zeros");

    private final String key;
    private final String call;
    private final String differs;

    Peer(String key, String call, String differs) {
        this.key = key;
        this.call = call;
        this.differs = differs;
    }

    /** Its key in the JSON's {@code peers}. */
    public String key() {
        return key;
    }

    /** How the library is called, γ and the ignore index written in. */
    public String call(double gamma, Integer ignoreIndex) {
        return fill(call, gamma, ignoreIndex);
    }

    /** One line: how its {@code mean} differs from focalscope's (softmax, Σ α_y l / labelled pixels). */
    public String differs() {
        return differs;
    }

    /**
     * How the library is called on binary ({@code [N,1,H,W]} logits, 0/1 labels) or multi-label
     * ({@code [N,C,H,W]} 0/1 masks) inputs; null for the softmax libraries, which have no such mode.
     */
    public String sigmoidCall(boolean multiLabel, double gamma, Integer ignoreIndex) {
        String c = switch (this) {
            case TORCHVISION -> "torchvision.ops.sigmoid_focal_loss(pred, target, alpha=0.25, gamma=γ, reduction='mean') on the"
                    + " labelled elements";
            case MONAI -> "monai.losses.FocalLoss(gamma=γ)(pred, target)";
            case SMP -> multiLabel ? "segmentation_models_pytorch.losses.FocalLoss(mode='multilabel', gamma=γ)"
                    : "segmentation_models_pytorch.losses.FocalLoss(mode='binary', gamma=γ, ignore_index=I)";
            case MMSEG -> "mmseg FocalLoss(gamma=γ)(pred, target as [N,C,H,W] masks)";
            default -> null;
        };
        return c == null ? null : fill(c, gamma, ignoreIndex);
    }

    /** One line: how its {@code mean} on binary or multi-label inputs differs from focalscope's (sigmoid, α 0.25). */
    public String sigmoidDiffers(boolean multiLabel) {
        return switch (this) {
            case TORCHVISION -> "as focalscope's sigmoid loss with α 0.25 and no class weights: the mean over the labelled elements";
            case MONAI -> "no α, the mean over every element, an ignored one counted as a negative (MONAI takes no ignore"
                    + " index); computed in float32";
            case SMP -> multiLabel ? "no α, the mean of each channel's mean over its pixels (its multilabel mode takes no"
                    + " ignore index)" : "no α, the mean over the labelled elements";
            case MMSEG -> "α 0.5 on positives and negatives alike, the mean over every element";
            default -> null;
        };
    }

    private String fill(String template, double gamma, Integer ignoreIndex) {
        String g = gamma == Math.rint(gamma) ? (long) gamma + ".0" : Double.toString(gamma);
        return template.replace("γ", g).replace("=I", "=" + (ignoreIndex == null ? "None" : ignoreIndex));
    }
}
